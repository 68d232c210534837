import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdir, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { like, sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { notes } from '../../src/db/schema.js';
import { spawnHallway, waitForHealth } from '../support/child.js';
import { nowSeconds, sign, SIGNING_SECRET, slashCommand, startFakeSlackApi } from '../support/slack.js';
import { openTestDb } from '../support/test-db.js';

/*
 * A rolling deploy: two real `src/main.ts` processes on one Postgres behind a
 * small round-robin front that behaves like a load balancer (it sends only to
 * instances its /healthz probes find healthy, or to all when none is; at most
 * 32 requests in flight on each; a request refused at connect time goes to the
 * other instance, one accepted is never sent twice). 200 signed /callnote per
 * second for 10 s; at 3 s, while A is in the middle of requests, A gets
 * SIGTERM, and is started again once it has exited. Every request must be
 * answered 2xx and every note saved exactly once. On a busy machine the
 * instances fall behind (latency in tens of seconds) but nothing may be lost.
 */

const RATE = 200;
const LOAD_MS = 10_000;
const SIGNAL_AT_MS = 3_000;

const DATABASE_URL = process.env.DATABASE_URL;
if (!DATABASE_URL) console.warn('rolling restart: skipped; it needs Postgres (DATABASE_URL=postgres://postgres@127.0.0.1:5432/test)');

const cleanup: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const fn of cleanup.reverse()) await fn().catch(() => {});
});

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as AddressInfo;
  await new Promise((resolve) => s.close(resolve));
  return port;
}

/** Like a load balancer's per-server connection limit: more waits at the front, not inside an instance. */
const MAX_PER_INSTANCE = 32;

interface Instance {
  name: 'A' | 'B';
  port: number;
  /** The front's view: its last health check said 200. */
  up: boolean;
  /** Which run of the process ("A1", "A2", "B1"): answers carry it. */
  run: string;
  /** Requests forwarded to it and not answered yet. */
  active: number;
}

type Forwarded = { status: number; body: string; run: string; refusedRetries: number } | { dropped: string; run: string };

/** One POST to one instance on a connection of its own, so "refused" means it no longer accepts. */
function forward(inst: Instance, path: string, headers: Record<string, string>, body: string): Promise<{ status: number; body: string } | { error: string }> {
  return new Promise((resolve) => {
    const out = request(
      { host: '127.0.0.1', port: inst.port, path, method: 'POST', agent: false, headers: { ...headers, 'content-length': Buffer.byteLength(body), connection: 'close' } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (d: Buffer) => chunks.push(d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
        res.on('error', (err) => resolve({ error: (err as NodeJS.ErrnoException).code ?? err.message }));
      },
    );
    out.on('error', (err) => resolve({ error: (err as NodeJS.ErrnoException).code ?? err.message }));
    out.end(body);
  });
}

/**
 * The load balancer, called in-process by the load (Slack's side): round
 * robin over the instances its /healthz probes (every 100 ms) find healthy,
 * or over all when none is (AWS's "fail open"); at most MAX_PER_INSTANCE
 * requests on each; a request refused at connect time goes elsewhere, one
 * accepted is never sent again (a 502 if its connection breaks).
 */
function startFront(instances: Instance[]) {
  let next = 0;
  let stopped = false;
  const waiters: Array<() => void> = [];
  const wakeAll = () => waiters.splice(0).forEach((wake) => wake());
  // Each instance probed on its own, as a balancer does (a slow answer from one delays no other), and
  // like AWS's: a probe fails after 5 s, two failures in a row take an instance out, two successes put it back.
  const checks = Promise.all(
    instances.map(async (inst) => {
      /** Probes in a row that agreed: successes above zero, failures below. */
      let streak = 0;
      while (!stopped) {
        const status = await fetch(`http://127.0.0.1:${inst.port}/healthz`, { signal: AbortSignal.timeout(5_000) }).then(
          (r) => r.status,
          () => 0,
        );
        const healthy = status === 200;
        streak = healthy ? Math.max(streak, 0) + 1 : Math.min(streak, 0) - 1;
        const was = inst.up;
        if (streak >= 2) inst.up = true;
        if (streak <= -2) inst.up = false;
        if (inst.up && !was) wakeAll();
        await new Promise((r) => setTimeout(r, 100));
      }
    }),
  );
  const acquire = async (): Promise<Instance> => {
    for (;;) {
      const healthy = instances.filter((i) => i.up);
      // None healthy: try them all; a refused connection comes back here.
      const pool = healthy.length ? healthy : instances;
      const start = next++;
      for (let k = 0; k < pool.length; k += 1) {
        const inst = pool[(start + k) % pool.length]!;
        if (inst.active < MAX_PER_INSTANCE) {
          inst.active += 1;
          return inst;
        }
      }
      await new Promise<void>((resolve) => waiters.push(resolve));
    }
  };
  const release = (inst: Instance) => {
    inst.active -= 1;
    waiters.shift()?.();
  };
  return {
    /** What the balancer answers the client (Slack): the instance's answer, or a 502 when the request was lost. */
    async send(path: string, headers: Record<string, string>, body: string): Promise<Forwarded> {
      for (let refusedRetries = 0; ; ) {
        const inst = await acquire();
        const run = inst.run;
        const answer = await forward(inst, path, headers, body);
        release(inst);
        if ('status' in answer) return { ...answer, run, refusedRetries };
        if (answer.error !== 'ECONNREFUSED' || refusedRetries >= 400) return { dropped: answer.error, run };
        // It never reached the instance: safe to send elsewhere.
        inst.up = false;
        refusedRetries += 1;
        if (refusedRetries % instances.length === 0) await new Promise((r) => setTimeout(r, 25));
      }
    },
    async close() {
      stopped = true;
      await checks;
    },
  };
}

interface Outcome {
  n: number;
  status: number;
  run: string;
  ms: number;
  refusedRetries: number;
  sentAt: number;
  body: string;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

describe.skipIf(!DATABASE_URL)('a rolling restart of two instances under 200 /callnote per second', () => {
  it('answers every request 2xx from one of them and saves every note exactly once', async () => {
    const wallStart = performance.now();
    const slackApi = await startFakeSlackApi({ 'users.info': () => ({ ok: true, user: { id: 'U0MARIA', name: 'maria', tz: 'Europe/London' } }) });
    cleanup.push(() => slackApi.close());
    const testDb = await openTestDb();
    cleanup.push(() => testDb.close());
    if (testDb.driver !== 'postgres') throw new Error('expected the Postgres test database');

    const instances: Instance[] = [
      { name: 'A', port: await freePort(), up: false, run: 'A1', active: 0 },
      { name: 'B', port: await freePort(), up: false, run: 'B1', active: 0 },
    ];
    const procs = new Map<string, ReturnType<typeof spawnHallway>>();
    const start = (inst: Instance) => {
      const proc = spawnHallway({
        PORT: String(inst.port),
        HOST: '127.0.0.1',
        DATABASE_URL: testDb.databaseUrl,
        SLACK_BOT_TOKEN: 'xoxb-rolling-test',
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: `${slackApi.url}/api/`,
        LOG_LEVEL: 'warn',
      });
      procs.set(inst.run, proc);
      cleanup.push(async () => {
        if (proc.child.exitCode === null && proc.child.signalCode === null) {
          proc.child.kill('SIGTERM');
          await Promise.race([proc.exited, new Promise((r) => setTimeout(r, 15_000))]);
          proc.child.kill('SIGKILL');
        }
      });
      return proc;
    };
    const a1 = start(instances[0]!);
    const b1 = start(instances[1]!);
    await Promise.all([waitForHealth(`http://127.0.0.1:${instances[0]!.port}/healthz`, 60_000, a1.output), waitForHealth(`http://127.0.0.1:${instances[1]!.port}/healthz`, 60_000, b1.output)]);
    const front = startFront(instances);
    cleanup.push(() => front.close());
    while (!instances.every((i) => i.up)) await new Promise((r) => setTimeout(r, 20));

    // Open loop: 200 a second, whatever the answers take.
    const outcomes: Outcome[] = [];
    const pending = new Set<Promise<void>>();
    const send = (n: number) => {
      const body = slashCommand('/callnote', `Rolling Co: rolling note ${n} pain: nothing lost in a deploy`, {
        trigger_id: `trigger-rolling-${n}`,
        response_url: `${slackApi.url}/respond`,
      });
      const sentAt = performance.now();
      const done = front.send('/slack/events', { 'content-type': 'application/x-www-form-urlencoded', ...sign(body, nowSeconds()) }, body).then((f) => {
        const ms = performance.now() - sentAt;
        if ('dropped' in f) outcomes.push({ n, status: 502, run: `${f.run} dropped: ${f.dropped}`, ms, refusedRetries: 0, sentAt, body: '' });
        else outcomes.push({ n, status: f.status, run: f.run, ms, refusedRetries: f.refusedRetries, sentAt, body: f.body });
      });
      pending.add(done);
      void done.then(() => pending.delete(done));
    };

    const loadStart = performance.now();
    let sent = 0;
    let signalledAt = -1;
    let restartedAt = -1;
    let a1Exit: number | null | undefined;
    let inFlightAtSignal = { atFront: 0, inA1: 0 };
    // The deploy: SIGTERM to A at 3 s, wait for it to exit, start it again.
    const deploy = (async () => {
      while (performance.now() - loadStart < SIGNAL_AT_MS) await new Promise((r) => setTimeout(r, 10));
      // While A is in the middle of requests: those are what a careless shutdown loses.
      while (instances[0]!.active === 0 && performance.now() - loadStart < SIGNAL_AT_MS + 2_000) await new Promise((r) => setImmediate(r));
      signalledAt = performance.now() - loadStart;
      inFlightAtSignal = { atFront: pending.size, inA1: instances[0]!.active };
      a1.child.kill('SIGTERM');
      a1Exit = await a1.exited;
      instances[0]!.run = 'A2';
      const a2 = start(instances[0]!);
      await waitForHealth(`http://127.0.0.1:${instances[0]!.port}/healthz`, 60_000, a2.output);
      restartedAt = performance.now() - loadStart;
    })();
    const answeredBy = (run: string) => outcomes.filter((o) => o.run === run).length;
    /** `RATE` a second for `ms`, on schedule whatever the answers take. */
    const offer = async (ms: number) => {
      const from = performance.now();
      const first = sent;
      for (let elapsed = 0; elapsed < ms; elapsed = performance.now() - from) {
        const due = first + Math.floor((elapsed / 1000) * RATE);
        while (sent < due) send(sent++);
        await new Promise((r) => setTimeout(r, 5));
      }
    };
    await offer(LOAD_MS);
    // On a busy machine the restart takes longer than the load: one more second once it is back, so it takes some.
    let tail = false;
    if (restartedAt < 0) {
      await deploy;
      tail = true;
      await offer(1_000);
    }
    const loadMs = performance.now() - loadStart;
    await deploy;
    while (pending.size) await Promise.all([...pending]);

    // What the database holds: each note's text, and how many rows carry it.
    const rows = await testDb.db
      .select({ raw: notes.rawText, copies: sql<number>`count(*)::int` })
      .from(notes)
      .where(like(notes.rawText, '%rolling note%'))
      .groupBy(notes.rawText);
    const savedNumbers = new Set(rows.map((r) => Number(/rolling note (\d+) /.exec(r.raw)?.[1])));
    const duplicates = rows.filter((r) => r.copies > 1);
    const missing = outcomes.filter((o) => !savedNumbers.has(o.n)).map((o) => o.n);

    const ok = outcomes.filter((o) => o.status >= 200 && o.status < 300);
    const latencies = outcomes.map((o) => o.ms).sort((x, y) => x - y);
    const savedInAck = ok.filter((o) => o.body.includes('Saved')).length;
    const savedLater = slackApi.calls('/respond').filter((c) => JSON.stringify(c.body).includes('Saved')).length;
    const afterSignalByA1 = outcomes.filter((o) => o.run === 'A1' && o.sentAt + o.ms - loadStart >= signalledAt).length;
    const figures = {
      requests: outcomes.length,
      '2xx': ok.length,
      perInstance: { A1: answeredBy('A1'), B1: answeredBy('B1'), A2: answeredBy('A2') },
      answeredByA1AfterSigterm: afterSignalByA1,
      inFlightAtSignal,
      savedReplies: { inAck: savedInAck, throughResponseUrl: savedLater },
      retriedAfterRefused: outcomes.filter((o) => o.refusedRetries > 0).length,
      latencyMs: { p50: Math.round(percentile(latencies, 50)), p99: Math.round(percentile(latencies, 99)), max: Math.round(latencies.at(-1) ?? 0) },
      notesSaved: rows.reduce((s, r) => s + r.copies, 0),
      distinctNotes: rows.length,
      duplicates: duplicates.length,
      missing: missing.length,
      sigtermAtS: +(signalledAt / 1000).toFixed(1),
      a1ExitCode: a1Exit,
      a2HealthyAtS: +(restartedAt / 1000).toFixed(1),
      offered: `${RATE}/s for ${LOAD_MS / 1000} s${tail ? ', and 1 s more once A was back' : ''}`,
      lastSentAtS: +(loadMs / 1000).toFixed(1),
      wallS: +((performance.now() - wallStart) / 1000).toFixed(1),
      loadAverage: loadavg().map((l) => +l.toFixed(2)),
    };
    console.log(`rolling restart: ${JSON.stringify(figures, null, 2)}`);
    const notOk = outcomes.filter((o) => o.status < 200 || o.status >= 300);
    if (notOk.length) {
      const summary = new Map<string, number[]>();
      for (const o of notOk) {
        const at = Math.round((o.sentAt + o.ms - loadStart) / 100) / 10;
        summary.set(`${o.run} ${o.status}`, [...(summary.get(`${o.run} ${o.status}`) ?? []), at]);
      }
      console.log('not 2xx (what, answered at s):', [...summary].map(([k, v]) => `${k}: ${v.length}× at ${[...new Set(v)].join(',')}`));
      const logs = join(tmpdir(), `hallway-rolling-${process.pid}`);
      await mkdir(logs, { recursive: true });
      for (const [run, proc] of procs) await writeFile(join(logs, `${run}.log`), proc.output());
      console.log(`the instances' logs: ${logs}`);
    }
    expect(notOk).toEqual([]);
    expect(outcomes).toHaveLength(sent);
    expect(duplicates).toEqual([]);
    expect(missing).toEqual([]);
    expect(rows).toHaveLength(sent);
    // The deploy happened under load: A answered before and after its restart, B carried the gap.
    expect(a1Exit).toBe(0);
    expect(answeredBy('A1')).toBeGreaterThan(0);
    expect(answeredBy('A2')).toBeGreaterThan(0);
    expect(answeredBy('B1')).toBeGreaterThan(answeredBy('A1'));
    // A was stopped in the middle of requests, and answered them.
    expect(inFlightAtSignal.inA1).toBeGreaterThan(0);
    expect(afterSignalByA1).toBeGreaterThan(0);
    for (const [, proc] of procs) expect(proc.output()).not.toMatch(/CONNECTION_ENDED|"level":50/);
    // Every "Saved" reached the person: in the ack, or through response_url when later than Slack's 3 s.
    expect(savedInAck + savedLater).toBe(sent);
  }, 400_000);
});
