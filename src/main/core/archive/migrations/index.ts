import type { Migration } from '../migrate'
import { initial } from './001_initial'
import { phoneKeys } from './002_phone_keys'
import { transcripts } from './003_transcripts'
import { dailyRollup } from './004_daily_rollup'
import { wordPairs } from './005_word_pairs'

/** Every migration, in order. Append only: a released migration never changes. */
export const MIGRATIONS: readonly Migration[] = [
  initial,
  phoneKeys,
  transcripts,
  dailyRollup,
  wordPairs
]
