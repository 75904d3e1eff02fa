import { z } from 'zod'
import type { InvokeInput, InvokeMethod } from '../../../shared/ipc/contract'
import { containsNul, NUL_PROBLEM } from '../../../shared/nulCharacter'
import { baseUrlSchema } from '../api/baseUrl'
import { quickLookupShortcutSchema } from '../../../shared/accelerator'
import { accountNameSchema } from '../../../shared/model/account'
import {
  countrySchema,
  MAX_BACKFILL_DAYS,
  MAX_SYNC_INTERVAL_MINUTES
} from '../settings/settingsFile'

/** The largest page a list may ask for: one call never holds the main thread for long. */
export const MAX_SEARCH_LIMIT = 500

const noInput = z
  .undefined()
  .or(z.null())
  .transform(() => undefined)
const withoutNul = (value: string): boolean => !containsNul(value)
const shortText = z.string().max(200).refine(withoutNul, NUL_PROBLEM)
const isoDate = z
  .string()
  .max(40)
  .refine((value) => !Number.isNaN(Date.parse(value)), 'must be a date')

const conversationId = z.string().min(1).max(200).refine(withoutNul, NUL_PROBLEM)
const accountId = z.string().regex(/^[a-z0-9-]{1,40}$/, 'is not an account id')
const apiKey = z.string().trim().min(1).max(500)
/** The conversation's account, for a conversation of a lookup across accounts. */
const inAccount = { accountId: accountId.optional() }

const searchQuery = z.strictObject({
  phone: shortText.optional(),
  type: shortText.optional(),
  assistantId: shortText.optional(),
  senderPhone: shortText.optional(),
  externalId: shortText.optional(),
  text: shortText.optional(),
  createdFrom: isoDate.optional(),
  createdTo: isoDate.optional(),
  removed: z.enum(['include', 'exclude', 'only']).optional(),
  limit: z.number().int().min(1).max(MAX_SEARCH_LIMIT).optional(),
  cursor: z.string().max(1000).refine(withoutNul, NUL_PROBLEM).nullable().optional()
})

/** One schema per channel, typed against the contract so the two cannot drift apart. */
export const CHANNEL_SCHEMAS = {
  getAppState: noInput,
  saveApiKey: z.strictObject({
    apiKey,
    baseUrl: baseUrlSchema.optional(),
    sessionOnly: z.boolean().optional()
  }),
  removeApiKey: noInput,
  updateSettings: z.strictObject({
    baseUrl: baseUrlSchema.optional(),
    syncIntervalMinutes: z.number().int().min(0).max(MAX_SYNC_INTERVAL_MINUTES).optional(),
    transcriptBackfill: z.boolean().optional(),
    transcriptBackfillDays: z.number().int().min(1).max(MAX_BACKFILL_DAYS).nullable().optional(),
    quickLookupShortcut: quickLookupShortcutSchema.optional(),
    defaultCountry: countrySchema().nullable().optional(),
    keepInTray: z.boolean().optional()
  }),
  startSync: z.strictObject({ mode: z.enum(['full', 'quick']) }),
  cancelSync: noInput,
  search: searchQuery,
  countConversations: searchQuery,
  getConversation: z.strictObject({ id: conversationId, ...inAccount }),
  getStats: noInput,
  getInsights: searchQuery.omit({ limit: true, cursor: true }),
  getFilterOptions: noInput,
  revealArchive: noInput,
  startNewArchive: noInput,
  getTranscript: z.strictObject({ id: conversationId, ...inAccount }),
  fetchTranscript: z.strictObject({ id: conversationId, ...inAccount }),
  pauseBackfill: noInput,
  resumeBackfill: noInput,
  getCustomer: z.strictObject({ phone: shortText.min(1), allAccounts: z.boolean().optional() }),
  saveTranscript: z.strictObject({
    id: conversationId,
    format: z.enum(['text', 'json']),
    ...inAccount
  }),
  startExport: z.strictObject({
    query: searchQuery.omit({ limit: true, cursor: true }),
    format: z.enum(['csv', 'jsonl']),
    transcripts: z.boolean()
  }),
  cancelExport: noInput,
  addAccount: z.strictObject({
    name: accountNameSchema,
    baseUrl: baseUrlSchema.optional(),
    apiKey,
    sessionOnly: z.boolean().optional()
  }),
  renameAccount: z.strictObject({ id: accountId, name: accountNameSchema }),
  removeAccount: z.strictObject({ id: accountId, deleteArchive: z.boolean() }),
  switchAccount: z.strictObject({ id: accountId })
} satisfies { [M in InvokeMethod]: z.ZodType<InvokeInput<M>, unknown> }

/** A plain sentence naming the first problem, never the value itself (it may be a key). */
export function describeInputProblem(error: z.ZodError): string {
  const issue = error.issues[0]
  const where = issue && issue.path.length > 0 ? ` (${issue.path.join('.')})` : ''
  return `The request was not valid${where}: ${issue?.message ?? 'unexpected input'}.`
}
