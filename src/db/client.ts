import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { sql, type Logger } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import * as schema from './schema.js';
import { parse as parseTextArray } from 'postgres-array';
import { builtSnapshot, unpackSnapshot } from './snapshot.js';

/** pg_type.oid of text[]: fixed in every Postgres (pg_type.dat). */
const TEXT_ARRAY_OID = 1009;

/**
 * Both drivers' databases extend PgDatabase; only the query-result type
 * differs. Code that runs on either is written against this, never against
 * a driver's class, so nothing has to be cast.
 */
export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;

/** The rows of a db.execute() result: postgres.js answers with the rows, PGlite with { rows }. */
export function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

/**
 * Statements sent to the database through `db`, BEGIN and COMMIT included:
 * what a command costs in round trips. Only ever grows; read it before and
 * after. Queries of migrateDb's own client are not counted.
 */
export interface QueryStats {
  queries: number;
}

interface DbHandleBase {
  db: Database;
  stats: QueryStats;
  /** Throws unless the database answers a trivial query. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface PostgresDbHandle extends DbHandleBase {
  driver: 'postgres';
  /** migrateDb opens its own one-connection client from it. Never log it. */
  databaseUrl: string;
}

export interface PgliteDbHandle extends DbHandleBase {
  driver: 'pglite';
  /** The embedded database itself: one session, shared by every query. */
  client: PGlite;
}

/** Narrow on `driver` to reach what only one driver has. */
export type DbHandle = PostgresDbHandle | PgliteDbHandle;

export interface CreateDbOptions {
  /** Postgres when set; otherwise embedded PGlite in `dataDir`. */
  databaseUrl?: string;
  /** A folder (created if missing), or `memory://` for a throwaway database. */
  dataDir: string;
  /**
   * PGlite only: start from a snapshot made by PGlite.dumpDataDir(). A new
   * data folder without one starts from the migrated snapshot scripts/build.mjs
   * made (see snapshot.ts), when there is one for the current migrations.
   */
  loadDataDir?: Blob | File;
  /** PGlite only: false starts a new folder empty, without the built snapshot (to test migrating from scratch). */
  snapshot?: boolean;
}

/** drizzle calls logQuery once per statement it sends, in or out of a transaction. */
function countingLogger(stats: QueryStats): Logger {
  return {
    logQuery: () => {
      stats.queries += 1;
    },
  };
}

export async function createDb(opts: CreateDbOptions): Promise<DbHandle> {
  return opts.databaseUrl ? openPostgres(opts.databaseUrl) : openPglite(opts.dataDir, opts.loadDataDir, opts.snapshot ?? true);
}

/**
 * Session settings for every connection the bot opens. JIT off: a bot's
 * queries are short, and for the few big ones (an organisation-wide digest)
 * Postgres's cost-based JIT spent 1–3 s compiling to save milliseconds
 * (EXPLAIN ANALYZE in bench/digest.sections.ts). No parallel workers: the
 * bot already runs its statements side by side (a digest's eleven sections
 * at once over the pool), so workers only added processes that each built
 * the same hash tables again: an organisation-wide digest took ~1.0 s with
 * them and ~0.87 s without at load 4–5 on the 2-core machine, although its
 * sections each took longer alone (bench/digest.sections.ts, 3 Dec 2026).
 */
export const POSTGRES_SESSION = { jit: 'off', max_parallel_workers_per_gather: '0' } as const;

/**
 * postgres.js options for every client the bot opens.
 *
 * NOTICEs ("relation already exists, skipping" from IF NOT EXISTS) are
 * routine and would otherwise be printed by postgres.js on every start.
 *
 * `fetch_types: false`: by default postgres.js starts every new connection
 * with a catalog query for array types, and drops that query's promise
 * (porsager/postgres#1192, #1223, 3.4.9): a connection cut during it (a
 * failover, a network blip while the pool reconnects) is an unhandled
 * rejection, which ends the whole Node process, and the error is replayed
 * onto the next query. We need little of what it fetches: drizzle writes
 * array columns as Postgres array literals, and array parameters in raw SQL
 * are passed as literals too (note.quick.ts). The one array type we read,
 * text[] (every array column in schema.ts), is parsed by `postgres-array`
 * (node-postgres's parser; drizzle's fallback drops backslashes),
 * registered by its fixed oid. Any other array computed in raw SQL (say,
 * array_agg of uuids) would come back as its text form on Postgres and as an
 * array on PGlite: aggregate into jsonb instead (discovery.store.ts).
 */
export const POSTGRES_OPTIONS = {
  onnotice: () => {},
  fetch_types: false,
  types: {
    textArray: { to: TEXT_ARRAY_OID, from: [TEXT_ARRAY_OID], serialize: (literal: string) => literal, parse: (text: string) => parseTextArray(text) },
  },
  connection: POSTGRES_SESSION,
};

function openPostgres(databaseUrl: string): PostgresDbHandle {
  const client = postgres(databaseUrl, POSTGRES_OPTIONS);
  const stats: QueryStats = { queries: 0 };
  // BEGIN and COMMIT are sent by postgres.js itself, unseen by drizzle's logger.
  const begin = client.begin.bind(client);
  client.begin = ((...args: Parameters<typeof begin>) => {
    stats.queries += 2;
    return begin(...args);
  }) as typeof client.begin;
  const db = drizzlePostgres({ client, schema, logger: countingLogger(stats) });
  return {
    driver: 'postgres',
    db,
    stats,
    databaseUrl,
    ping: async () => {
      await db.execute(sql`select 1`);
    },
    close: () => client.end({ timeout: 5 }),
  };
}

async function openPglite(dataDir: string, loadDataDir: Blob | File | undefined, useSnapshot: boolean): Promise<PgliteDbHandle> {
  let release = async () => {};
  if (!dataDir.includes('://')) {
    await mkdir(dataDir, { recursive: true });
    release = await lockDataDir(dataDir);
  }
  const isNewFolder = !dataDir.includes('://') && !existsSync(join(dataDir, 'PG_VERSION'));
  const built = isNewFolder && !loadDataDir && useSnapshot ? await builtSnapshot() : undefined;
  // Unpacked onto disk, then opened like any existing folder; PGlite's own
  // loadDataDir (which unpacks in memory first) if that fails.
  const unpacked = built && (await unpackSnapshot(built, dataDir).then(() => true, async () => {
    await emptyFolder(dataDir);
    return false;
  }));
  const snapshot = loadDataDir ?? (unpacked ? undefined : built);
  const client = await PGlite.create(dataDir, pgliteOptions(snapshot)).catch(async (err: unknown) => {
    await release();
    throw err;
  });
  const stats: QueryStats = { queries: 0 };
  // BEGIN and COMMIT are sent by PGlite itself, unseen by drizzle's logger.
  const transaction = client.transaction.bind(client);
  client.transaction = ((fn) => {
    stats.queries += 2;
    return transaction(fn);
  }) as typeof client.transaction;
  const db = drizzlePglite({ client, schema, logger: countingLogger(stats) });
  return {
    driver: 'pglite',
    db,
    stats,
    client,
    ping: async () => {
      await db.execute(sql`select 1`);
    },
    close: async () => {
      await client.close();
      await release();
    },
  };
}

async function emptyFolder(dir: string): Promise<void> {
  for (const entry of await readdir(dir)) await rm(join(dir, entry), { recursive: true, force: true });
}

/**
 * Sized for a bot, not a server. Postgres's default shared_buffers (128 MB)
 * is taken from PGlite's WebAssembly memory and touched at start, so it is
 * resident from the first second; a bot's working set is a few MB of hot rows
 * and indexes. 16 MB took idle RSS from ~480 to ~380 MB in bench/startup.ts
 * without slowing its queries. The WebAssembly memory itself cannot start
 * below PGlite's 128 MB (its module declares that minimum).
 */
const PGLITE_SETTINGS = ['-c', 'shared_buffers=16MB'];

/** PGlite's own start parameters (not in its types), with ours appended. */
function pgliteOptions(loadDataDir: Blob | File | undefined) {
  const defaults = (PGlite as unknown as { defaultStartParams?: string[] }).defaultStartParams;
  return { ...(defaults ? { startParams: [...defaults, ...PGLITE_SETTINGS] } : {}), ...(loadDataDir ? { loadDataDir } : {}) };
}

/**
 * PGlite is one process's database: a second process opening the same folder
 * (say `npx hallway run-due` beside `npm start`) would corrupt it. A lock file
 * beside the folder, holding the owner's pid, turns that into a clear error.
 */
async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  const lock = `${resolve(dataDir)}.lock`;
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      await writeFile(lock, String(process.pid), { flag: 'wx' });
      return () => rm(lock, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = Number(await readFile(lock, 'utf8').catch(() => ''));
      if (owner && owner !== process.pid && isAlive(owner)) {
        throw new Error(
          `the data folder ${dataDir} is in use by process ${owner} (PGlite allows one process); stop it first, or use DATABASE_URL for a shared Postgres`,
        );
      }
      await rm(lock, { force: true }); // left behind by a process that is gone
    }
  }
  throw new Error(`could not lock the data folder ${dataDir}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
