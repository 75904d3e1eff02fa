import type { ApiFunctionCallJson, ApiMessageJson } from '../api/conversationDetailSchema'
import type { ApiConversationJson } from '../api/conversationSchema'
import type { TranscriptMessage } from '../types'
import { mix32 } from './generateConversations'

/**
 * The history Get Conversation returns for a conversation of the mock: exactly message_count
 * messages, oldest first, the turns alternating. Message i depends on (id, i) alone, so a
 * transcript is made on request in microseconds and none is kept, and when a conversation
 * gains messages its transcript keeps the earlier ones and grows.
 *
 * Each conversation is in one language, chosen by its id: English mostly, then Spanish, French,
 * Portuguese, German (accents), Japanese and Chinese (no spaces between words). Some lines carry
 * emoji; some English ones carry what trips a full-text query (`don't`, `e-mail`, `#4512`).
 * Some assistant turns call functions, a third of those with null text as the API may send.
 * The first assistant reply to the customer names a case number unique to the conversation
 * (caseNumberOf), so a test can find exactly one conversation by a word of its messages.
 */

export type TranscriptLanguage = 'en' | 'es' | 'fr' | 'pt' | 'de' | 'ja' | 'zh'

/** Words and phrases tests can search for, each found in some generated transcripts. */
export const TRANSCRIPT_PHRASES = {
  /** One in each language with accents; a search folding diacritics finds them unaccented. */
  spanish: 'señor',
  french: 'Église',
  portuguese: 'São Paulo',
  german: 'Müller',
  /** Sentences without spaces, said by customers in Japanese and Chinese conversations. */
  japanese: '予約を明日の午後三時に変更したいです',
  chinese: '我想预约下周二上午的会议',
  /** In German conversations, with the delivery. */
  emoji: '📦',
  /** A phrase of two ordinary words, said in about one English transcript in fifteen. */
  rare: 'lighthouse voucher'
} as const

interface Lines {
  /** A widget's first words, before the customer says anything. */
  greeting: string
  user: readonly string[]
  assistant: readonly string[]
  /** The first reply to the customer: it names the case. */
  caseOpened: (caseNumber: string) => string
}

const RARE_LINE = 'Do you still honour the lighthouse voucher from last spring?'

const LINES: Record<TranscriptLanguage, Lines> = {
  en: {
    greeting: 'Hello! How can I help you today? 😊',
    user: [
      "Hi, I'd like to know more about your plans.",
      'Can I book an appointment for Tuesday afternoon?',
      "I don't see the confirmation e-mail for order #4512.",
      'What are your opening hours?',
      'Can someone call me back later today? 🙏',
      'Is there a discount for annual billing?',
      'Thanks, that helps! 👍'
    ],
    assistant: [
      'Sure, let me check that for you.',
      "I've booked that for you. You'll get a confirmation shortly. 📅",
      'Our team is available Monday to Friday, 9:00 to 18:00.',
      'The premium plan is $49 per month, billed monthly.',
      'Is there anything else I can help you with? 😊',
      'I have passed your request on to a colleague.'
    ],
    caseOpened: (code) => `Thanks! I've opened case ${code} for you.`
  },
  es: {
    greeting: '¡Hola! ¿En qué puedo ayudarle?',
    user: [
      'Buenos días, señor. ¿Tienen cita disponible el jueves?',
      '¿Cuánto cuesta el plan premium al año?',
      'Mi pedido todavía no ha llegado 😞',
      'Gracias, muy amable.'
    ],
    assistant: [
      '¡Claro, señor! El jueves a las 10:00 está libre.',
      'Déjeme comprobarlo un momento.',
      'Su cita está confirmada. ¡Hasta pronto! 👋'
    ],
    caseOpened: (code) => `He abierto el caso ${code} para usted.`
  },
  fr: {
    greeting: 'Bonjour ! Comment puis-je vous aider ?',
    user: [
      "Bonjour, je voudrais visiter l'Église Saint-Eustache avec un guide.",
      'Est-ce que la visite est accessible en fauteuil roulant ?',
      'Merci beaucoup, à bientôt !'
    ],
    assistant: [
      "Bien sûr ! La visite de l'Église commence à 14 h.",
      "Oui, l'entrée côté rue du Jour est accessible.",
      'Avec plaisir ! Bonne journée ☀️'
    ],
    caseOpened: (code) => `J'ai ouvert le dossier ${code} pour vous.`
  },
  pt: {
    greeting: 'Olá! Como posso ajudar?',
    user: [
      'Olá! Estou em São Paulo, vocês entregam aqui?',
      'Qual é o prazo de entrega para Campinas?',
      'Obrigado pela ajuda! 🙌'
    ],
    assistant: [
      'Sim, entregamos em toda São Paulo em até 2 dias úteis.',
      'Para Campinas o prazo é de 3 dias úteis.',
      'Por nada! Qualquer dúvida, é só chamar.'
    ],
    caseOpened: (code) => `Abri o chamado ${code} para você.`
  },
  de: {
    greeting: 'Hallo! Wie kann ich Ihnen helfen?',
    user: [
      'Hallo, hier ist Frau Müller. Meine Bestellung ist noch nicht da.',
      'Können Sie mich morgen früh zurückrufen?',
      'Vielen Dank für die schnelle Hilfe!'
    ],
    assistant: [
      'Guten Tag, Frau Müller! Ihre Bestellung wird morgen geliefert. 📦',
      'Gern, ein Kollege ruft Sie morgen zwischen 9 und 11 Uhr an.',
      'Gern geschehen. Schönen Tag noch!'
    ],
    caseOpened: (code) => `Ich habe den Vorgang ${code} für Sie angelegt.`
  },
  ja: {
    greeting: 'こんにちは。ご用件をお聞かせください。',
    user: [
      '予約を明日の午後三時に変更したいです',
      '駐車場はありますか',
      'ありがとうございました😊'
    ],
    assistant: [
      'かしこまりました。明日の午後三時に変更しました。',
      'はい、建物の裏に無料の駐車場がございます。',
      'またのご利用をお待ちしております。'
    ],
    // The brackets keep the number a word of its own in text without spaces.
    caseOpened: (code) => `お問い合わせ番号は「${code}」です。`
  },
  zh: {
    greeting: '您好！请问有什么可以帮您？',
    user: ['我想预约下周二上午的会议', '请问你们周末营业吗', '谢谢你的帮助👍'],
    assistant: [
      '好的，已为您预约下周二上午十点。',
      '我们周六营业，周日休息。',
      '不客气，祝您生活愉快！'
    ],
    caseOpened: (code) => `已为您创建工单「${code}」。`
  }
}

/** A table of 100 entries: one draw picks a language with these weights. */
const LANGUAGE_TABLE: readonly TranscriptLanguage[] = (
  [
    [45, 'en'],
    [12, 'es'],
    [10, 'fr'],
    [10, 'pt'],
    [10, 'de'],
    [7, 'ja'],
    [6, 'zh']
  ] as const
).flatMap(([weight, language]) => new Array<TranscriptLanguage>(weight).fill(language))

/** The calls an assistant makes, each with its arguments and result as a function of a draw. */
const FUNCTIONS: readonly ((draw: () => number) => ApiFunctionCallJson)[] = [
  (draw) => ({
    name: 'check_availability',
    arguments: { date: `2025-02-${String(3 + Math.floor(draw() * 25)).padStart(2, '0')}` },
    result: { available: draw() < 0.7, slots: ['10:00', '14:30', '16:00'] }
  }),
  (draw) => {
    const reference = `BK-${String(Math.floor(draw() * 1_000_000)).padStart(6, '0')}`
    return {
      name: 'book_appointment',
      arguments: { date: '2025-02-04', time: '14:30', name: 'Müller' },
      result: { ok: true, reference }
    }
  },
  (draw) => {
    const order = String(1000 + Math.floor(draw() * 9000))
    return {
      name: 'lookup_order',
      arguments: { order_id: order },
      result: { status: draw() < 0.5 ? 'shipped' : 'processing', eta: '2025-02-06' }
    }
  },
  () => ({
    name: 'create_lead',
    arguments: { source: 'chat', notes: 'Asked about São Paulo delivery' },
    result: { lead_id: null, queued: true }
  })
]

function hashString(text: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193)
  return mix32(h)
}

/** mulberry32 from a seed: each message draws from its own, so it depends on nothing else. */
function drawsFrom(seed: number): () => number {
  let state = seed | 0
  return () => {
    state = (state + 0x6d2b79f5) | 0
    let t = Math.imul(state ^ (state >>> 15), state | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}

function pick<T>(values: readonly T[], draw: () => number): T {
  return values[Math.floor(draw() * values.length)]
}

export function transcriptLanguageOf(id: string): TranscriptLanguage {
  return LANGUAGE_TABLE[mix32(hashString(id) ^ 0x5bd1e995) % LANGUAGE_TABLE.length]
}

/** The case number a conversation's first assistant reply names: CB and eight hex digits. */
export function caseNumberOf(id: string): string {
  return `CB${mix32(hashString(id) ^ 0x27d4eb2f)
    .toString(16)
    .toUpperCase()
    .padStart(8, '0')}`
}

/** Get Conversation's `history` for a conversation, exactly as the mock sends it. */
export function generateTranscript(
  conversation: Pick<ApiConversationJson, 'id' | 'type' | 'message_count'>
): ApiMessageJson[] {
  const count = Math.max(0, Math.floor(Number(conversation.message_count)) || 0)
  const seed = hashString(conversation.id)
  const lines = LINES[transcriptLanguageOf(conversation.id)]
  // A widget greets first; on WhatsApp and through the API the customer opens.
  const widget = conversation.type === 'widget'
  const caseAt = widget ? 2 : 1
  const history: ApiMessageJson[] = []
  for (let i = 0; i < count; i++) {
    const draw = drawsFrom(mix32(seed ^ mix32(i + 0x632be5ab)))
    const role = (i % 2 === 0) === widget ? 'assistant' : 'user'
    if (role === 'user') {
      const rare = lines === LINES.en && i === caseAt - 1 && draw() < 0.07
      history.push({ role, content: rare ? RARE_LINE : pick(lines.user, draw) })
    } else if (i === 0) {
      history.push({ role, content: lines.greeting })
    } else if (i === caseAt) {
      history.push({ role, content: lines.caseOpened(caseNumberOf(conversation.id)) })
    } else if (draw() < 0.25) {
      const call = pick(FUNCTIONS, draw)(draw)
      const content = draw() < 1 / 3 ? null : pick(lines.assistant, draw)
      history.push({ role, content, function_calls: [call] })
    } else {
      history.push({ role, content: pick(lines.assistant, draw) })
    }
  }
  return history
}

/** The transcript as the API client hands it on: null text read as ''. */
export function expectedTranscript(
  conversation: Pick<ApiConversationJson, 'id' | 'type' | 'message_count'>
): TranscriptMessage[] {
  return generateTranscript(conversation).map((message) => ({
    ...message,
    content: message.content ?? ''
  }))
}
