import type { TranscriptMessage } from '../types'
import { foldedWords, spaceOutLetters } from './textTokens'
import { wordPairs } from './wordPairs'

/**
 * How a transcript's messages are stored (migration 003): keyed by the conversation's rowid
 * times 2^20 plus the message's position, the role as a number where it is a known one.
 */
const POSITIONS = 2 ** 20

/** The most messages one transcript can hold: far more than any conversation has. */
export const MAX_MESSAGES = POSITIONS

/** The keys of one conversation's messages: [from, to). */
export function messageKeys(conversationRowid: number): { from: number; to: number } {
  return { from: conversationRowid * POSITIONS, to: (conversationRowid + 1) * POSITIONS }
}

export function messageKey(conversationRowid: number, position: number): number {
  return conversationRowid * POSITIONS + position
}

export function positionOf(key: number): number {
  return key % POSITIONS
}

/** The two roles the API documents, stored as numbers (no bytes on disk); others as text. */
const ROLE_CODES: readonly string[] = ['user', 'assistant']

export type StoredRole = number | string

export function encodeRole(role: string): StoredRole {
  const code = ROLE_CODES.indexOf(role)
  return code === -1 ? role : code
}

export function decodeRole(role: StoredRole): string {
  return typeof role === 'number' ? (ROLE_CODES[role] ?? String(role)) : role
}

export interface MessageRow {
  key: number
  role: StoredRole
  content: string
  function_calls_json: string | null
}

export function toMessage(row: MessageRow): TranscriptMessage {
  const message: TranscriptMessage = { role: decodeRole(row.role), content: row.content }
  if (row.function_calls_json !== null) {
    message.function_calls = JSON.parse(row.function_calls_json) as unknown[]
  }
  return message
}

/**
 * Between two messages in a transcript's document: a private-use letter, a word to unicode61
 * that no search ever contains (ftsQuery.ts drops private-use characters from what is typed), so
 * a phrase cannot run from the end of one message into the next. About 2 bytes a message.
 */
export const MESSAGE_BREAK = '\uE000'

/**
 * The text a transcript is indexed as (the transcripts_fts table of migration 003): its messages,
 * then each message's word pairs (wordPairs.ts), MESSAGE_BREAK between any two, so that neither
 * a phrase of words nor one of pairs runs from one message into the next.
 */
export function transcriptDocument(messages: readonly { content: string }[]): string {
  const texts = messages.map((message) => spaceOutLetters(message.content))
  const pairs = messages
    .map((message) => wordPairs(foldedWords(message.content)).join(' '))
    .filter((run) => run !== '')
  return [...texts, ...pairs].join(` ${MESSAGE_BREAK} `)
}
