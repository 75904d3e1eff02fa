import type { TranscriptMessage } from '../../src/main/core'
import { seededRandom } from './random'

/**
 * Chat messages for the transcript benchmark, fast and deterministic: words drawn from a
 * vocabulary of VOCABULARY_SIZE with Zipf's law (the word of rank r about 1/r as often as the
 * first), as in natural text, so a few words are in every transcript and most in a handful.
 * The first ranks are real English words (function words, then the words of customer service),
 * the rest made of syllables; about one word in eight of those carries a Latin accent
 * (`señor`-like, so that folding is exercised); one message in 25 names an order number (a
 * word of digits nearly unique to it), one in 50 ends with an emoji, and one assistant message
 * in ten carries a function call, as the API sends them.
 *
 * The mock API's generator (src/main/core/mockApi/generateTranscript.ts) builds transcripts
 * from a few dozen fixed lines per language: right for tests, but every word of it is in a
 * large share of all transcripts, which would leave the search's rare and phrase paths
 * untried at scale.
 */

export const VOCABULARY_SIZE = 100_000
/** Messages are drawn at a length from MESSAGE_MIN to MESSAGE_MAX characters; see messageText. */
const MESSAGE_MIN = 36
const MESSAGE_MAX = 194

const FUNCTION_WORDS = `the to i you and a is it for of my your can in that we this be have
  on me with do not are will what at so if but our just please as there or an get all
  would was no yes from they one about how know like when could ok up thanks out need
  any us more time help here now hi also has then did see which some been want let its
  hello okay back sure still them by am were tell day today much very only new again`
  .split(/\s+/)
  .filter((word) => word !== '')

const SERVICE_WORDS = `order appointment delivery refund account payment invoice booking
  price plan call email phone number address service support customer problem question
  week tomorrow monday tuesday wednesday thursday friday saturday sunday morning afternoon
  evening office store package shipping tracking return cancel change confirm confirmation
  available schedule reschedule subscription premium annual monthly discount code card bank
  transfer receipt contract agent manager team colleague message chat website app login
  password reset update status problem issue error fixed waiting minutes hours days price
  cost total charge charged twice credit balance voucher coupon offer trial upgrade
  downgrade cancelled delivered shipped arrived missing damaged replacement warranty repair
  technician visit installation internet router signal network outage bill billing
  insurance policy claim doctor clinic dentist reservation table room hotel flight ticket
  seat luggage pickup driver car rental location branch opening closing holiday weekend
  lighthouse harbour garden kitchen bathroom window door heating water electricity meter`
  .split(/\s+/)
  .filter((word, i, all) => word !== '' && all.indexOf(word) === i)

const ONSETS = [
  'b',
  'c',
  'd',
  'f',
  'g',
  'h',
  'j',
  'k',
  'l',
  'm',
  'n',
  'p',
  'r',
  's',
  't',
  'v',
  'z',
  'br',
  'ch',
  'cl',
  'dr',
  'gr',
  'pl',
  'pr',
  'qu',
  'sh',
  'st',
  'tr',
  'sch',
  ''
]
const VOWELS = ['a', 'e', 'i', 'o', 'u', 'a', 'e', 'o', 'ai', 'ou', 'ie', 'ea']
const CODAS = ['', '', '', 'n', 'r', 's', 'l', 'm', 't', 'nd', 'rt', 'st']
/** Accented vowels and letters of Spanish, French, German and Portuguese. */
const ACCENTED: Readonly<Record<string, readonly string[]>> = {
  a: ['á', 'à', 'â', 'ã', 'ä'],
  e: ['é', 'è', 'ê', 'ë'],
  i: ['í', 'î', 'ï'],
  o: ['ó', 'ô', 'õ', 'ö'],
  u: ['ú', 'ü', 'û'],
  n: ['ñ'],
  c: ['ç']
}
const EMOJI = ['😊', '🙏', '👍', '📦', '📅', '🙌', '😞', '☀️']

/** A made-up word for a rank: deterministic, mostly unique, 3 to 12 letters. */
function syntheticWord(rank: number): string {
  const draw = seededRandom(rank * 2_654_435_761)
  const syllables = 1 + Math.floor(draw() * 2.2) + (draw() < 0.3 ? 1 : 0)
  let word = ''
  for (let s = 0; s < syllables; s++) {
    word += ONSETS[Math.floor(draw() * ONSETS.length)]
    word += VOWELS[Math.floor(draw() * VOWELS.length)]
    if (s === syllables - 1 || draw() < 0.3) word += CODAS[Math.floor(draw() * CODAS.length)]
  }
  if (word.length < 3) word += 'lo'
  if (draw() < 0.125) {
    // One accent, on a letter that takes one.
    const spots = [...word].flatMap((letter, i) => (ACCENTED[letter] ? [i] : []))
    if (spots.length > 0) {
      const at = spots[Math.floor(draw() * spots.length)]
      const choices = ACCENTED[word[at]]
      word = word.slice(0, at) + choices[Math.floor(draw() * choices.length)] + word.slice(at + 1)
    }
  }
  return word
}

let words: readonly string[] | null = null

/**
 * The words in rank order: index 0 is the most common. Made on first use, not when the module
 * loads: the benchmark imports this before its full-size sync, whose peak RSS it measures, and
 * the vocabulary and its look-ups take 10 to 20 MB.
 */
export function vocabulary(): readonly string[] {
  if (words !== null) return words
  const made: string[] = [...FUNCTION_WORDS, ...SERVICE_WORDS]
  const seen = new Set(made)
  for (let rank = made.length; made.length < VOCABULARY_SIZE; rank++) {
    const word = syntheticWord(rank)
    // A made-up word that is already taken (or a real one) is skipped: every rank is one word.
    if (seen.has(word)) continue
    seen.add(word)
    made.push(word)
  }
  words = made
  return words
}

/** The first ranks that are English words of everyday service talk, not function words. */
export const SERVICE_RANKS = {
  from: FUNCTION_WORDS.length,
  to: FUNCTION_WORDS.length + SERVICE_WORDS.length
}

const LOG_SIZE = Math.log(VOCABULARY_SIZE + 1)

export interface TextGenerator {
  /** One conversation's messages, oldest first, the turns alternating. */
  transcript(messages: number): TranscriptMessage[]
}

/**
 * Zipf's law with exponent 1 sampled in O(1): floor((V + 1)^u) - 1 for a uniform u gives rank r
 * (from 0) with probability log((r + 2) / (r + 1)) / log(V + 1), about 1 / ((r + 1) log V).
 */
export function createTextGenerator(seed: number): TextGenerator {
  const random = seededRandom(seed)
  const words = vocabulary()
  const rank = (): number => Math.floor(Math.exp(random() * LOG_SIZE)) - 1

  function messageText(): string {
    const target = MESSAGE_MIN + Math.floor(random() * (MESSAGE_MAX - MESSAGE_MIN + 1))
    let text = ''
    let sentenceStart = true
    while (text.length < target) {
      let word = words[Math.min(VOCABULARY_SIZE - 1, rank())]
      if (sentenceStart) word = word[0].toUpperCase() + word.slice(1)
      text += text === '' ? word : ` ${word}`
      sentenceStart = false
      const mark = random()
      if (mark < 0.06) {
        text += mark < 0.045 ? '.' : '?'
        sentenceStart = true
      } else if (mark < 0.1) text += ','
    }
    const extra = random()
    if (extra < 0.04) text += ` #${1000 + Math.floor(random() * 999_000)}`
    else if (extra < 0.06) text += ` ${EMOJI[Math.floor(random() * EMOJI.length)]}`
    return sentenceStart ? text : `${text}.`
  }

  return {
    transcript(count) {
      const messages: TranscriptMessage[] = []
      for (let i = 0; i < count; i++) {
        const role = i % 2 === 0 ? 'user' : 'assistant'
        const message: TranscriptMessage = { role, content: messageText() }
        if (role === 'assistant' && random() < 0.1) {
          const order = String(1000 + Math.floor(random() * 9000))
          message.function_calls = [
            {
              name: 'lookup_order',
              arguments: { order_id: order },
              result: { status: random() < 0.5 ? 'shipped' : 'processing', eta: '2025-02-06' }
            }
          ]
        }
        messages.push(message)
      }
      return messages
    }
  }
}
