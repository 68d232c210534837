import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { createDb } from '../../src/db/client.js';
import { migrateDb } from '../../src/db/migrate.js';
import { writeSnapshot } from '../../src/db/snapshot.js';

/*
 * Prepares, once per run, what tests/support/test-db.ts hands each test file:
 *  - PGlite (no DATABASE_URL): a snapshot of a freshly migrated database.
 *    Booting from it takes ~1 s instead of ~4 s for initdb plus migrations.
 *    It is cached on disk under a hash of the migrations and the PGlite
 *    version, so only the first run after a schema change pays for it.
 *  - Postgres (DATABASE_URL): a migrated template database, from which each
 *    test file gets its own copy. Names carry a per-run id so that several
 *    people running tests against one server never touch each other's.
 */

export type TestDbContext =
  | { driver: 'pglite'; snapshotPath: string }
  | { driver: 'postgres'; adminUrl: string; template: string; prefix: string };

declare module 'vitest' {
  export interface ProvidedContext {
    hallwayTestDb: TestDbContext;
  }
}

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const migrationsFolder = join(repoRoot, 'migrations');

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    project.provide('hallwayTestDb', { driver: 'pglite', snapshotPath: await pgliteSnapshot() });
    return async () => {};
  }

  const runId = randomBytes(4).toString('hex');
  const template = `hallway_tpl_${runId}`;
  const prefix = `hallway_t_${runId}_`;
  const admin = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${template}`);
  const handle = await createDb({ databaseUrl: databaseUrlFor(databaseUrl, template), dataDir: '' });
  try {
    await migrateDb(handle, migrationsFolder);
  } finally {
    // CREATE DATABASE … TEMPLATE refuses a template anyone is connected to.
    await handle.close();
  }
  project.provide('hallwayTestDb', { driver: 'postgres', adminUrl: databaseUrl, template, prefix });

  return async () => {
    const rows = await admin<{ datname: string }[]>`
      select datname from pg_database where datname like ${`${prefix}%`} or datname = ${template}`;
    for (const { datname } of rows) await admin.unsafe(`drop database if exists ${datname} with (force)`);
    await admin.end({ timeout: 5 });
  };
}

/** The same server and credentials, another database. */
export function databaseUrlFor(databaseUrl: string, database: string): string {
  const url = new URL(databaseUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

async function pgliteSnapshot(): Promise<string> {
  const cacheDir = join(repoRoot, 'node_modules', '.cache', 'hallway');
  await mkdir(cacheDir, { recursive: true });
  // The same snapshot `npm start` makes at build time, kept under node_modules for tests.
  return writeSnapshot(cacheDir, migrationsFolder);
}
