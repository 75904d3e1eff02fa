import { Writable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { openArchive } from '../archive/openArchive'
import { makeCheckpoint, useTempDir } from '../archive/testArchive'
import { makeRow, makeWhatsAppRow } from '../archive/testRows'
import { runCli } from './runCli'

const { tempFile } = useTempDir()
const SEEN = '2025-03-01T00:00:00.000Z'

function sink(): Writable & { text: () => string } {
  const chunks: string[] = []
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk))
      done()
    }
  })
  return Object.assign(stream, { text: () => chunks.join('') })
}

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = sink()
  const stderr = sink()
  const code = await runCli(args, { env: {}, stdout, stderr })
  return { code, stdout: stdout.text(), stderr: stderr.text() }
}

/** Four conversations over three UTC days; the last one just before midnight UTC. */
function archiveFile(): string {
  const file = tempFile()
  const archive = openArchive(file)
  archive.writePage(
    [
      makeRow({
        id: 'w1',
        type: 'widget',
        total_cost: 0.1,
        created_at: '2025-01-06T09:00:00.000Z'
      }),
      makeRow({
        id: 'w2',
        type: 'widget',
        total_cost: 0.2,
        created_at: '2025-01-06T10:00:00.000Z'
      }),
      makeWhatsAppRow('h1', '+14155559876', {
        total_cost: 0.0005,
        created_at: '2025-01-08T23:59:59.000Z'
      }),
      makeRow({ id: 'a1', type: 'api', total_cost: 1, created_at: '2025-01-07T00:00:00.000Z' })
    ],
    SEEN,
    makeCheckpoint({ startedAt: SEEN })
  )
  archive.close()
  return file
}

describe('cli stats', () => {
  it('adds by_day (UTC days, oldest first) and the dashboard’s other figures to its JSON', async () => {
    const db = archiveFile()
    const result = await cli(['stats', '--db', db, '--json'])
    expect(result.code).toBe(0)
    const stats = JSON.parse(result.stdout) as Record<string, unknown>
    expect(stats).toMatchObject({
      total: 4,
      total_cost: 1.3005,
      removed: 0,
      by_type: { widget: 2, whatsapp: 1, api: 1 },
      by_day: [
        { day: '2025-01-06', count: 2, total_cost: 0.3, by_type: { widget: 2 } },
        { day: '2025-01-07', count: 1, total_cost: 1, by_type: { api: 1 } },
        { day: '2025-01-08', count: 1, total_cost: 0.0005, by_type: { whatsapp: 1 } }
      ],
      from: '2025-01-06',
      to: '2025-01-08',
      unit: 'day',
      by_sender: [{ phone: '+14155551234', name: 'Acme Corp Support', count: 1 }],
      top_customers: [{ phone: '+14155559876', name: 'Customer h1', count: 1 }],
      ai_enabled: 4,
      ai_enabled_share: 1,
      average_messages: 3
    })
  })

  it('takes every search filter, and its figures are the filtered set’s', async () => {
    const db = archiveFile()
    const json = async (...flags: string[]): Promise<Record<string, unknown>> => {
      const result = await cli(['stats', '--db', db, '--json', ...flags])
      expect(result.code, result.stderr).toBe(0)
      return JSON.parse(result.stdout) as Record<string, unknown>
    }
    expect(await json('--type', 'widget')).toMatchObject({ total: 2, total_cost: 0.3 })
    expect(await json('--from', '2025-01-07', '--to', '2025-01-08')).toMatchObject({
      total: 2,
      by_day: [{ day: '2025-01-07' }, { day: '2025-01-08' }]
    })
    expect(await json('--phone', '555 9876')).toMatchObject({ total: 1, total_cost: 0.0005 })
    expect(await json('--sender-phone', '4155551234')).toMatchObject({ total: 1 })
    expect(await json('--assistant-id', 'nobody')).toMatchObject({ total: 0, by_day: [] })
    expect(await json('--removed', 'only')).toMatchObject({ total: 0 })
    const bad = await cli(['stats', '--db', db, '--limit', '5'])
    expect(bad.code).toBe(2)
  })

  it('prints the same figures as a table without --json', async () => {
    const result = await cli(['stats', '--db', archiveFile(), '--type', 'widget'])
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/^total\s+2\s+\$0\.3000$/m)
    expect(result.stdout).toMatch(/^ai enabled\s+2\s+100\.0%$/m)
    expect(result.stdout).toMatch(/^first day \(UTC\)\s+2025-01-06$/m)
    // A breakdown's rows are indented under its heading.
    expect(result.stdout).toMatch(/^ {2}2025-01-06\s+2\s+\$0\.3000$/m)
    expect(result.stdout).toMatch(/^ {2}widget\s+2\s+\$0\.3000$/m)
  })
})
