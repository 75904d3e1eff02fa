import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/**
 * What one proof saw, written as the test runs so docs/reliability.md states measured outcomes,
 * never typed-in ones (scripts/reliability/writeReport.ts turns the records into the doc).
 */
export interface ProofTable {
  columns: string[]
  rows: string[][]
}

export interface ProofSection {
  /** Where the section goes in the doc: 1 first. */
  order: number
  title: string
  /** How the proof is made, in a few sentences of markdown. */
  method: string
  /** Measured facts, one line each. */
  findings: string[]
  tables: ProofTable[]
}

export const PROOF_RECORD_DIR = join(__dirname, '../../../test-artifacts/reliability')

/** Sections the doc must have: a run that wrote fewer writes no doc. */
export const PROOF_IDS = ['crash', 'disk', 'wire', 'ipc', 'secrets', 'electron'] as const
export type ProofId = (typeof PROOF_IDS)[number]

export function recordProof(id: ProofId, section: ProofSection): void {
  mkdirSync(PROOF_RECORD_DIR, { recursive: true })
  writeFileSync(join(PROOF_RECORD_DIR, `${id}.json`), `${JSON.stringify(section, null, 2)}\n`)
}
