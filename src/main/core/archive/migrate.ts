import type { Database } from 'better-sqlite3'
import { ArchiveVersionError } from '../errors'

/** One step of the schema. Versions are 1, 2, 3... in order; a released step never changes. */
export interface Migration {
  version: number
  name: string
  up(db: Database): void
}

export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number
}

/** Refuses a file this code cannot read, before anything touches it. */
export function assertKnownVersion(db: Database, migrations: readonly Migration[]): void {
  const version = schemaVersion(db)
  const latest = latestVersion(migrations)
  if (version > latest) {
    throw new ArchiveVersionError(
      `The archive ${db.name} was written by a newer version of Conversation Browser ` +
        `(schema ${version}; this version knows up to ${latest}); update the app.`
    )
  }
}

export function latestVersion(migrations: readonly Migration[]): number {
  return migrations.at(-1)?.version ?? 0
}

/**
 * Brings the file up to the latest schema. Every pending step runs in one transaction together
 * with the new user_version, so a failure leaves the file exactly as it was.
 */
export function migrate(db: Database, migrations: readonly Migration[]): void {
  assertSequential(migrations)
  assertKnownVersion(db, migrations)
  if (schemaVersion(db) === latestVersion(migrations)) return
  // IMMEDIATE takes the write lock before reading the version again, so two processes opening
  // the same old file cannot both run the same step.
  db.transaction(() => {
    const current = schemaVersion(db)
    for (const migration of migrations) if (migration.version > current) migration.up(db)
    db.pragma(`user_version = ${latestVersion(migrations)}`)
  }).immediate()
}

// A gap or a duplicate would silently skip or repeat a step on someone's archive.
function assertSequential(migrations: readonly Migration[]): void {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(
        `Migration ${migration.name} has version ${migration.version}, not ${index + 1}`
      )
    }
  })
}
