import { parse } from 'csv-parse/sync'
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { Writable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { useTempDir } from '../archive/testArchive'
import { makeTranscript } from '../archive/testTranscripts'
import { AWKWARD_ROWS, archiveWith, manyRows } from '../export/exportTestArchive'
import { createMemorySecretStore } from '../secrets/memorySecretStore'
import type { Conversation } from '../types'
import { runCli } from './runCli'

const { tempFile } = useTempDir()

function sink(): Writable & { text: () => string; writes: () => number } {
  const chunks: string[] = []
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk))
      done()
    }
  })
  return Object.assign(stream, { text: () => chunks.join(''), writes: () => chunks.length })
}

async function cli(args: string[], signal?: AbortSignal) {
  const stdout = sink()
  const stderr = sink()
  const code = await runCli(
    args,
    { env: {}, stdout, stderr, secretStore: createMemorySecretStore() },
    signal
  )
  return { code, stdout: stdout.text(), stderr: stderr.text(), stdoutWrites: stdout.writes() }
}

function archiveFile(rows = AWKWARD_ROWS): string {
  const file = tempFile()
  archiveWith(file, rows).close()
  return file
}

describe('cli export', () => {
  it('writes CSV to stdout that a CSV parser reads back, formula cells guarded', async () => {
    const db = archiveFile()
    const result = await cli(['export', '--format', 'csv', '--db', db])
    expect(result.code).toBe(0)
    expect(result.stderr).toBe('')
    const rows = parse(result.stdout, { columns: true }) as Record<string, string>[]
    expect(rows.map((r) => r.id)).toEqual(['quotes', 'formulas', 'plain'])
    expect(rows[0]?.['variables.note']).toBe('line one\nline two\r\nline three')
    expect(rows[1]?.customer_name).toBe("'@SUM(A1:A9)")
    expect(rows[1]?.['variables.negative']).toBe('-12.5')
  })

  it('writes JSON Lines in the shape of search --json, with every search filter', async () => {
    const db = archiveFile()
    const json = await cli(['search', '--type', 'api', '--json', '--db', db])
    const lines = await cli(['export', '--format', 'jsonl', '--type', 'api', '--db', db])
    expect(lines.code).toBe(0)
    const exported = lines.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Conversation)
    expect(exported).toEqual(JSON.parse(json.stdout))
    expect(exported.map((c) => c.id)).toEqual(['formulas'])
  })

  it('writes a file with progress on stderr, and transcripts in a folder beside a CSV', async () => {
    const db = tempFile()
    const archive = archiveWith(db, AWKWARD_ROWS)
    archive.writeTranscript(makeTranscript('plain', ['Hi', 'Hello']))
    archive.close()
    const out = join(dirname(db), 'calls.csv')
    const result = await cli([
      'export',
      '--format',
      'csv',
      '--out',
      out,
      '--transcripts',
      '--db',
      db
    ])
    expect(result.code).toBe(0)
    expect(result.stdout).toBe('')
    expect(result.stderr).toMatch(/^export: reading the columns, 3 rows$/m)
    expect(result.stderr).toMatch(/^export: 3 of 3 rows written$/m)
    expect(result.stderr).toContain(
      `Exported 3 conversations to ${out}, and 1 transcripts to ${join(dirname(db), 'calls-transcripts')}.`
    )
    expect(parse(readFileSync(out, 'utf8'), { columns: true })).toHaveLength(3)
    expect(readdirSync(join(dirname(db), 'calls-transcripts'))).toEqual(['transcript-plain.txt'])
  })

  it('adds a transcript field to JSON Lines', async () => {
    const db = tempFile()
    const archive = archiveWith(db, AWKWARD_ROWS)
    archive.writeTranscript(makeTranscript('plain', ['Hi']))
    archive.close()
    const result = await cli([
      'export',
      '--format',
      'jsonl',
      '--transcripts',
      '--limit',
      '3',
      '--db',
      db
    ])
    const lines = result.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { transcript: unknown })
    expect(lines.map((l) => l.transcript)).toEqual([
      null,
      null,
      { fetched_at: '2025-02-03T00:00:00.000Z', messages: [{ role: 'user', content: 'Hi' }] }
    ])
  })

  it('refuses bad usage in one clear line, exit 2', async () => {
    const db = archiveFile()
    const cases: [string[], RegExp][] = [
      [['export'], /needs --format csv or --format jsonl/],
      [['export', '--format', 'xlsx'], /--format takes csv or jsonl, not "xlsx"/],
      [['export', '--format', 'csv', '--limit', '0'], /at least 1/],
      [['export', '--format', 'csv', '--transcripts'], /needs --out FILE/],
      [['export', '--format', 'csv', '--phone', '12'], /at least 3 digits/]
    ]
    for (const [args, message] of cases) {
      const result = await cli([...args, '--db', db])
      expect(result.code).toBe(2)
      expect(result.stderr).toMatch(message)
      expect(result.stderr.trim().split('\n')[0]).toMatch(/^error: /)
    }
  })

  it('leaves no file when cancelled (Ctrl+C), and the earlier one as it was', async () => {
    const db = archiveFile(manyRows(3_000))
    const out = join(dirname(db), 'calls.jsonl')
    writeFileSync(out, 'earlier')
    const controller = new AbortController()
    controller.abort()
    const result = await cli(
      ['export', '--format', 'jsonl', '--out', out, '--db', db],
      controller.signal
    )
    expect(result.code).toBe(1)
    expect(result.stderr).toBe('error: Export cancelled.\n')
    expect(readFileSync(out, 'utf8')).toBe('earlier')
    expect(readdirSync(dirname(db)).filter((n) => n.endsWith('.tmp'))).toEqual([])
    const fresh = join(dirname(db), 'fresh.csv')
    await cli(['export', '--format', 'csv', '--out', fresh, '--db', db], controller.signal)
    expect(existsSync(fresh)).toBe(false)
  })
})

describe('cli search --limit', () => {
  it('takes any positive number and streams the rows out a page at a time', async () => {
    const rows = manyRows(1_234)
    const db = archiveFile(rows)
    const json = await cli(['search', '--limit', '1200', '--json', '--db', db])
    expect(json.code).toBe(0)
    const listed = JSON.parse(json.stdout) as Conversation[]
    expect(listed.map((c) => c.id)).toEqual(rows.slice(0, 1_200).map((r) => r.conversation.id))
    // Pages of 500 written as they were read, not the whole list at the end.
    expect(json.stdoutWrites).toBeGreaterThanOrEqual(3)

    const text = await cli(['search', '--limit', '1000000', '--db', db])
    const lines = text.stdout.trimEnd().split('\n')
    expect(lines[0]).toMatch(/^CREATED \(UTC\)\s+TYPE/)
    expect(lines).toHaveLength(1 + 1_234)
    // One column layout from the header to the last row.
    const idColumn = lines[0]!.lastIndexOf('ID')
    expect(new Set(lines.slice(1).map((line) => line.indexOf('row-')))).toEqual(new Set([idColumn]))
  })

  it('prints the same JSON array as before for a page, and [] for none', async () => {
    const db = archiveFile()
    const all = await cli(['search', '--json', '--db', db])
    expect(all.stdout).toBe(`${JSON.stringify(JSON.parse(all.stdout) as unknown, null, 2)}\n`)
    const none = await cli(['search', '--json', '--external-id', 'nobody', '--db', db])
    expect(none.stdout).toBe('[]\n')
    const noneText = await cli(['search', '--external-id', 'nobody', '--db', db])
    expect(noneText.stdout).toBe('No conversations match.\n')
    expect((await cli(['search', '--limit', '0', '--db', db])).code).toBe(2)
  })
})
