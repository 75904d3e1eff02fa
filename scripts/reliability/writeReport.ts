import { readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  PROOF_IDS,
  PROOF_RECORD_DIR,
  type ProofSection,
  type ProofTable
} from '../../tests/reliability/support/proofRecord'

/**
 * Writes docs/reliability.md from what the proofs recorded in this run (see
 * tests/reliability/support/proofRecord.ts). Refuses when a proof did not record, or recorded
 * before this run started, so the doc never mixes runs.
 */
const runStartedAt = Number(process.argv[2] ?? 0)
const doc = join(__dirname, '../../docs/reliability.md')

function readSection(id: string): ProofSection {
  const file = join(PROOF_RECORD_DIR, `${id}.json`)
  let modified: number
  try {
    modified = statSync(file).mtimeMs
  } catch {
    throw new Error(`The proof "${id}" recorded nothing (${file}): run npm run test:reliability.`)
  }
  if (modified < runStartedAt) throw new Error(`The record of "${id}" is from an earlier run.`)
  return JSON.parse(readFileSync(file, 'utf8')) as ProofSection
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ')
}

function table({ columns, rows }: ProofTable): string {
  return [
    `| ${columns.map(cell).join(' | ')} |`,
    `| ${columns.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`)
  ].join('\n')
}

function section(s: ProofSection): string {
  return [
    `## ${s.title}`,
    s.method,
    s.findings.map((line) => `- ${line}`).join('\n'),
    ...s.tables.map(table)
  ]
    .filter((part) => part.trim() !== '')
    .join('\n\n')
}

const sections = PROOF_IDS.map(readSection).sort((a, b) => a.order - b.order)
const header = [
  '# Reliability',
  '',
  '<!-- Written by `npm run test:reliability` (scripts/reliability/writeReport.ts): do not edit by hand. -->',
  '',
  'What the proofs of `tests/reliability/` measured in their last run: that the app loses ' +
    'nothing when killed or when the disk fails it, answers every fault of the wire with a ' +
    'clear outcome, holds against hostile IPC input, keeps the API key out of everything it ' +
    'writes, and meets Electron’s security checklist. Every figure and outcome below was ' +
    'written by that run; each is also asserted by its test, so a run that writes this file ' +
    'is a run in which all of them held.',
  '',
  `Last run: ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, Node ${process.version}, ` +
    `${process.platform}/${process.arch}.`
].join('\n')

writeFileSync(doc, `${header}\n\n${sections.map(section).join('\n\n')}\n`)
console.log(`Wrote ${doc} (${sections.length} proofs).`)
