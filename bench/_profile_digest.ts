// @ts-nocheck -- scratch profiling script, deleted before the report
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { createDb } from '../src/db/client.js';
import { migrateDb } from '../src/db/migrate.js';
import * as schema from '../src/db/schema.js';
import { buildDigest } from '../src/features/digest/digest.build.js';
import { generateBook } from './digest.generate.js';
const T = new Date('2026-11-30T08:00:00.000Z');
const url = new URL(process.env.DATABASE_URL!); url.pathname = '/hallway_bench_digest_profile';
const admin = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
const fresh = process.argv[2] === 'fresh';
if (fresh) { await admin.unsafe('drop database if exists hallway_bench_digest_profile with (force)'); await admin.unsafe('create database hallway_bench_digest_profile'); }
const handle = await createDb({ databaseUrl: url.toString(), dataDir: '' });
await migrateDb(handle);
const captured: Array<{ q: string; p: unknown[] }> = [];
const client = postgres(url.toString(), { max: 10, onnotice: () => {} });
const db = drizzle({ client, schema, logger: { logQuery: (q, p) => void captured.push({ q, p }) } });
let book;
if (fresh) { book = await generateBook(db, { tag: 's', managers: 100, amsPerManager: 5, accounts: 10_000, notes: 200_000 }, T); await db.execute(sql`analyze`); }
const { createHash } = await import('node:crypto');
const h = createHash('md5').update(process.argv[3] ?? 's-m-7').digest('hex');
const id = `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
captured.length = 0;
await buildDigest(db, { managerId: id, at: T, timezone: 'Europe/Berlin', defaultTimezone: 'UTC' });
for (const { q, p } of captured) {
  const rows = await client.unsafe(`explain (analyze, buffers off) ${q}`, p as never[]);
  const lines = rows.map((r: Record<string, string>) => r['QUERY PLAN']);
  console.log('----', q.replace(/\s+/g, ' ').slice(0, 90));
  console.log(/with acc/.test(q) ? lines.join('\n') : lines.filter((l: string) => /Execution Time/.test(l)).join('\n'));
}
await client.end(); await handle.close(); await admin.end();
