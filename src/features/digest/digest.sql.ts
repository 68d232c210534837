import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '../../db/client.js';

/**
 * Runs one raw, set-based query and checks its rows. It goes through the
 * query builder as a prepared statement, because db.execute() sends an
 * unnamed statement that Postgres plans afresh every time, and planning
 * these queries cost as much as running them (bench/digest.ts). Each row
 * comes back as one jsonb value, so both drivers hand over the same shape;
 * every figure is cast to int in SQL and the schema checks it. The wrapper
 * is a plain projection of the subquery, which keeps the subquery's ORDER BY.
 */
export async function queryRows<S extends z.ZodType>(db: Database, name: string, query: SQL, row: S): Promise<z.infer<S>[]> {
  const rows = await db
    .select({ r: sql<unknown>`to_jsonb(q)` })
    .from(sql`(${query}) as q`)
    .prepare(name)
    .execute();
  return rows.map(({ r }) => row.parse(typeof r === 'string' ? JSON.parse(r) : r));
}

export const int = z.coerce.number().int();
export const nullableInt = z.union([z.null(), z.coerce.number().int()]);

/** A Date as a timestamptz parameter: both drivers accept the ISO text. */
export function ts(d: Date): SQL {
  return sql`${d.toISOString()}::timestamptz`;
}
