import type { Conversation } from '../types'
import { guardFormula } from './formulaGuard'

/** A cell before quoting: numbers stay numbers, null is an empty cell. */
export type CsvCell = string | number | null

interface Column {
  header: string
  value(conversation: Conversation): CsvCell
}

const yesNo = (value: boolean | null): CsvCell => (value === null ? null : value ? 'true' : 'false')

/** The list's columns, under the field names of the CLI's JSON (parties flattened). */
const FIXED_COLUMNS: readonly Column[] = [
  { header: 'id', value: (c) => c.id },
  { header: 'type', value: (c) => c.type },
  { header: 'assistant_id', value: (c) => c.assistant_id },
  { header: 'assistant_name', value: (c) => c.assistant_name },
  { header: 'customer_name', value: (c) => c.customer?.name ?? null },
  { header: 'customer_phone', value: (c) => c.customer?.phone ?? null },
  { header: 'sender_name', value: (c) => c.whatsapp_sender?.name ?? null },
  { header: 'sender_phone', value: (c) => c.whatsapp_sender?.phone ?? null },
  { header: 'external_identifier', value: (c) => c.external_identifier },
  { header: 'message_count', value: (c) => c.message_count },
  { header: 'total_cost', value: (c) => c.total_cost },
  { header: 'ai_enabled', value: (c) => yesNo(c.ai_enabled) },
  { header: 'created_at', value: (c) => c.created_at },
  { header: 'updated_at', value: (c) => c.updated_at },
  { header: 'removed_at', value: (c) => c.removed_at }
]

/** A variable's column is named after its key: `variables.<key>`. */
export const VARIABLE_PREFIX = 'variables.'

/** A variable as one cell: text as it is, anything else as its JSON. */
function variableCell(value: unknown): CsvCell {
  if (value === undefined || value === null) return null
  if (typeof value === 'string' || typeof value === 'number') return value
  return JSON.stringify(value)
}

function guarded(cell: CsvCell): CsvCell {
  return typeof cell === 'string' ? guardFormula(cell) : cell
}

/** Turns conversations into CSV records: the fixed columns, then one per variable key. */
export interface CsvLayout {
  header(): CsvCell[]
  record(conversation: Conversation): CsvCell[]
}

/** `variableKeys` in the order their columns come; text cells pass the formula guard. */
export function csvLayout(variableKeys: readonly string[]): CsvLayout {
  return {
    header: () =>
      [...FIXED_COLUMNS.map((c) => c.header), ...variableKeys.map((k) => VARIABLE_PREFIX + k)].map(
        guarded
      ),
    record(conversation) {
      const variables = conversation.variables ?? {}
      return [
        ...FIXED_COLUMNS.map((column) => column.value(conversation)),
        ...variableKeys.map((key) =>
          variableCell(Object.hasOwn(variables, key) ? variables[key] : undefined)
        )
      ].map(guarded)
    }
  }
}
