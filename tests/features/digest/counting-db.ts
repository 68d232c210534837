import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import type { Database, DbHandle } from '../../../src/db/client.js';
import * as schema from '../../../src/db/schema.js';

/**
 * The same database, seen through a drizzle instance that counts every
 * statement it sends (drizzle's logger is called once per query), so a test
 * can show how many queries a digest costs.
 */
export function countingDb(handle: DbHandle): { db: Database; count(): number; reset(): void; close(): Promise<void> } {
  let n = 0;
  const logger = { logQuery: () => void (n += 1) };
  if (handle.driver === 'pglite') {
    return { db: drizzlePglite({ client: handle.client, schema, logger }), count: () => n, reset: () => void (n = 0), close: async () => {} };
  }
  const client = postgres(handle.databaseUrl, { max: 4, onnotice: () => {} });
  return {
    db: drizzlePostgres({ client, schema, logger }),
    count: () => n,
    reset: () => void (n = 0),
    close: () => client.end({ timeout: 5 }),
  };
}
