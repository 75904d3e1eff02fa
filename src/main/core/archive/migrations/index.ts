import type { Migration } from '../migrate'
import { initial } from './001_initial'

/** Every migration, in order. Append only: a released migration never changes. */
export const MIGRATIONS: readonly Migration[] = [initial]
