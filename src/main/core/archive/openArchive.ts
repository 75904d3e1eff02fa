import Database from 'better-sqlite3'
import { dirname } from 'node:path'
import { CoreError } from '../errors'
import { makePrivateDir, makePrivateFile } from '../privateFiles'
import type { Archive } from './archive'
import { prepareSyncState } from './checkpoint'
import { prepareCounts } from './counts'
import { prepareCompleteCrawl, prepareMarkRemovedBatch } from './completeCrawl'
import { prepareFilterOptions } from './filterOptions'
import { prepareGetConversation } from './getConversation'
import {
  ARCHIVE_APPLICATION_ID,
  identifyArchiveFile,
  type ArchiveFileKind
} from './archiveIdentity'
import { assertKnownVersion, latestVersion, migrate, schemaVersion } from './migrate'
import { MIGRATIONS } from './migrations'
import { prepareSearch } from './searchConversations'
import { prepareStats } from './stats'
import { prepareInsights } from './insights/prepareInsights'
import { prepareCustomer } from './customer'
import { prepareCompletions } from './wordCompletions'
import { prepareTranscriptReader } from './transcriptReader'
import { prepareTranscriptTargets } from './transcriptTargets'
import { prepareTranscriptWriter } from './transcriptWriter'
import { prepareWritePages } from './writePage'

/** How long a statement waits for another process (the CLI, a second window) to commit. */
const BUSY_TIMEOUT_MS = 5_000
/** Pages of write-ahead log between inline checkpoints; see the pragma below. */
const AUTO_CHECKPOINT_PAGES = 10_000
/** Once checkpointed, a log longer than this is cut back, so a big sync leaves no big file. */
const WAL_SIZE_LIMIT_BYTES = 64 * 1024 * 1024

export interface OpenArchiveOptions {
  readonly?: boolean
}

/**
 * Whether opening this existing file for writing would migrate it. False for a file that does
 * not exist (creating one is quick) and for one that is no archive or cannot be read:
 * openArchive says why.
 */
export function archiveNeedsUpgrade(file: string): boolean {
  try {
    const found = identifyArchiveFile(file, latestVersion(MIGRATIONS))
    return found.kind === 'archive' && found.version < latestVersion(MIGRATIONS)
  } catch {
    return false
  }
}

/**
 * Opens (creating if need be) an archive file, brings its schema up to date and prepares each
 * statement once: here, or for search, the first time a combination of filters is used.
 * Read-only opens never create or migrate: they need an up-to-date file.
 */
export function openArchive(file: string, options: OpenArchiveOptions = {}): Archive {
  const readonly = options.readonly ?? false
  // Before anything could write: a file that is no archive, or of a newer schema, stays as it is.
  const found = identifyArchiveFile(file, latestVersion(MIGRATIONS))
  if (!readonly) {
    makePrivateDir(dirname(file))
    makePrivateFile(file, [`${file}-wal`, `${file}-shm`])
  }
  let db: Database.Database
  try {
    db = new Database(file, { readonly, fileMustExist: readonly, timeout: BUSY_TIMEOUT_MS })
  } catch (error) {
    throw new CoreError(`Cannot open the archive ${file}: ${(error as Error).message}`, {
      cause: error
    })
  }
  try {
    return prepareArchive(db, file, readonly, found)
  } catch (error) {
    db.close()
    // Not a database, corrupt, or locked past the timeout: a person can act on the file.
    if (error instanceof Database.SqliteError) {
      throw new CoreError(`Cannot open the archive ${file}: ${error.message}`, { cause: error })
    }
    throw error
  }
}

function prepareArchive(
  db: Database.Database,
  file: string,
  readonly: boolean,
  found: ArchiveFileKind
): Archive {
  // Before anything writes: a file from a newer version must be left exactly as it is.
  assertKnownVersion(db, MIGRATIONS)
  if (readonly) {
    if (schemaVersion(db) < latestVersion(MIGRATIONS)) {
      throw new CoreError(
        `The archive ${file} needs an upgrade that a read-only open cannot make: ` +
          'open it once with write access.'
      )
    }
  } else {
    db.pragma('journal_mode = WAL')
    // With WAL, NORMAL loses at most the last commits on power loss, never consistency.
    db.pragma('synchronous = NORMAL')
    // The only fsyncs left are at checkpoints; checkpointing every ~40 MB of WAL instead of the
    // default 4 MB made a crawl's page writes a quarter faster or more.
    db.pragma(`wal_autocheckpoint = ${AUTO_CHECKPOINT_PAGES}`)
    db.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT_BYTES}`)
  }
  db.pragma('foreign_keys = ON')
  if (!readonly) {
    migrate(db, MIGRATIONS)
    // Archives made before the mark are known by their tables; marked, they are known at once.
    if (found.kind === 'new' || !found.marked) {
      db.pragma(`application_id = ${ARCHIVE_APPLICATION_ID}`)
    }
  }

  const syncState = prepareSyncState(db)
  const transcriptReader = prepareTranscriptReader(db)
  const transcriptWriter = prepareTranscriptWriter(db)
  const transcriptTargets = prepareTranscriptTargets(db)
  const searcher = prepareSearch(db, transcriptReader)
  const customer = prepareCustomer(db)
  const filterOptions = prepareFilterOptions(db)
  const writePages = prepareWritePages(db, syncState, transcriptWriter)
  const completeCrawl = prepareCompleteCrawl(db, syncState)
  const markRemovedBatch = prepareMarkRemovedBatch(db)
  const get = prepareGetConversation(db)
  const stats = prepareStats(db)
  const insights = prepareInsights(db, prepareCompletions(db))
  const counts = prepareCounts(db)

  return {
    file,
    search: (query) => searcher.search(query),
    count: (query, cap) => searcher.count(query, cap),
    get,
    stats,
    insights: (query) => insights.insights(query),
    counts: counts.counts,
    types: counts.types,
    assistants: () => filterOptions.assistants(),
    senders: () => filterOptions.senders(),
    writePages,
    writePage: (rows, seenAt, checkpoint) => writePages([{ rows, seenAt, checkpoint }])[0],
    readCheckpoint: () => syncState.readCheckpoint(),
    completeCrawl,
    markRemovedBatch,
    syncHistory: () => syncState.readHistory(),
    transcript: (id) => transcriptReader.transcript(id),
    customer,
    writeTranscript: (transcript) => transcriptWriter.write([transcript]),
    writeTranscripts: (transcripts) => transcriptWriter.write(transcripts),
    markTranscriptNotFound: (target, at) => transcriptWriter.markNotFound(target, at),
    transcriptTargets: (query) => transcriptTargets.targets(query),
    transcriptCounts: (options) => transcriptTargets.counts(options),
    copyTo: (target) => {
      db.prepare('VACUUM INTO ?').run(target)
    },
    close: () => {
      db.close()
    }
  }
}
