import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import postgres from 'postgres';
import { inject } from 'vitest';
import { createDb, type DbHandle } from '../../src/db/client.js';
import { migrateDb } from '../../src/db/migrate.js';
import { databaseUrlFor, type TestDbContext } from './global-setup.js';

/*
 * A migrated database of this test file's own: PGlite in memory, or, when
 * DATABASE_URL is set, a fresh Postgres database copied from the run's
 * template. Test files run in separate module graphs, so the cache below is
 * per file; tests within a file share the database and should each create
 * their own org.
 *
 *   let handle: DbHandle;
 *   beforeAll(async () => { handle = await openTestDb(); });
 *   afterAll(() => handle.close());
 */

let opening: Promise<DbHandle> | undefined;

export function openTestDb(): Promise<DbHandle> {
  opening ??= open().catch((error: unknown) => {
    opening = undefined;
    throw error;
  });
  return opening;
}

async function open(): Promise<DbHandle> {
  const context: TestDbContext | undefined = inject('hallwayTestDb');
  const handle = context?.driver === 'postgres' ? await openPostgresDatabase(context, context.template) : await openPglite(context);
  const close = async () => {
    opening = undefined;
    await handle.close();
  };
  return { ...handle, close };
}

/**
 * A database of its own, migrated like openTestDb's but not shared through
 * its cache: for a test running several apps that must not see each other's
 * rows (each app's queue claims every delivery due). Close it when done.
 */
export async function openOwnTestDb(): Promise<DbHandle> {
  const context: TestDbContext | undefined = inject('hallwayTestDb');
  return context?.driver === 'postgres' ? openPostgresDatabase(context, context.template) : openPglite(context);
}

/**
 * A database with nothing in it, not even migrations, for testing migrateDb
 * itself. Not cached: close it when done.
 */
export async function openEmptyTestDb(): Promise<DbHandle> {
  const context: TestDbContext | undefined = inject('hallwayTestDb');
  if (context?.driver === 'postgres') return openPostgresDatabase(context, 'template0');
  assertNoDatabaseUrl();
  return createDb({ dataDir: 'memory://' });
}

function assertNoDatabaseUrl(): void {
  if (process.env.DATABASE_URL) {
    throw new Error(
      "DATABASE_URL is set but the test databases were not prepared: add globalSetup: ['tests/support/global-setup.ts'] to vitest.config.ts",
    );
  }
}

async function openPglite(context: TestDbContext | undefined): Promise<DbHandle> {
  assertNoDatabaseUrl();
  if (context?.driver === 'pglite') {
    const loadDataDir = new Blob([await readFile(context.snapshotPath)]);
    return createDb({ dataDir: 'memory://', loadDataDir });
  }
  // Without the global setup: slower, but still correct.
  const handle = await createDb({ dataDir: 'memory://' });
  await migrateDb(handle);
  return handle;
}

async function openPostgresDatabase(
  context: Extract<TestDbContext, { driver: 'postgres' }>,
  template: string,
): Promise<DbHandle> {
  const name = `${context.prefix}${randomBytes(6).toString('hex')}`;
  const admin = postgres(context.adminUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database ${name} template ${template}`);
  } finally {
    await admin.end({ timeout: 5 });
  }
  const handle = await createDb({ databaseUrl: databaseUrlFor(context.adminUrl, name), dataDir: '' });
  // Dropped as soon as the file is done; the global teardown sweeps up after
  // files that never closed.
  const close = async () => {
    await handle.close();
    const admin = postgres(context.adminUrl, { max: 1, onnotice: () => {} });
    try {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
    } finally {
      await admin.end({ timeout: 5 });
    }
  };
  return { ...handle, close };
}
