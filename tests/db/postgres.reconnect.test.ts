import { afterAll, describe, expect, it } from 'vitest';
import { createDb, type DbHandle } from '../../src/db/client.js';
import { startPgProxy, type PgProxy } from '../support/pg-proxy.js';
import { openTestDb } from '../support/test-db.js';

/*
 * The database connection cut under the bot, through a TCP proxy in front of
 * the test's Postgres: at the first query of a new connection (when
 * postgres.js, by default, fetches array types with a promise nobody holds:
 * an unhandled rejection that ends the process), and all at once.
 */

const DATABASE_URL = process.env.DATABASE_URL;
if (!DATABASE_URL) console.warn('postgres reconnect: skipped; it needs Postgres (DATABASE_URL=postgres://postgres@127.0.0.1:5432/test)');

const cleanup: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const fn of cleanup.reverse()) await fn().catch(() => {});
});

async function throughProxy(): Promise<{ proxy: PgProxy; db: DbHandle }> {
  const testDb = await openTestDb();
  cleanup.push(() => testDb.close());
  if (testDb.driver !== 'postgres') throw new Error('expected the Postgres test database');
  const proxy = await startPgProxy(testDb.databaseUrl);
  cleanup.push(() => proxy.close());
  const db = await createDb({ databaseUrl: proxy.url(testDb.databaseUrl), dataDir: '' });
  cleanup.push(() => db.close());
  return { proxy, db };
}

/** Unhandled rejections while `fn` runs and a moment after (they are reported once the microtasks ran). */
async function unhandledDuring(fn: () => Promise<void>): Promise<unknown[]> {
  const seen: unknown[] = [];
  const listener = (reason: unknown) => seen.push(reason);
  process.on('unhandledRejection', listener);
  try {
    await fn();
    await new Promise((r) => setTimeout(r, 200));
  } finally {
    process.off('unhandledRejection', listener);
  }
  return seen;
}

/** The error code of a failed query, wherever drizzle or the driver put it. */
function codeOf(error: unknown): unknown {
  for (let e: unknown = error; e instanceof Error; e = e.cause) if ('code' in e && typeof e.code === 'string') return e.code;
  return error;
}

/** One trivial query: 1 when it answered. */
const one = async (db: DbHandle) => {
  await db.ping();
  return 1;
};

describe.skipIf(!DATABASE_URL)('a Postgres connection cut under the bot', () => {
  it('at the first query of a new connection costs at most that query, never the process, and the next one works', async () => {
    const { proxy, db } = await throughProxy();
    proxy.cutAtFirstQuery(1);
    let first: unknown;
    const unhandled = await unhandledDuring(async () => {
      first = await one(db).catch(codeOf);
      expect(await one(db)).toBe(1);
    });
    expect(proxy.resets).toBe(1);
    // The cut query failed with the cut's own error (not one replayed from an earlier connection), to its caller.
    expect(first).toBe('ECONNRESET');
    expect(unhandled).toEqual([]);
  });

  it('cut all at once and refused for a while: queries fail to their callers meanwhile, and work again after', async () => {
    const { proxy, db } = await throughProxy();
    expect(await one(db)).toBe(1);
    let during: unknown;
    const unhandled = await unhandledDuring(async () => {
      proxy.cutAll(500);
      during = await one(db).catch(codeOf);
      await new Promise((r) => setTimeout(r, 600));
      expect(await one(db)).toBe(1);
    });
    expect(during).toBe('ECONNRESET');
    expect(unhandled).toEqual([]);
  });
});
