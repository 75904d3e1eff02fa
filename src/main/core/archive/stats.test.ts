import { describe, expect, it } from 'vitest'
import { openArchive } from './openArchive'
import { makeCheckpoint, useTempDir } from './testArchive'
import { makeRow, makeWhatsAppRow } from './testRows'

const { tempFile } = useTempDir()
const SEEN = '2025-02-01T00:00:00.000Z'

function filledArchive(): ReturnType<typeof openArchive> {
  const archive = openArchive(tempFile())
  archive.writePage(
    [
      makeRow({ id: 'w', type: 'widget', total_cost: 0.5, created_at: '2025-01-03T00:00:00.000Z' }),
      makeRow({
        id: 'x',
        type: 'widget',
        total_cost: 0.25,
        created_at: '2025-01-02T00:00:00.000Z'
      }),
      makeRow({
        id: 'p',
        type: 'api',
        assistant_id: 'a-2',
        assistant_name: 'Sales Bot v2',
        total_cost: 2,
        created_at: '2025-01-05T00:00:00.000Z'
      }),
      makeRow({
        id: 'q',
        type: 'api',
        assistant_id: 'a-2',
        assistant_name: 'Sales Bot',
        total_cost: null,
        created_at: '2024-12-31T23:00:00.000Z'
      }),
      makeWhatsAppRow('h', '+14155559876', {
        total_cost: 1,
        assistant_id: null,
        assistant_name: null,
        created_at: '2025-01-04T00:00:00.000Z'
      }),
      makeWhatsAppRow('i', '+14155550000', {
        total_cost: 0,
        whatsapp_sender: { name: 'Acme France', phone: '+33698765432' },
        created_at: '2025-01-01T00:00:00.000Z'
      })
    ],
    SEEN,
    makeCheckpoint({ startedAt: SEEN })
  )
  return archive
}

describe('stats', () => {
  it('sums the whole archive, per type and per assistant', () => {
    const archive = filledArchive()
    // x is removed by a complete crawl that saw everything else; removed rows still count.
    const later = '2025-02-02T00:00:00.000Z'
    const others = ['w', 'p', 'q', 'h', 'i'].map((id) => archive.get(id)!)
    archive.writePage(
      others.map((row) => ({ conversation: row, rawJson: JSON.stringify(row.raw) })),
      later,
      makeCheckpoint()
    )
    archive.completeCrawl({ mode: 'full', startedAt: later, finishedAt: later, complete: true })

    const stats = archive.stats()
    expect(stats).toEqual({
      total: 6,
      total_cost: 3.75,
      removed: 1,
      by_type: { api: 2, whatsapp: 2, widget: 2 },
      by_type_cost: { api: 2, whatsapp: 1, widget: 0.75 },
      by_assistant: [
        // The newest name of a renamed assistant.
        { assistant_id: 'a-1', assistant_name: 'Support Assistant', count: 3, total_cost: 0.75 },
        { assistant_id: 'a-2', assistant_name: 'Sales Bot v2', count: 2, total_cost: 2 },
        { assistant_id: null, assistant_name: null, count: 1, total_cost: 1 }
      ],
      oldest_created_at: '2024-12-31T23:00:00.000Z',
      newest_created_at: '2025-01-05T00:00:00.000Z'
    })
    archive.close()
  })

  it('reports an empty archive as zeros', () => {
    const archive = openArchive(tempFile())
    expect(archive.stats()).toEqual({
      total: 0,
      total_cost: 0,
      removed: 0,
      by_type: {},
      by_type_cost: {},
      by_assistant: [],
      oldest_created_at: null,
      newest_created_at: null
    })
    archive.close()
  })
})

describe('filter options', () => {
  it('lists assistants by name with their counts', () => {
    const archive = filledArchive()
    expect(archive.assistants()).toEqual([
      { assistant_id: null, assistant_name: null, count: 1 },
      { assistant_id: 'a-2', assistant_name: 'Sales Bot v2', count: 2 },
      { assistant_id: 'a-1', assistant_name: 'Support Assistant', count: 3 }
    ])
    archive.close()
  })

  it('lists senders by phone with their newest name', () => {
    const archive = filledArchive()
    expect(archive.senders()).toEqual([
      { phone: '+14155551234', name: 'Acme Corp Support', count: 1 },
      { phone: '+33698765432', name: 'Acme France', count: 1 }
    ])
    archive.close()
  })
})
