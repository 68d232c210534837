/**
 * /hallway ask at scale: the answer without a model (names, words, ranking,
 * sources) over a book of 2M notes, with the ranking query's plan.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npx tsx bench/ask.ts [--keep]
 *
 * Works in a database of its own, `hallway_bench_ask`, created (after
 * dropping a leftover one) and dropped at the end; `--keep` leaves it and a
 * later `--keep` run reuses it. The books come from bench/digest.generate.ts;
 * their notes then get summaries drawn from a set of customer topics, so
 * that a question's words match a realistic share of the book (a common
 * topic about 1 note in 20, a rare one far fewer). Baseline: the 1/10 book
 * (200k notes) in the same run; the ratio full / baseline says whether an
 * answer costs what the book costs (10×) or what the matches cost.
 * Not a test: it never fails on time.
 */
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { createDb } from '../src/db/client.js';
import { migrateDb } from '../src/db/migrate.js';
import * as schema from '../src/db/schema.js';
import { nameCandidates, searchText } from '../src/domain/ask.question.js';
import { findNamed, findSources, hasSearchWords, textQuery } from '../src/features/ask/ask.store.js';
import type { Identity } from '../src/features/identity.js';
import { generateBook, md5uuid, type BookSize } from './digest.generate.js';

const DB_NAME = 'hallway_bench_ask';
const T = new Date('2026-11-30T08:00:00.000Z');
const RUNS = 5;

const BASELINE: BookSize = { tag: 's', managers: 100, amsPerManager: 5, accounts: 10_000, notes: 200_000 };
const FULL: BookSize = { tag: 'b', managers: 1_000, amsPerManager: 5, accounts: 100_000, notes: 2_000_000 };

/** What customers talk about; each note gets two, the second from a longer, rarer tail. */
const TOPICS = [
  'billing exports take a whole day', 'month-end close is manual', 'dispatchers want route alerts', 'SSO setup was painful',
  'invoice matching by hand', 'pricing is unclear to finance', 'audit prep eats a week', 'the mobile app logs them out',
  'reports time out at quarter end', 'they want a Teams integration', 'onboarding new drivers is slow', 'warehouse scanners drop sync',
  'approvals wait on one person', 'the API rate limit bites at night', 'payroll exports need cleanup', 'forecasts live in spreadsheets',
  'support tickets bounce between teams', 'data residency questions from legal', 'renewal depends on the roadmap', 'training videos are outdated',
];
const RARE = Array.from({ length: 400 }, (_, i) => `kx${i}`);

const QUESTIONS = (accountName: string) => [
  `What did ${accountName} say about billing?`,
  'who cares about month-end close?',
  'what do dispatchers want?',
  'anything about kx17?',
  `what did ${accountName} say?`,
];

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error('bench/ask needs DATABASE_URL (a Postgres it may create a database in)');
    process.exit(1);
  }
  const keep = process.argv.includes('--keep');
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  const exists = (await admin`select 1 from pg_database where datname = ${DB_NAME}`).length > 0;
  const reuse = keep && exists;
  if (!reuse) {
    await admin.unsafe(`drop database if exists ${DB_NAME} with (force)`);
    await admin.unsafe(`create database ${DB_NAME}`);
  }
  const benchUrl = new URL(url);
  benchUrl.pathname = `/${DB_NAME}`;
  const handle = await createDb({ databaseUrl: benchUrl.toString(), dataDir: '' });
  const client = postgres(benchUrl.toString(), { max: 4, onnotice: () => {} });
  const db = drizzle({ client, schema });
  try {
    await migrateDb(handle);
    const results: Array<{ size: BookSize; medianMs: number }> = [];
    for (const size of [BASELINE, FULL]) {
      let t = performance.now();
      const book = await generateBook(db, size, T, reuse);
      if (!reuse) {
        // The search column follows the summaries; rebuilding the index once is cheaper than updating it 2M times.
        await db.execute(sql`drop index if exists notes_search_idx`);
        await db.execute(sql`
          update notes set summary = (string_to_array(${TOPICS.join('|')}, '|'))[1 + (hashtext(id::text) & 1023) % ${TOPICS.length}] || '; ' || (string_to_array(${RARE.join('|')}, '|'))[1 + (hashtext(id::text || 'r') & 65535) % ${RARE.length}]
          where org_id = md5(${`${size.tag}-org`}::text)::uuid`);
        await db.execute(sql`create index if not exists notes_search_idx on notes using gin (search)`);
        await db.execute(sql`vacuum analyze`);
      }
      console.log(`\n${label(size)}: ${reuse ? 'reused' : `generated in ${secs(performance.now() - t)}`}; load average ${loadavg()[0]!.toFixed(1)}`);

      const orgId = md5uuid(`${size.tag}-org`);
      const member: Identity = { orgId, workspaceId: '', userId: md5uuid(`${size.tag}-a-17`), timezone: 'Europe/Berlin', role: 'member', displayName: 'Bench Member' };
      const manager: Identity = { ...member, userId: book.managerIds[0]!, role: 'manager' };
      const timings: number[] = [];
      for (const who of [member, manager]) {
        for (const question of QUESTIONS('Account 4242')) {
          const runs: number[] = [];
          let found = { sources: [] as unknown[], total: 0 };
          for (let r = 0; r < RUNS; r += 1) {
            t = performance.now();
            found = await findSources(db, who, question, T);
            runs.push(performance.now() - t);
          }
          const median = runs.sort((a, b) => a - b)[Math.floor(RUNS / 2)]!;
          timings.push(median);
          console.log(`  ${who.role.padEnd(15)} ${JSON.stringify(question).padEnd(44)} ${ms(median)} median of ${RUNS} (min ${ms(runs[0]!)}, max ${ms(runs.at(-1)!)}); ${found.total} matching, ${found.sources.length} shown`);
        }
      }
      const medianMs = timings.sort((a, b) => a - b)[Math.floor(timings.length / 2)]!;
      console.log(`  median over all questions: ${ms(medianMs)}; slowest ${ms(timings.at(-1)!)} (target ≤ 300 ms)`);
      results.push({ size, medianMs });

      if (size === FULL) {
        const question = QUESTIONS('Account 4242')[0]!;
        const named = await findNamed(db, orgId, nameCandidates(question));
        const words = searchText(question, named.keys);
        if (!(await hasSearchWords(db, words.any))) throw new Error('the question has no words to search');
        // The first window: what a common word costs (findSources widens only when it finds too few).
        const query = textQuery(db, member, words, new Date(T.getTime() - 7 * 86_400_000), true).toSQL();
        const plan = await client.unsafe(`explain (analyze, buffers) ${query.sql}`, query.params as never[]);
        console.log(`\n  plan of the ranking query for ${JSON.stringify(question)} (account manager, the first window: the last 7 days):`);
        for (const row of plan) console.log(`    ${String(Object.values(row)[0])}`);
      }
    }
    const [base, full] = results as [(typeof results)[0], (typeof results)[0]];
    console.log(`\nmedian answer time, full / baseline (10× the notes): ${(full.medianMs / base.medianMs).toFixed(2)}×`);
  } finally {
    await client.end({ timeout: 5 });
    await handle.close();
    if (!keep) await admin.unsafe(`drop database if exists ${DB_NAME} with (force)`);
    await admin.end({ timeout: 5 });
  }
}

function label(s: BookSize): string {
  return `${s === FULL ? 'full' : 'baseline'} (${s.accounts} accounts, ${s.notes} notes)`;
}
const secs = (n: number) => `${(n / 1000).toFixed(2)} s`;
const ms = (n: number) => `${n.toFixed(1)} ms`;

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
