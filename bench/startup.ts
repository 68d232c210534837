/**
 * Start-up: `npm start` with nothing else configured, until GET /healthz
 * answers 200, then its idle RSS. Three databases: a fresh PGlite data folder,
 * the same folder again (existing), and Postgres (a new database, then the
 * same one again). Two baselines, in the same run and the same way: the first
 * build's path, `node --enable-source-maps dist/main.js` (Node parsing the
 * whole source map at start, and V8 tiering PGlite's WebAssembly up to
 * TurboFan), and the original one, `npm run start:dev` (tsx transpiling
 * src/main.ts at every start).
 *
 *   npx tsx bench/startup.ts [--runs 3]
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npx tsx bench/startup.ts
 *
 * `npm start` builds dist/ first if the sources changed (scripts/start.mjs);
 * the bench builds once before measuring, and times the up-to-date check alone.
 * Without DATABASE_URL the Postgres rows are skipped.
 */
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { arg, loadAverage, median, ratio } from './support.js';

const root = join(import.meta.dirname, '..');
const runs = Number(arg('runs', '3'));
const databaseUrl = process.env.DATABASE_URL;

type Variant = { name: string; command: string[]; match: RegExp };
const built: Variant = { name: 'npm start (built)', command: ['npm', 'start', '--silent'], match: /scripts\/start\.mjs/ };
/** The first build (before lazy source maps and Liftoff-only WebAssembly): the bundle run with Node's eager source maps. */
const eager: Variant = { name: 'bundle, eager maps', command: ['node', '--enable-source-maps', 'dist/main.js'], match: /dist\/main\.js/ };
const tsx: Variant = { name: 'tsx (baseline)', command: ['npm', 'run', 'start:dev', '--silent'], match: /src\/main\.ts/ };

interface Start {
  ms: number;
  rssMb: number;
}

let port = 39_000 + (process.pid % 1000);

async function startOnce(variant: Variant, env: Record<string, string>): Promise<Start> {
  port += 1;
  const started = performance.now();
  const child = spawn(variant.command[0]!, variant.command.slice(1), {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PORT: String(port), LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
    detached: true,
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  try {
    let ms: number;
    for (;;) {
      const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.status === 200, () => false);
      if (ok) {
        ms = performance.now() - started;
        break;
      }
      if (performance.now() - started > 90_000) throw new Error(`${variant.name}: no /healthz 200 within 90 s; it said:\n${stderr.slice(-3000)}`);
      await new Promise((r) => setTimeout(r, 25));
    }
    // Idle: let start-up garbage be collected the way it would be, unforced.
    await new Promise((r) => setTimeout(r, 3000));
    return { ms, rssMb: serverRss(child.pid!, variant.match) };
  } finally {
    const exited = child.exitCode === null && child.signalCode === null ? new Promise((r) => child.once('exit', r)) : undefined;
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      // The whole group has already gone: said below.
    }
    await exited;
    // npm (or tsx's launcher) may exit before the server it started has finished its graceful stop,
    // which still holds the PGlite folder: wait until the whole process group has gone.
    for (let i = 0; i < 300 && groupAlive(child.pid!); i += 1) await new Promise((r) => setTimeout(r, 50));
    if (stderr.includes('Error')) console.log(`  ${variant.name}: the server said on stderr:\n${stderr.slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 300)); // the server's own exit after npm's
  }
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/** RSS of the server process in the group (not npm, not tsx's launcher when it has a child). */
function serverRss(pgid: number, match: RegExp): number {
  const lines = execFileSync('ps', ['-eo', 'pid=,pgid=,rss=,args='], { encoding: 'utf8' }).split('\n');
  const rss = lines
    .map((l) => l.trim().split(/\s+/))
    .filter((f) => Number(f[1]) === pgid && match.test(f.slice(3).join(' ')) && !f.slice(3).join(' ').startsWith('npm') && !f.slice(3).join(' ').startsWith('sh '))
    .map((f) => Number(f[2]) / 1024);
  return Math.max(0, ...rss);
}

async function withScratchDatabase<T>(fn: (url: string) => Promise<T>): Promise<T> {
  const name = `hallway_bench_start_${randomBytes(4).toString('hex')}`;
  const admin = postgres(databaseUrl!, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  try {
    const url = new URL(databaseUrl!);
    url.pathname = `/${name}`;
    return await fn(url.toString());
  } finally {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end({ timeout: 5 });
  }
}

type Row = 'PGlite fresh folder' | 'PGlite existing folder' | 'Postgres new database' | 'Postgres existing';
const results = new Map<string, Start[]>();
const record = (variant: Variant, row: Row, s: Start) => {
  const key = `${variant.name}|${row}`;
  results.set(key, [...(results.get(key) ?? []), s]);
};

execFileSync('node', ['scripts/build.mjs', '--if-stale'], { cwd: root, stdio: 'inherit' });
const checks: number[] = [];
for (let i = 0; i < 5; i += 1) {
  const t = performance.now();
  execFileSync('node', ['scripts/build.mjs', '--if-stale'], { cwd: root });
  checks.push(performance.now() - t);
}

console.log(`load average at start: ${loadAverage()}`);
for (let i = 0; i < runs; i += 1) {
  // Alternate which goes first so neither always meets a warmer page cache.
  for (const variant of i % 2 === 0 ? [built, eager, tsx] : [tsx, eager, built]) {
    const dir = await mkdtemp(join(tmpdir(), 'hallway-bench-start-'));
    try {
      record(variant, 'PGlite fresh folder', await startOnce(variant, { HALLWAY_DATA_DIR: dir }));
      record(variant, 'PGlite existing folder', await startOnce(variant, { HALLWAY_DATA_DIR: dir }));
    } finally {
      await rm(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
      await rm(`${dir}.lock`, { force: true });
    }
    if (databaseUrl) {
      await withScratchDatabase(async (url) => {
        record(variant, 'Postgres new database', await startOnce(variant, { DATABASE_URL: url }));
        record(variant, 'Postgres existing', await startOnce(variant, { DATABASE_URL: url }));
      });
    }
  }
}

const rows: Row[] = ['PGlite fresh folder', 'PGlite existing folder', 'Postgres new database', 'Postgres existing'];
const goals: Record<Row, string> = {
  'PGlite fresh folder': '≤ 3 s, ≤ 250 MB',
  'PGlite existing folder': '≤ 1.5 s, ≤ 250 MB',
  'Postgres new database': '',
  'Postgres existing': '≤ 1.5 s, ≤ 150 MB',
};
console.log(`\nthe up-to-date check alone (node scripts/build.mjs --if-stale): median ${median(checks).toFixed(0)} ms`);
console.log(`medians of ${runs} runs; time to /healthz 200, idle RSS of the server process 3 s later\n`);
console.log('| database | built: time | built: RSS | eager maps: time | eager maps: RSS | tsx: time | tsx: RSS | time built/tsx | RSS built/tsx | goal |');
console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
for (const row of rows) {
  const [b, e, t] = [built, eager, tsx].map((v) => results.get(`${v.name}|${row}`));
  if (!b || !e || !t) continue;
  const [bt, et, tt] = [b, e, t].map((runs) => median(runs.map((s) => s.ms)));
  const [br, er, tr] = [b, e, t].map((runs) => median(runs.map((s) => s.rssMb)));
  console.log(
    `| ${row} | ${(bt! / 1000).toFixed(2)} s | ${br!.toFixed(0)} MB | ${(et! / 1000).toFixed(2)} s | ${er!.toFixed(0)} MB | ${(tt! / 1000).toFixed(2)} s | ${tr!.toFixed(0)} MB | ${ratio(bt!, tt!)} | ${ratio(br!, tr!)} | ${goals[row]} |`,
  );
}
console.log(`\nall runs (ms): ${JSON.stringify(Object.fromEntries([...results].map(([k, v]) => [k, v.map((s) => Math.round(s.ms))])))}`);
console.log(`load average at end: ${loadAverage()}`);
