/**
 * `/callnote` over signed HTTP, as Slack sends it, against two baselines run
 * the same way in the same run: bare Bolt that only acks, and Bolt doing one
 * INSERT per command (the floor for saving a note). Each server runs in its
 * own process (bench/ack.server.ts); every request is signed afresh (Slack's
 * v0 HMAC) with a unique trigger_id, so none is a retry.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npx tsx bench/ack.ts [--seconds 60] [--rate 300] [--profile]
 *
 * Per server: a warm-up of 500 notes (one per account, so later notes find
 * their account and person), then `--rate` req/s offered for `--seconds` by
 * an open-loop generator (bench/open.loop.ts: evenly spaced, latency from the
 * instant each request was due), then saturated (autocannon, 50 connections
 * each sending its next request on the last one's answer) for `--seconds`.
 * Prints req/s, p50/p99 latency, errors, server CPU per request and RSS, and
 * the ratios. The load generator runs in this process, on the same 2 cores as
 * the server: it is part of what the saturated figures share.
 * Works in a scratch database it creates and drops. Without DATABASE_URL it
 * says so and stops (the floor needs a Postgres).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
import postgres from 'postgres';
import { nowSeconds, sign, slashCommand, startFakeSlackApi } from '../tests/support/slack.js';
import { openLoop, type OpenLoopResult } from './open.loop.js';
import { summariseProfiles } from './profile.js';
import { arg, loadAverage } from './support.js';

const seconds = Number(arg('seconds', '60'));
/** --profile: the bot's server profiles itself from ready to stop (start-up left out); its self time is summarised by package at the end. */
const profileDir = process.argv.includes('--profile') ? mkdtempSync(join(tmpdir(), 'hallway-ack-prof-')) : undefined;
const rate = Number(arg('rate', '300'));
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
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  // Log lines (say, Teams' local-mode warning) may come before the ready line.
  for (;;) {
    const line = await lines.next();
    if (line.done) throw new Error(`${mode} server did not start`);
    if (String(line.value).includes('"ready"')) return { child, lines };
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
  const results: Record<Mode, { fixed: OpenLoopResult; saturated: Phase; cpuPerReq: number; rssMb: number }> = {} as never;
  console.log(`bench/ack: ${seconds} s per phase, ${rate} req/s offered; load average ${loadAverage()} (the machine is shared)`);
  let port = 41_000 + (process.pid % 1000);
  for (const mode of ['bare', 'insert', 'hallway'] as const) {
    const name = `hallway_bench_ack_${randomBytes(4).toString('hex')}`;
    await admin.unsafe(`create database ${name}`);
    const dbUrl = new URL(url);
    dbUrl.pathname = `/${name}`;
    port += 1;
    const server = await startServer(mode, port, dbUrl.toString(), `${slack.url}/api/`);
    try {
      const target = `http://127.0.0.1:${port}/slack/events`;
      const sent0 = sequence;
      await cannon(target, { amount: ACCOUNTS, connections: 10 });
      const fixed = await openLoop({ url: target, rate, seconds, next: signedCallnote });
      const saturated = await cannon(target, { duration: seconds, connections: 50 });
      const requests = sequence - sent0;
      const figures = await stopServer(server);
      results[mode] = { fixed, saturated, cpuPerReq: figures.cpuMs / requests, rssMb: figures.rssMb };
      console.log(`  ${mode}: at ${rate} req/s p99 ${fixed.p99} ms, saturated ${saturated.reqPerSec.toFixed(0)} req/s, ${(figures.cpuMs / requests).toFixed(2)} ms CPU/req (load average ${loadAverage()})`);
    } finally {
      // Give it time to exit on its own (on a loaded machine a graceful stop takes a while).
      if (server.child.exitCode === null) await Promise.race([new Promise((r) => server.child.once('exit', r)), new Promise((r) => setTimeout(r, 60_000))]);
      if (server.child.exitCode === null) {
        console.log(`  ${mode}: server did not exit within 60 s of SIGTERM; killed`);
        server.child.kill('SIGKILL');
      }
      await admin.unsafe(`drop database if exists ${name} with (force)`);
    }
  }
  await admin.end({ timeout: 5 });
  await slack.close();

  const h = results.hallway;
  const floor = results.insert;
  const bare = results.bare;
  console.log('\n| server | saturated req/s | p50 / p99 saturated (ms) | at rate: req/s | p50 / p99 / max at rate (ms) | generator lag (ms) | errors | CPU ms/req | RSS MB |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const [label, r] of [['Hallway', h], ['Bolt + one INSERT (floor)', floor], ['bare Bolt (ack only)', bare]] as const) {
    console.log(
      `| ${label} | ${r.saturated.reqPerSec.toFixed(0)} | ${r.saturated.p50} / ${r.saturated.p99} | ${r.fixed.reqPerSec.toFixed(0)} | ${r.fixed.p50} / ${r.fixed.p99} / ${r.fixed.max} | ${r.fixed.lagMs} | ${r.fixed.errors + r.saturated.errors} | ${r.cpuPerReq.toFixed(2)} | ${r.rssMb.toFixed(0)} |`,
    );
  }
  console.log(`\nHallway saturated / floor: ${(h.saturated.reqPerSec / floor.saturated.reqPerSec).toFixed(2)}× (goal ≥ 0.5×)`);
  console.log(`Hallway saturated / bare Bolt: ${(h.saturated.reqPerSec / bare.saturated.reqPerSec).toFixed(2)}×`);
  console.log(`Hallway p99 at ${rate} req/s: ${h.fixed.p99} ms (goal ≤ 50 ms); floor ${floor.fixed.p99} ms`);
  console.log(`Hallway CPU per command / floor: ${(h.cpuPerReq / floor.cpuPerReq).toFixed(2)}×`);
  if (profileDir) {
    console.log(`\nHallway's CPU by package or file (self time from ready to stop, ${profileDir}):`);
    for (const line of await summariseProfiles(profileDir)) console.log(`  ${line}`);
  }
}

await main();
