import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { CUSTOMER_CONVERSATION_LIMIT } from '../types'
import type { Archive } from './archive'
import { openArchive } from './openArchive'
import { makeCheckpoint, useTempDir } from './testArchive'
import { makeRow } from './testRows'

const { tempFile } = useTempDir()
const SEEN = '2025-02-01T00:00:00.000Z'

let archive: Archive

function customerRow(id: string, phone: string, day: number, extra: object = {}) {
  return makeRow({
    id,
    type: ['whatsapp', 'widget', 'api', 'test'][day % 4],
    customer: { name: null, phone },
    created_at: new Date(Date.UTC(2025, 0, day)).toISOString(),
    total_cost: day / 100,
    ...extra
  })
}

beforeEach(() => {
  archive = openArchive(tempFile())
  archive.writePage(
    [
      customerRow('e164', '+14155559876', 20, {
        customer: { name: 'John Doe', phone: '+14155559876' }
      }),
      customerRow('plain', '14155559876', 18),
      customerRow('national', '4155559876', 15, {
        customer: { name: 'Johnny', phone: '4155559876' }
      }),
      customerRow('spaced', '+1 (415) 555-9876', 10),
      customerRow('neighbour', '+14155559877', 19),
      customerRow('longer', '+441415559876', 17),
      customerRow('fragment', '555', 12),
      customerRow('uk', '+44 20 7946 0958', 5),
      makeRow({ id: 'nobody', customer: null })
    ],
    SEEN,
    makeCheckpoint()
  )
})

afterEach(() => {
  archive.close()
})

describe('customer', () => {
  it.each(['+1 (415) 555-9876', '14155559876', '4155559876', '+14155559876', '0014155559876'])(
    '%s: every conversation with the number, in any spelling, newest first',
    (phone) => {
      const overview = archive.customer(phone)
      expect(overview.conversations.map((c) => c.id)).toEqual([
        'e164',
        'plain',
        'national',
        'spaced'
      ])
      expect(overview).toMatchObject({
        phone,
        display: '+1 415 555 9876',
        name: 'John Doe',
        count: 4,
        first_contact_at: '2025-01-10T00:00:00.000Z',
        last_contact_at: '2025-01-20T00:00:00.000Z'
      })
      expect(overview.total_cost).toBeCloseTo(0.2 + 0.18 + 0.15 + 0.1)
    }
  )

  it('takes the name from the newest conversation that has one', () => {
    archive.writePage([customerRow('newest', '+14155559876', 25)], SEEN, makeCheckpoint())
    expect(archive.customer('+14155559876')).toMatchObject({ name: 'John Doe', count: 5 })
  })

  it('finds a national spelling of another country’s number', () => {
    expect(archive.customer('020 7946 0958').conversations.map((c) => c.id)).toEqual(['uk'])
    expect(archive.customer('+442079460958').display).toBe('+44 20 7946 0958')
  })

  it('lists no strangers for a fragment: only a phone stored as exactly that', () => {
    expect(archive.customer('555').conversations.map((c) => c.id)).toEqual(['fragment'])
    expect(archive.customer('5559876').count).toBe(0)
  })

  it('is empty for a number nobody has, or no number at all', () => {
    for (const phone of ['+33 6 12 34 56 78', 'unknown', '']) {
      expect(archive.customer(phone)).toMatchObject({
        conversations: [],
        count: 0,
        total_cost: 0,
        name: null,
        first_contact_at: null,
        last_contact_at: null
      })
    }
  })

  it(`lists at most ${CUSTOMER_CONVERSATION_LIMIT} conversations, and counts them all`, () => {
    const many = openArchive(tempFile())
    const start = Date.UTC(2025, 0, 1)
    many.writePage(
      Array.from({ length: CUSTOMER_CONVERSATION_LIMIT + 3 }, (_, i) =>
        makeRow({
          id: `m${i}`,
          customer: { name: null, phone: i % 2 ? '+14155559876' : '14155559876' },
          created_at: new Date(start + i * 60_000).toISOString(),
          total_cost: 1
        })
      ),
      SEEN,
      makeCheckpoint()
    )
    const overview = many.customer('+14155559876')
    expect(overview.conversations).toHaveLength(CUSTOMER_CONVERSATION_LIMIT)
    expect(overview.conversations[0].id).toBe(`m${CUSTOMER_CONVERSATION_LIMIT + 2}`)
    expect(overview).toMatchObject({ count: CUSTOMER_CONVERSATION_LIMIT + 3, total_cost: 503 })
    many.close()
  })
})
