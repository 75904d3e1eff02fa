import type { ArchivedTranscript, TranscriptMessage } from './model/transcript'

export type TranscriptFormat = 'text' | 'json'

/** The transcript as `history --json` prints it and a saved .json file holds it. */
export interface TranscriptJson {
  id: string
  fetched_at: string | null
  /** Null when never fetched; each message's function_calls exactly as received. */
  messages: TranscriptMessage[] | null
}

export function transcriptJson(transcript: ArchivedTranscript): TranscriptJson {
  return {
    id: transcript.id,
    fetched_at: transcript.fetched_at,
    // Only the documented keys, whatever else a message object carries.
    messages:
      transcript.messages?.map(({ role, content, function_calls }) =>
        function_calls === undefined ? { role, content } : { role, content, function_calls }
      ) ?? null
  }
}

const SPEAKERS: Record<string, string> = { user: 'Customer', assistant: 'Assistant' }

/** Who said it, as a person reads it: "Customer" for the user, "Assistant", else the role. */
export function speaker(role: string): string {
  return SPEAKERS[role] ?? (role ? `${role.charAt(0).toUpperCase()}${role.slice(1)}` : 'Unknown')
}

// eslint-disable-next-line no-control-regex -- they are what it finds, to remove them
const CONTROL_CHARACTERS = /[\x00-\x08\x0b-\x1f\x7f\x9b]/g

/**
 * Lines of a message as they may be shown: a customer's text can hold terminal escapes or bare
 * carriage returns, which would rewrite what a terminal already shows.
 */
function plainLines(text: string): string[] {
  return text.replace(/\r\n?/g, '\n').replace(CONTROL_CHARACTERS, '').split('\n')
}

function functionCallLines(call: unknown): string[] {
  if (
    typeof call !== 'object' ||
    call === null ||
    typeof (call as { name?: unknown }).name !== 'string'
  ) {
    return [`function call ${JSON.stringify(call)}`]
  }
  const {
    name,
    arguments: args,
    result
  } = call as { name: string; arguments?: unknown; result?: unknown }
  const lines = [`function ${name} ${JSON.stringify(args ?? {})}`]
  if (result !== undefined) lines.push(`result ${JSON.stringify(result)}`)
  return lines.flatMap(plainLines)
}

function messageLines(message: TranscriptMessage): string[] {
  const [first = '', ...rest] = plainLines(message.content)
  // Continuation lines are indented, so a line of content can never pass for another turn.
  return [
    `${speaker(message.role)}: ${first}`.trimEnd(),
    ...rest.map((line) => `  ${line}`.trimEnd()),
    ...(message.function_calls ?? []).flatMap(functionCallLines).map((line) => `    ${line}`)
  ]
}

function utc(iso: string): string {
  return `${iso.slice(0, 19).replace('T', ' ')} UTC`
}

/** Readable plain text: a header, then one "Customer:" or "Assistant:" turn after another. */
export function formatTranscriptText(transcript: ArchivedTranscript): string {
  const header = [`Transcript of conversation ${transcript.id}`]
  if (transcript.fetched_at === null) {
    header.push('Not fetched yet: no transcript of it is archived.')
  } else {
    header.push(`Fetched ${utc(transcript.fetched_at)}`)
  }
  if (transcript.not_found_at !== null) {
    header.push(
      `The server no longer has this conversation (${utc(transcript.not_found_at)}); this is the archived copy.`
    )
  } else if (transcript.stale && transcript.fetched_at !== null) {
    header.push('The conversation changed since: a newer transcript is due.')
  }
  const messages = transcript.messages
  if (messages === null) return `${header.join('\n')}\n`
  const body = messages.length === 0 ? ['(no messages)'] : messages.flatMap(messageLines)
  return `${header.join('\n')}\n\n${body.join('\n')}\n`
}

export function formatTranscript(transcript: ArchivedTranscript, format: TranscriptFormat): string {
  return format === 'json'
    ? `${JSON.stringify(transcriptJson(transcript), null, 2)}\n`
    : formatTranscriptText(transcript)
}

/** A file name for any id: the id may hold characters no file system takes. */
export function transcriptFileName(id: string, format: TranscriptFormat): string {
  const safe = id.replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 100)
  return `transcript-${safe}.${format === 'json' ? 'json' : 'txt'}`
}
