import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '../../db/client.js';

/**
 * Runs one raw, set-based query and checks its rows. db.execute() answers a
 * row array on postgres.js and `{ rows }` on PGlite, and the two drivers
 * disagree on how numbers come back (int8 as string, bigint or number), so
 * every query casts to int and the schema coerces.
 */
export async function queryRows<S extends z.ZodType>(db: Database, query: SQL, row: S): Promise<z.infer<S>[]> {
  const result: unknown = await db.execute(query);
  const raw = Array.isArray(result) ? result : (result as { rows?: unknown[] }).rows;
  if (!Array.isArray(raw)) throw new Error('the database answered without rows');
  return raw.map((r) => row.parse(r));
}

export const int = z.coerce.number().int();
export const nullableInt = z.union([z.null(), z.coerce.number().int()]);

/** A Date as a timestamptz parameter: both drivers accept the ISO text. */
export function ts(d: Date): SQL {
  return sql`${d.toISOString()}::timestamptz`;
}
