import type { TranscriptMessage } from '../../../shared/model/transcript'

/**
 * A transcript's messages as people read and copy them (the whole transcript is copied in the
 * saved files' format: see TranscriptActions). The API's roles are `user` (the
 * customer) and `assistant`; function calls ride on a message as `{name, arguments, result}`,
 * kept exactly as received, so every reader here is defensive about their shape.
 */

export type SpeakerKind = 'customer' | 'assistant' | 'other'

export function speakerKind(role: string): SpeakerKind {
  if (role === 'user') return 'customer'
  if (role === 'assistant') return 'assistant'
  return 'other'
}

/** The word a screen reader says before a message, and the prefix of its line in a copy. */
export function speakerLabel(role: string): string {
  switch (role) {
    case 'user':
      return 'Customer'
    case 'assistant':
      return 'Assistant'
    case 'function':
    case 'tool':
      return 'Function call'
    default:
      return role ? role.charAt(0).toUpperCase() + role.slice(1) : 'Message'
  }
}

export interface FunctionCallView {
  name: string
  /** Pretty-printed JSON, or null when the call has no such field. */
  arguments: string | null
  result: string | null
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * JSON laid out for reading. Some tools send their arguments as a JSON string; those are
 * parsed and laid out too, and any other string is shown as it is.
 */
export function prettyJson(value: unknown): string {
  if (typeof value === 'string') {
    const trimmed = value.trim()
    if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
      try {
        return JSON.stringify(JSON.parse(trimmed), null, 2)
      } catch {
        return value
      }
    }
    return value
  }
  return JSON.stringify(value, null, 2) ?? String(value)
}

export function readFunctionCall(call: unknown): FunctionCallView {
  if (!isRecord(call)) return { name: 'Function call', arguments: prettyJson(call), result: null }
  const name = typeof call.name === 'string' && call.name ? call.name : 'Function call'
  return {
    name,
    arguments: 'arguments' in call ? prettyJson(call.arguments) : null,
    result: 'result' in call ? prettyJson(call.result) : null
  }
}

/** One function call on one line of a copy: `name(arguments) → result`, its JSON compact. */
function functionCallLine(call: unknown): string {
  if (!isRecord(call)) return `[Function call] ${compactJson(call)}`
  const name = readFunctionCall(call).name
  const args = 'arguments' in call ? compactJson(call.arguments) : ''
  const result = 'result' in call ? ` → ${compactJson(call.result)}` : ''
  return `[Function call] ${name}(${args})${result}`
}

function compactJson(value: unknown): string {
  return typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value))
}

/** What "Copy" on one message puts on the clipboard: its text, then its function calls. */
export function messageToText(message: TranscriptMessage): string {
  const calls = (message.function_calls ?? []).map(functionCallLine)
  return [message.content, ...calls].filter((part) => part !== '').join('\n')
}
