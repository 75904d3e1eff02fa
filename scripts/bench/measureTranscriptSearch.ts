import Database from 'better-sqlite3'
import type { Archive, SearchQuery } from '../../src/main/core'
import { messageKeys } from '../../src/main/core/archive/transcriptRows'
import type { PhoneQuery } from './phoneQueries'
import { between, pickFrom, seededRandom } from './random'
import { percentile, sampleWithinBudget, timeMs } from './statistics'
import { SERVICE_RANKS, VOCABULARY_SIZE, vocabulary } from './transcriptText'

/** The kinds of text search timed, each over its own queries. */
export type TextQueryKind = 'twoWords' | 'phrase' | 'commonWord' | 'rareWord' | 'wordsAndPhone'

export interface TextQueryFigures {
  queries: number
  p50Ms: number
  p95Ms: number
  /** Queries that filled the page of 50: the others read every match there is. */
  fullPages: number
  slowest: { query: string; ms: number }
}

export type TranscriptSearchFigures = Record<TextQueryKind, TextQueryFigures>

const PAGE = 50
const QUERIES: Record<TextQueryKind, number> = {
  twoWords: 200,
  phrase: 200,
  commonWord: 100,
  rareWord: 100,
  wordsAndPhone: 100
}
/** Per kind: a slow kind cannot stretch a run by more than this. */
const BUDGET_MS = 60_000
const WARM_UP = 5

let ranks: Map<string, number> | null = null
/** Each word's rank in the vocabulary: made on first use, as the vocabulary is. */
function rankOf(word: string): number | undefined {
  ranks ??= new Map(vocabulary().map((w, rank) => [w, rank]))
  return ranks.get(word)
}
const WORD = /[\p{L}\p{N}]+/gu
const ACCENTS = /[\u0300-\u036f]/g

/** Half the time typed without accents, as people type on a phone: the search folds them. */
function asTyped(random: () => number, word: string): string {
  const lower = word.toLowerCase()
  return random() < 0.5 ? lower.normalize('NFD').replace(ACCENTS, '').normalize('NFC') : lower
}

/** A word people would look for: not a function word, not an order number, 3 letters or more. */
function isContentWord(word: string): boolean {
  const rank = rankOf(word.toLowerCase())
  return rank !== undefined && rank >= SERVICE_RANKS.from && word.length >= 3
}

/**
 * Queries as people search their transcripts: words of a message they remember, taken from
 * random archived messages. Two words of one message (both typed whole; the search also
 * matches words they begin); a quoted phrase of two or three words in a row; one of the
 * vocabulary's most common words (ranks below SERVICE_RANKS.to, in most transcripts); one of its
 * rarest half (a few hundred transcripts in ten million messages); and two words with a
 * fragment of a customer's phone number.
 */
export function buildTextQueries(
  file: string,
  phones: readonly PhoneQuery[],
  seed: number
): Record<TextQueryKind, SearchQuery[]> {
  const random = seededRandom(seed)
  const db = new Database(file, { readonly: true })
  try {
    const range = db
      .prepare<[], { low: number; high: number }>(
        'SELECT min(conversation_rowid) AS low, max(conversation_rowid) AS high FROM transcripts WHERE doc_key IS NOT NULL'
      )
      .get()
    const transcriptAt = db
      .prepare<[number], number>(
        'SELECT conversation_rowid FROM transcripts WHERE conversation_rowid >= ? AND doc_key IS NOT NULL ORDER BY conversation_rowid LIMIT 1'
      )
      .pluck()
    const contents = db
      .prepare<[number, number], string>(
        'SELECT content FROM transcript_messages WHERE key >= ? AND key < ?'
      )
      .pluck()
    if (!range || range.high === null) throw new Error('The archive holds no transcript.')

    /** The words of a random archived message. */
    const randomMessage = (): string[] => {
      const rowid = transcriptAt.get(between(random, range.low, range.high))!
      const keys = messageKeys(rowid)
      const messages = contents.all(keys.from, keys.to)
      return pickFrom(random, messages).match(WORD) ?? []
    }
    const collect = (count: number, make: () => string | null): string[] => {
      const made: string[] = []
      for (let attempt = 0; made.length < count && attempt < count * 100; attempt++) {
        const query = make()
        if (query !== null) made.push(query)
      }
      return made
    }

    const twoWords = (): string | null => {
      const words = [...new Set(randomMessage().filter(isContentWord))]
      if (words.length < 2) return null
      const first = words.splice(Math.floor(random() * words.length), 1)[0]
      return `${asTyped(random, first)} ${asTyped(random, pickFrom(random, words))}`
    }
    const phrase = (): string | null => {
      const words = randomMessage()
      const length = random() < 0.5 ? 2 : 3
      if (words.length < length) return null
      const start = Math.floor(random() * (words.length - length + 1))
      const run = words.slice(start, start + length)
      if (!run.some(isContentWord)) return null
      return `"${run.map((word) => asTyped(random, word)).join(' ')}"`
    }
    const ranked = (from: number, to: number) => (): string | null => {
      const word = vocabulary()[between(random, from, to - 1)]
      return word.length >= 3 ? asTyped(random, word) : null
    }

    const text = {
      twoWords: collect(QUERIES.twoWords, twoWords),
      phrase: collect(QUERIES.phrase, phrase),
      commonWord: collect(QUERIES.commonWord, ranked(0, SERVICE_RANKS.to)),
      rareWord: collect(QUERIES.rareWord, ranked(VOCABULARY_SIZE / 2, VOCABULARY_SIZE)),
      wordsAndPhone: collect(QUERIES.wordsAndPhone, twoWords)
    }
    const page = (query: SearchQuery): SearchQuery => ({ ...query, limit: PAGE })
    return {
      twoWords: text.twoWords.map((t) => page({ text: t })),
      phrase: text.phrase.map((t) => page({ text: t })),
      commonWord: text.commonWord.map((t) => page({ text: t })),
      rareWord: text.rareWord.map((t) => page({ text: t })),
      wordsAndPhone: text.wordsAndPhone.map((t, i) =>
        page({ text: t, phone: phones[i % phones.length].typed })
      )
    }
  } finally {
    db.close()
  }
}

function describe(query: SearchQuery): string {
  return query.phone === undefined ? String(query.text) : `${query.text} + phone ${query.phone}`
}

/**
 * Each kind's queries through archive.search, newest 50, as the window asks for a page (the
 * window's reader thread runs this same call on a connection of its own), snippets included.
 */
export function measureTranscriptSearch(
  archive: Archive,
  queries: Record<TextQueryKind, SearchQuery[]>
): TranscriptSearchFigures {
  const figures = {} as TranscriptSearchFigures
  for (const kind of Object.keys(queries) as TextQueryKind[]) {
    const list = queries[kind]
    // Statements are prepared on first use; the app pays that once, not per query.
    for (const query of list.slice(0, WARM_UP)) archive.search(query)
    let fullPages = 0
    let slowest = { query: '', ms: 0 }
    const samples = sampleWithinBudget(list, BUDGET_MS, (query) => {
      let rows = 0
      const ms = timeMs(() => {
        rows = archive.search(query).conversations.length
      })
      if (rows === PAGE) fullPages++
      if (ms > slowest.ms) slowest = { query: describe(query), ms }
      return ms
    })
    figures[kind] = {
      queries: samples.length,
      p50Ms: percentile(samples, 50),
      p95Ms: percentile(samples, 95),
      fullPages,
      slowest
    }
  }
  return figures
}
