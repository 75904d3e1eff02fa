import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { openArchive } from './openArchive'
import { makeCheckpoint, useTempDir } from './testArchive'
import { makeRow, makeWhatsAppRow } from './testRows'

const { tempFile } = useTempDir()
const DAY1 = '2025-02-01T00:00:00.000Z'
const DAY2 = '2025-02-02T00:00:00.000Z'

describe('writePage', () => {
  it('counts new, changed and unchanged rows', () => {
    const archive = openArchive(tempFile())
    const a = makeRow({ id: 'a' })
    const b = makeRow({ id: 'b' })
    expect(archive.writePage([a, b], DAY1, makeCheckpoint())).toEqual({
      inserted: 2,
      updated: 0,
      unchanged: 0
    })

    // An old conversation got new messages: its JSON differs, so it is updated in place.
    const bMoved = makeRow({ id: 'b', message_count: 9, updated_at: '2025-02-01T10:00:00.000Z' })
    const c = makeRow({ id: 'c' })
    expect(archive.writePage([a, bMoved, c], DAY2, makeCheckpoint())).toEqual({
      inserted: 1,
      updated: 1,
      unchanged: 1
    })

    expect(archive.get('a')).toMatchObject({ first_seen_at: DAY1, last_seen_at: DAY2 })
    expect(archive.get('b')).toMatchObject({
      message_count: 9,
      updated_at: '2025-02-01T10:00:00.000Z',
      first_seen_at: DAY1,
      last_seen_at: DAY2
    })
    expect(archive.get('c')).toMatchObject({ first_seen_at: DAY2, last_seen_at: DAY2 })
    archive.close()
  })

  it('treats an id repeated within one page as seen twice', () => {
    const archive = openArchive(tempFile())
    const a = makeRow({ id: 'a' })
    expect(archive.writePage([a, a], DAY1, makeCheckpoint())).toEqual({
      inserted: 1,
      updated: 0,
      unchanged: 1
    })
    expect(archive.count({})).toBe(1)
    archive.close()
  })

  it('keeps the JSON exactly as received and returns every field normalised', () => {
    const file = tempFile()
    const archive = openArchive(file)
    const row = makeWhatsAppRow('w', '+14155559876', {
      variables: { plan: 'premium', nested: { a: [1, 2] } },
      ai_enabled: false,
      total_cost: 0.0032
    })
    // Spacing the API might send: kept byte for byte.
    const rawJson = JSON.stringify(JSON.parse(row.rawJson), null, 1)
    archive.writePage([{ ...row, rawJson }], DAY1, makeCheckpoint())

    expect(archive.get('w')).toEqual({
      ...row.conversation,
      removed_at: null,
      first_seen_at: DAY1,
      last_seen_at: DAY1,
      raw: JSON.parse(rawJson)
    })
    expect(archive.get('missing')).toBeNull()
    archive.close()

    const db = new Database(file, { readonly: true })
    expect(db.prepare('SELECT raw_json FROM conversations').pluck().get()).toBe(rawJson)
    db.close()
  })

  it('keeps null variables and parties apart from empty ones', () => {
    const archive = openArchive(tempFile())
    archive.writePage(
      [makeRow({ id: 'n', variables: null }), makeRow({ id: 'e', variables: {} })],
      DAY1,
      makeCheckpoint()
    )
    expect(archive.get('n')).toMatchObject({
      variables: null,
      customer: null,
      whatsapp_sender: null
    })
    expect(archive.get('e')?.variables).toEqual({})
    archive.close()
  })

  it('normalises times with an offset to UTC', () => {
    const archive = openArchive(tempFile())
    archive.writePage(
      [makeRow({ id: 't', created_at: '2025-01-25T16:30:00+02:00' })],
      '2025-02-01T01:00:00+01:00',
      makeCheckpoint()
    )
    expect(archive.get('t')).toMatchObject({
      created_at: '2025-01-25T14:30:00.000Z',
      first_seen_at: DAY1
    })
    archive.close()
  })

  it('stores each distinct phone once', () => {
    const file = tempFile()
    const archive = openArchive(file)
    archive.writePage(
      [makeWhatsAppRow('1', '+14155559876'), makeWhatsAppRow('2', '+14155559876')],
      DAY1,
      makeCheckpoint()
    )
    archive.close()
    const db = new Database(file, { readonly: true })
    // The customer's number and the shared sender's.
    expect(db.prepare('SELECT phone FROM phones ORDER BY phone').pluck().all()).toEqual([
      '+14155551234',
      '+14155559876'
    ])
    db.close()
  })

  it('saves the checkpoint with the page', () => {
    const archive = openArchive(tempFile())
    expect(archive.readCheckpoint()).toBeNull()
    const checkpoint = makeCheckpoint({ cursor: 'eyJpZCI6MTAwfQ', pages: 1, rows: 1 })
    archive.writePage([makeRow({ id: 'a' })], DAY1, checkpoint)
    expect(archive.readCheckpoint()).toEqual(checkpoint)
    archive.close()
  })

  it('writes nothing, rows or checkpoint, when a row fails mid-page', () => {
    const archive = openArchive(tempFile())
    const first = makeCheckpoint({ cursor: 'page-2', pages: 1 })
    archive.writePage([makeRow({ id: 'kept' })], DAY1, first)

    const broken = makeRow({ id: 'broken', created_at: '25/01/2025' })
    expect(() =>
      archive.writePage(
        [makeRow({ id: 'new' }), makeRow({ id: 'kept', message_count: 99 }), broken],
        DAY2,
        makeCheckpoint({ cursor: 'page-3', pages: 2 })
      )
    ).toThrow(/created_at of broken/)

    expect(archive.get('new')).toBeNull()
    expect(archive.get('kept')).toMatchObject({ message_count: 3, last_seen_at: DAY1 })
    expect(archive.readCheckpoint()).toEqual(first)
    archive.close()
  })

  it('forgets a checkpoint it cannot read rather than resume from it', () => {
    const file = tempFile()
    openArchive(file).close()
    const db = new Database(file)
    db.prepare(
      'INSERT INTO sync_state (key, value) VALUES (\'checkpoint\', \'{"mode":"sideways"}\')'
    ).run()
    db.close()
    const archive = openArchive(file)
    expect(archive.readCheckpoint()).toBeNull()
    archive.close()
  })
})
