/**
 * Where one organisation-wide digest's time goes: each of its sections timed
 * alone over the book bench/digest.ts leaves behind with --keep, and the plan
 * of one (EXPLAIN ANALYZE). With --team N, the same for N team digests
 * (each section's time summed over N managers of the full book, one at a
 * time), which is where the 1,000 digests' time goes; --explain then
 * explains the section for the first of them.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npx tsx bench/digest.ts --keep   # once, to make the book
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npx tsx bench/digest.sections.ts [--team 100] [--explain accountHealth|all] [--generic]
 */
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { POSTGRES_SESSION } from '../src/db/client.js';
import * as schema from '../src/db/schema.js';
import {
  accountHealth,
  notesByAuthor,
  notesTrend,
  overdueFollowUps,
  relationships,
  staleDiscoveryByOwner,
  staleRemindersByOwner,
} from '../src/features/digest/digest.book.queries.js';
import { actionTrends } from '../src/features/digest/digest.trend.queries.js';
import type { DigestScope } from '../src/features/digest/digest.scope.js';
import { painCounts, shareableQuotes, storyStats } from '../src/features/digest/digest.voice.queries.js';
import { DEFAULT_GOING_COLD_DAYS, STALE_WORKING_DAYS } from '../src/domain/digest.model.js';
import { daysBefore, digestWindow, workingDaysBefore } from '../src/domain/digest.week.js';
import { buildDigest } from '../src/features/digest/digest.build.js';
import { arg, loadAverage } from './support.js';

if (!process.env.DATABASE_URL) {
  console.log('bench/digest.sections: skipped (needs DATABASE_URL and the book bench/digest.ts --keep leaves)');
  process.exit(0);
}
const url = new URL(process.env.DATABASE_URL);
url.pathname = '/hallway_bench_digest';
const client = postgres(url.toString(), { max: 10, onnotice: () => {}, connection: POSTGRES_SESSION });
const db = drizzle({ client, schema });
const T = new Date('2026-11-30T08:00:00.000Z');
const zone = 'Europe/Berlin';

const window = digestWindow(T, zone);
const [t0, t1] = [window.bounds[0]!, window.bounds[1]!];
const scopeOf = (orgId: string, managerId: string, reach: DigestScope['reach']): DigestScope => ({
  orgId,
  managerId,
  reach,
  window,
  defaultTimezone: 'UTC',
  coldSince: [daysBefore(t0, DEFAULT_GOING_COLD_DAYS, zone), daysBefore(t1, DEFAULT_GOING_COLD_DAYS, zone)],
  staleSince: [workingDaysBefore(t0, STALE_WORKING_DAYS, zone), workingDaysBefore(t1, STALE_WORKING_DAYS, zone)],
});
const sections = {
  notesByAuthor,
  notesTrend,
  accountHealth,
  relationships,
  staleRemindersByOwner,
  overdueFollowUps,
  staleDiscoveryByOwner,
  painCounts,
  shareableQuotes,
  storyStats,
  actionTrends,
};
const bigOrg = client`(select org_id from accounts group by org_id order by count(*) desc limit 1)`;
const teams = Number(arg('team', '0'));
let scope: DigestScope;
if (teams > 0) {
  // N managers with a team, of the full book.
  const rows = await client<{ id: string; org_id: string }[]>`
    select u.id, u.org_id from users u
    where u.role = 'manager' and exists (select 1 from team_members tm where tm.manager_id = u.id) and u.org_id = ${bigOrg}
    order by u.external_id limit ${teams}`;
  const scopes = rows.map((r) => scopeOf(r.org_id, r.id, 'team'));
  scope = scopes[0]!;
  console.log(`${scopes.length} team digests' sections, each summed over the managers (load average ${loadAverage()}; the machine is shared)`);
  for (const [name, fn] of Object.entries(sections)) {
    await fn(db, scope); // warm the cache and the prepared statement
    const t = performance.now();
    for (const sc of scopes) await fn(db, sc);
    const ms = performance.now() - t;
    console.log(`  ${name.padEnd(22)} ${ms.toFixed(0).padStart(6)} ms  (${(ms / scopes.length).toFixed(2)} ms each)`);
  }
  const t = performance.now();
  for (const r of rows) await buildDigest(db, { managerId: r.id, at: T, timezone: zone, defaultTimezone: 'UTC' });
  console.log(`  whole digests (sections side by side, one digest at a time) ${(performance.now() - t).toFixed(0)} ms`);
} else {
  // The org-wide manager: a manager with no team (bench/digest.generate.ts makes one).
  const [row] = await client<{ id: string; org_id: string }[]>`
    select u.id, u.org_id from users u
    where u.role = 'manager' and not exists (select 1 from team_members tm where tm.manager_id = u.id) and u.org_id = ${bigOrg}
    limit 1`;
  if (!row) throw new Error('no org-wide manager: run bench/digest.ts --keep first');
  scope = scopeOf(row.org_id, row.id, 'org');
  console.log(`org-wide digest sections (load average ${loadAverage()}; the machine is shared)`);
  for (const [name, fn] of Object.entries(sections)) {
    await fn(db, scope); // warm the cache and the prepared statement
    const t = performance.now();
    await fn(db, scope);
    console.log(`  ${name.padEnd(22)} ${(performance.now() - t).toFixed(0).padStart(6)} ms`);
  }
  const t = performance.now();
  await buildDigest(db, { managerId: row.id, at: T, timezone: zone, defaultTimezone: 'UTC' });
  console.log(`  whole digest (sections side by side) ${(performance.now() - t).toFixed(0)} ms`);
}
if (process.argv.includes('--explain')) {
  let captured = '';
  // The section named after --explain (default accountHealth; `all`: every section's times), its SQL captured and explained.
  const which = process.argv[process.argv.indexOf('--explain') + 1] ?? 'accountHealth';
  let params: unknown[] = [];
  const spy = drizzle({ client, schema, logger: { logQuery: (q, p) => { captured = q; params = p; } } });
  // --generic: the plan Postgres settles on after a statement's fifth run (a generic plan, as the bench's pooled connections use).
  const generic = process.argv.includes('--generic');
  const explain = async (): Promise<string[]> => {
    if (!generic) return (await client.unsafe(`explain (analyze, buffers) ${captured}`, params as never[])).map((r) => String(Object.values(r)[0]));
    return client.begin(async (tx) => {
      await tx.unsafe(`set local plan_cache_mode = force_generic_plan`);
      const { types } = await tx.unsafe(captured).describe();
      const names = await tx<{ t: string }[]>`select format_type(oid, null) as t from unnest(${`{${types.join(",")}}`}::text::oid[]) with ordinality u(oid, i) order by i`;
      // Simple protocol: PREPARE's own $n are not the statement's parameters; the values go in as literals.
      await tx.unsafe(`prepare digest_section (${names.map((n) => n.t).join(', ')}) as ${captured}`).simple();
      const literal = (v: unknown) => `'${String(v instanceof Date ? v.toISOString() : v).replace(/'/g, "''")}'`;
      const plan = await tx.unsafe(`explain (analyze, buffers) execute digest_section(${params.map(literal).join(', ')})`).simple();
      await tx.unsafe(`deallocate digest_section`);
      return plan.map((r) => String(Object.values(r)[0]));
    });
  };
  if (which === 'all') {
    // Planning and execution time of every section's statement, as Postgres reports them.
    for (const [name, fn] of Object.entries(sections)) {
      await fn(spy, scope);
      const plan = await explain();
      const ms = (label: string) => plan.find((l) => l.startsWith(label))?.replace(/.*: /, '') ?? '?';
      console.log(`  ${name.padEnd(22)} planning ${ms('Planning Time').padStart(10)}, execution ${ms('Execution Time').padStart(10)}`);
    }
  } else {
    await sections[which as keyof typeof sections](spy, scope).catch(() => {});
    console.log((await explain()).join('\n'));
  }
}
await client.end({ timeout: 5 });
