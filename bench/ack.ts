/**
 * `/callnote` over signed HTTP, as Slack sends it, against two baselines run
 * the same way in the same run: bare Bolt that only acks, and Bolt doing one
 * INSERT per command (the floor for saving a note). Each server runs in its
 * own process (bench/ack.server.ts); every request is signed afresh (Slack's
 * v0 HMAC) with a unique trigger_id, so none is a retry.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npx tsx bench/ack.ts [--seconds 60] [--rate 300] [--rounds 3] [--profile]
 *
 * The three servers run side by side. Each gets a warm-up of 500 notes (one
 * per account, so later notes find their account and person); then, in
 * `--rounds` rounds, each in turn (a different order each round) gets `--rate`
 * req/s offered by an open-loop generator (bench/open.loop.ts: evenly spaced,
 * latency from the instant each request was due), then saturated load
 * (autocannon, 50 connections each sending its next request on the last
 * one's answer), `--seconds / --rounds` each. On a shared machine whose load
 * changes by the minute, taking turns is what keeps the ratios honest: a
 * busy minute hits all three, not whichever ran then.
 *
 * Prints req/s, p50/p99 latency, errors, server CPU per request (after the
 * warm-up) and RSS, and the ratios. The load generator runs in this process,
 * on the same 2 cores as the servers and Postgres: it takes its share of the
 * CPU in the saturated phase, and a late start of its own shows as
 * "generator lag".
 * Works in a scratch database it creates and drops. Without DATABASE_URL it
 * says so and stops (the floor needs a Postgres).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
import postgres from 'postgres';
import { nowSeconds, sign, slashCommand, startFakeSlackApi } from '../tests/support/slack.js';
import { openLoop, summarise, type OpenLoopRun } from './open.loop.js';
import { summariseProfiles } from './profile.js';
import { arg, loadAverage, median, percentile } from './support.js';

const seconds = Number(arg('seconds', '60'));
/** --profile: the bot's server profiles itself after the warm-up; its self time is summarised by package at the end. */
const profileDir = process.argv.includes('--profile') ? mkdtempSync(join(tmpdir(), 'hallway-ack-prof-')) : undefined;
const rate = Number(arg('rate', '300'));
/** Each phase is cut into this many slices, the servers taking turns, so a change in the machine's load hits all three alike. */
const rounds = Number(arg('rounds', '3'));
const ACCOUNTS = 500;
const USERS = 50;

type Mode = 'bare' | 'insert' | 'hallway';

interface Phase {
  reqPerSec: number;
  p50: number;
  p99: number;
  sent: number;
  errors: number;
}

let sequence = 0;
function signedCallnote(): { body: string; headers: Record<string, string> } {
  sequence += 1;
  const n = sequence;
  const text = `Account ${n % ACCOUNTS} with Dana Lee (CFO): "We lose two days every month-end, call ${n}" pain: reconciliation`;
  const body = slashCommand('/callnote', text, { trigger_id: `bench.${process.pid}.${n}`, user_id: `U0BENCH${n % USERS}`, user_name: `bench${n % USERS}` });
  return { body, headers: { 'content-type': 'application/x-www-form-urlencoded', ...sign(body, nowSeconds()) } };
}

/** Closed loop: each connection sends its next request when the last is answered (no rate, so no latency "correction"). */
async function cannon(url: string, opts: { duration?: number; amount?: number; connections: number }): Promise<Phase> {
  const result = await autocannon({
    url,
    method: 'POST',
    connections: opts.connections,
    ...(opts.duration ? { duration: opts.duration } : {}),
    ...(opts.amount ? { amount: opts.amount } : {}),
    timeout: 10,
    requests: [
      {
        setupRequest: (req) => {
          const { body, headers } = signedCallnote();
          return { ...req, body, headers };
        },
      },
    ],
  });
  return {
    reqPerSec: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    sent: result.requests.total,
    errors: result.errors + result.timeouts + result.non2xx,
  };
}

async function startServer(mode: Mode, port: number, database: string, slackApiUrl: string): Promise<{ child: ChildProcess; lines: AsyncIterator<string> }> {
  const profiling = profileDir && mode === 'hallway' ? [profileDir] : [];
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/ack.server.ts', mode, String(port), database, slackApiUrl, ...profiling], {
    cwd: new URL('..', import.meta.url),
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  // Log lines (say, Teams' local-mode warning) may come before the ready line.
  for (;;) {
    const line = await lines.next();
    if (line.done) throw new Error(`${mode} server did not start`);
    if (String(line.value).includes('"ready"')) return { child, lines };
  }
}

/** CPU (and the profile) count from here: the warm-up, which creates the accounts through the full path, is left out. */
async function startMeasuring(s: { child: ChildProcess; lines: AsyncIterator<string> }): Promise<void> {
  s.child.stdin!.write('measure\n');
  for (;;) {
    const line = await s.lines.next();
    if (line.done) throw new Error('server exited before measuring');
    if (String(line.value).includes('"measuring"')) return;
  }
}

async function stopServer(s: { child: ChildProcess; lines: AsyncIterator<string> }): Promise<{ cpuMs: number; rssMb: number }> {
  s.child.kill('SIGTERM');
  for (;;) {
    const line = await s.lines.next();
    if (line.done) throw new Error('server exited without its figures');
    if (String(line.value).includes('cpuMs')) return JSON.parse(String(line.value)) as { cpuMs: number; rssMb: number };
  }
}

type Server = Awaited<ReturnType<typeof startServer>>;

/**
 * CPU ticks (1/100 s) used so far by each Postgres backend serving `database`: the bench runs on the
 * database's machine, so /proc tells what each server's queries cost Postgres, not only the bot.
 */
async function postgresTicks(admin: postgres.Sql, database: string): Promise<Map<number, number>> {
  const ticks = new Map<number, number>();
  for (const { pid } of await admin<{ pid: number }[]>`select pid from pg_stat_activity where datname = ${database}`) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks.set(pid, Number(fields[11]) + Number(fields[12]));
    } catch {
      // The backend ended between the query and the read.
    }
  }
  return ticks;
}

function postgresCpuMs(before: Map<number, number>, after: Map<number, number>): number {
  let ticks = 0;
  for (const [pid, t] of after) ticks += t - (before.get(pid) ?? 0);
  return ticks * 10;
}

const MODES = ['bare', 'insert', 'hallway'] as const;

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.log('bench/ack: skipped (needs DATABASE_URL: the one-INSERT floor and the bot run on Postgres)');
    return;
  }
  // A real workspace knows everyone's timezone: the bot asks once per user, then never again.
  const slack = await startFakeSlackApi({
    'users.info': (req) => ({ ok: true, user: { id: req.body.user, name: 'bench', real_name: 'Bench User', tz: 'Europe/Berlin', profile: { display_name: 'Bench' } } }),
  });
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  const slice = seconds / rounds;
  console.log(`bench/ack: ${seconds} s per phase and server in ${rounds} rounds of ${slice.toFixed(1)} s, ${rate} req/s offered; load average ${loadAverage()} (the machine is shared)`);

  // All three servers up at once (idle but for their turn), so each round measures them minutes apart at most.
  const servers: Partial<Record<Mode, Server & { database: string; target: string }>> = {};
  const fixed: Record<Mode, OpenLoopRun[]> = { bare: [], insert: [], hallway: [] };
  const saturated: Record<Mode, Phase[]> = { bare: [], insert: [], hallway: [] };
  const requests: Record<Mode, number> = { bare: 0, insert: 0, hallway: 0 };
  const figures: Partial<Record<Mode, { cpuMs: number; rssMb: number }>> = {};
  const pgTicks: Partial<Record<Mode, Map<number, number>>> = {};
  const pgCpuMs: Partial<Record<Mode, number>> = {};
  const basePort = 41_000 + (process.pid % 1000) * 3;
  try {
    for (const [i, mode] of MODES.entries()) {
      const database = `hallway_bench_ack_${randomBytes(4).toString('hex')}`;
      await admin.unsafe(`create database ${database}`);
      const dbUrl = new URL(url);
      dbUrl.pathname = `/${database}`;
      const server = await startServer(mode, basePort + i, dbUrl.toString(), `${slack.url}/api/`);
      const target = `http://127.0.0.1:${basePort + i}/slack/events`;
      servers[mode] = { ...server, database, target };
      await cannon(target, { amount: ACCOUNTS, connections: 10 });
      // Fresh tables have no statistics until autovacuum comes round: without them Postgres read every
      // person in the organisation to find one account's people. A real book has been analysed long ago.
      const scratch = postgres(dbUrl.toString(), { max: 1, onnotice: () => {} });
      await scratch.unsafe('analyze');
      await scratch.end({ timeout: 5 });
      await startMeasuring(server);
      pgTicks[mode] = await postgresTicks(admin, database);
    }

    for (let round = 0; round < rounds; round += 1) {
      // A different order each round, so no server always follows the same one.
      const order = MODES.map((_, i) => MODES[(i + round) % MODES.length]!);
      for (const mode of order) {
        const { target } = servers[mode]!;
        const sent0 = sequence;
        fixed[mode].push(await openLoop({ url: target, rate, seconds: slice, next: signedCallnote }));
        saturated[mode].push(await cannon(target, { duration: slice, connections: 50 }));
        requests[mode] += sequence - sent0;
        // Requests the saturated phase cut off at its end are still being answered: let them finish first.
        await new Promise((r) => setTimeout(r, 500));
      }
      const line = MODES.map((m) => `${m} ${saturated[m].at(-1)!.reqPerSec.toFixed(0)} req/s, p99 ${percentile(fixed[m].at(-1)!.latencies, 99).toFixed(1)} ms`).join('; ');
      console.log(`  round ${round + 1}/${rounds}: saturated / p99 at ${rate} req/s: ${line} (load average ${loadAverage()})`);
    }
    for (const mode of MODES) pgCpuMs[mode] = postgresCpuMs(pgTicks[mode]!, await postgresTicks(admin, servers[mode]!.database));
    for (const mode of MODES) figures[mode] = await stopServer(servers[mode]!);
  } finally {
    for (const mode of MODES) {
      const server = servers[mode];
      if (!server) continue;
      if (server.child.exitCode === null && !figures[mode]) server.child.kill('SIGTERM');
      // Give it time to exit on its own (on a loaded machine a graceful stop takes a while).
      if (server.child.exitCode === null) await Promise.race([new Promise((r) => server.child.once('exit', r)), new Promise((r) => setTimeout(r, 60_000))]);
      if (server.child.exitCode === null) {
        console.log(`  ${mode}: server did not exit within 60 s of SIGTERM; killed`);
        server.child.kill('SIGKILL');
      }
      await admin.unsafe(`drop database if exists ${server.database} with (force)`);
    }
    await admin.end({ timeout: 5 });
    await slack.close();
  }

  const medianOf = (phases: Phase[], f: (p: Phase) => number) => median(phases.map(f));
  const row = (mode: Mode) => {
    const f = summarise(fixed[mode]);
    return {
      saturated: medianOf(saturated[mode], (p) => p.reqPerSec),
      satP50: medianOf(saturated[mode], (p) => p.p50),
      satP99: medianOf(saturated[mode], (p) => p.p99),
      fixed: f,
      errors: f.errors + saturated[mode].reduce((a, p) => a + p.errors, 0),
      cpuPerReq: figures[mode]!.cpuMs / requests[mode],
      pgCpuPerReq: pgCpuMs[mode]! / requests[mode],
      rssMb: figures[mode]!.rssMb,
    };
  };
  const h = row('hallway');
  const floor = row('insert');
  const bare = row('bare');
  console.log(`\nSaturated: median of the ${rounds} rounds. At ${rate} req/s: every sample of the rounds, from the instant each request was due.`);
  console.log('| server | saturated req/s | p50 / p99 saturated (ms) | at rate: req/s | p50 / p99 / max at rate (ms) | generator lag (ms) | errors | CPU ms/req | Postgres CPU ms/req | RSS MB |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const [label, r] of [['Hallway', h], ['Bolt + one INSERT (floor)', floor], ['bare Bolt (ack only)', bare]] as const) {
    console.log(
      `| ${label} | ${r.saturated.toFixed(0)} | ${r.satP50} / ${r.satP99} | ${r.fixed.reqPerSec.toFixed(0)} | ${r.fixed.p50} / ${r.fixed.p99} / ${r.fixed.max} | ${r.fixed.lagMs} | ${r.errors} | ${r.cpuPerReq.toFixed(2)} | ${r.pgCpuPerReq.toFixed(2)} | ${r.rssMb.toFixed(0)} |`,
    );
  }
  const perRound = saturated.hallway.map((p, i) => p.reqPerSec / saturated.insert[i]!.reqPerSec);
  console.log(`\nHallway saturated / floor: ${median(perRound).toFixed(2)}× (median of the rounds' ratios: ${perRound.map((x) => x.toFixed(2)).join(', ')}; goal ≥ 0.5×)`);
  console.log(`Hallway saturated / bare Bolt: ${(h.saturated / bare.saturated).toFixed(2)}×`);
  console.log(`Hallway p99 at ${rate} req/s: ${h.fixed.p99} ms (goal ≤ 50 ms); floor ${floor.fixed.p99} ms, bare Bolt ${bare.fixed.p99} ms`);
  if (bare.fixed.reqPerSec < 0.95 * rate) {
    console.log(`  (bare Bolt itself served only ${bare.fixed.reqPerSec.toFixed(0)} of ${rate} req/s: this machine cannot carry the rate now, so the p99 goal cannot be judged in this run)`);
  }
  console.log(`Hallway CPU per command / floor: ${(h.cpuPerReq / floor.cpuPerReq).toFixed(2)}×; load average ${loadAverage()}`);
  if (profileDir) {
    console.log(`\nHallway's CPU by package or file (self time after the warm-up, ${profileDir}):`);
    for (const line of await summariseProfiles(profileDir)) console.log(`  ${line}`);
  }
}

await main();
