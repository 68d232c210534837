import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { type DbHandle, POSTGRES_OPTIONS } from './client.js';

/**
 * The repo's migrations/ folder, seen from this module: src/db/ when run from
 * the sources (tests, tsx), dist/ when bundled by scripts/build.mjs.
 */
export const defaultMigrationsFolder = ['../../migrations', '../migrations']
  .map((rel) => fileURLToPath(new URL(rel, import.meta.url)))
  .find((dir) => existsSync(`${dir}/meta/_journal.json`)) ?? fileURLToPath(new URL('../../migrations', import.meta.url));

/**
 * Key of the session-level advisory lock held while migrating ('HALL' in
 * ASCII). Any constant works as long as nothing else in the database uses it.
 */
export const MIGRATION_LOCK_KEY = 0x48414c4c;

/**
 * Brings the schema up to date. Safe to call on every start, and from several
 * instances starting at once: drizzle's migrator reads the last applied
 * migration before its transaction, so two unguarded runs could both try to
 * apply the same one; the advisory lock makes the second wait, then find
 * nothing to do.
 */
export async function migrateDb(handle: DbHandle, migrationsFolder = defaultMigrationsFolder): Promise<void> {
  if (handle.driver === 'postgres') {
    await migratePostgresDb(handle.databaseUrl, migrationsFolder);
  } else {
    await migratePgliteDb(handle.client, migrationsFolder);
  }
}

async function migratePostgresDb(databaseUrl: string, migrationsFolder: string): Promise<void> {
  // pg_advisory_lock belongs to the session (connection) that took it, so
  // the lock, the migration and the unlock must all run on one connection.
  // The handle's pool would spread them over several, and sql.reserve()
  // gives a single connection without begin(), which the migrator needs for
  // its transaction. A client of its own with max: 1 has both.
  const client = postgres(databaseUrl, { ...POSTGRES_OPTIONS, max: 1 });
  try {
    await client`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`;
    try {
      await migratePostgres(drizzlePostgres({ client }), { migrationsFolder });
    } finally {
      await client`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`;
    }
  } finally {
    await client.end({ timeout: 5 });
  }
}

/*
 * PGlite is one session shared by the whole process, where an advisory lock
 * is re-entrant and so excludes nothing; only one process can open a PGlite
 * data folder anyway. Concurrent calls in this process are queued instead.
 */
const pgliteQueues = new WeakMap<PGlite, Promise<void>>();

async function migratePgliteDb(client: PGlite, migrationsFolder: string): Promise<void> {
  const previous = pgliteQueues.get(client) ?? Promise.resolve();
  const run = previous.catch(() => {}).then(() => migratePglite(drizzlePglite({ client }), { migrationsFolder }));
  pgliteQueues.set(client, run);
  await run;
}
