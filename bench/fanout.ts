/**
 * Fan-out: 10,000 channel posts in 500 workspaces, all due in the same
 * minute, sent by the real delivery queue and Slack chat port to a local
 * Slack that enforces Slack's limits (bench/fanout.slack.ts: ~1 post/s per
 * channel with a short burst, a per-workspace tier, 429 + Retry-After beyond
 * them). With 1 and with 3 instances (processes) sharing one Postgres.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npx tsx bench/fanout.ts [--posts 10000] [--workspaces 500] [--deadline 120]
 *
 * Prints the total time against the floor the limits allow (the baseline:
 * what a sender that knew every bucket could do), CPU ms per post, peak RSS
 * per instance and the 429s. A run that passes --deadline seconds stops and
 * reports how far it got and the time the whole would take at that rate.
 * It goes through the public queue interface (enqueue, runDue), so it holds
 * whatever the pacer does. Works in a scratch database it creates and drops.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import { pino } from 'pino';
import postgres from 'postgres';
import { createDb } from '../src/db/client.js';
import { migrateDb } from '../src/db/migrate.js';
import { orgs } from '../src/db/schema.js';
import { systemClock } from '../src/domain/clock.js';
import { createMetrics } from '../src/metrics.js';
import { createDeliveryQueue } from '../src/scheduler/delivery.queue.js';
import { FANOUT_KIND, fanoutKind } from './fanout.kind.js';
import { floorSeconds, startLimitedSlack, type Limits } from './fanout.slack.js';
import { arg, loadAverage } from './support.js';

const POSTS = Number(arg('posts', '10000'));
const WORKSPACES = Number(arg('workspaces', '500'));
const DEADLINE_S = Number(arg('deadline', '120'));
const LIMITS: Limits = { channelPerSecond: 1, channelBurst: 3, workspacePerSecond: 5, workspaceBurst: 10 };

interface WorkerReport {
  sent: number;
  passes: number;
  cpuMs: number;
  peakRssMb: number;
}

async function runWorker(databaseUrl: string, slackUrl: string, deadline: number): Promise<WorkerReport> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/fanout.worker.ts', databaseUrl, slackUrl, String(deadline)], {
    cwd: new URL('..', import.meta.url),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  for await (const line of createInterface({ input: child.stdout! })) {
    if (line.includes('cpuMs')) return JSON.parse(line) as WorkerReport;
  }
  throw new Error('a fan-out instance exited without its figures');
}

async function scenario(admin: postgres.Sql, url: string, instances: number) {
  const name = `hallway_bench_fanout_${randomBytes(4).toString('hex')}`;
  await admin.unsafe(`create database ${name}`);
  const dbUrl = new URL(url);
  dbUrl.pathname = `/${name}`;
  const handle = await createDb({ databaseUrl: dbUrl.toString(), dataDir: '' });
  const slack = await startLimitedSlack(LIMITS);
  try {
    await migrateDb(handle);
    const [org] = await handle.db.insert(orgs).values({ name: 'bench' }).returning({ id: orgs.id });
    const queue = createDeliveryQueue({ db: handle.db, chats: {}, clock: systemClock, log: pino({ level: 'silent' }), metrics: createMetrics() });
    queue.register(fanoutKind);
    const due = new Date();
    const perWorkspace = Math.ceil(POSTS / WORKSPACES);
    for (let i = 0; i < POSTS; i += 100) {
      await Promise.all(
        Array.from({ length: Math.min(100, POSTS - i) }, (_, j) => {
          const n = i + j;
          const channel = `C${n % WORKSPACES}N${Math.floor(n / WORKSPACES)}`;
          return queue.enqueue({
            orgId: org!.id,
            kind: FANOUT_KIND,
            dedupeKey: `fanout:${n}`,
            dueAt: due,
            target: { type: 'conversation', platform: 'slack', key: channel },
            payload: { text: `Today's customer story for ${channel}` },
          });
        }),
      );
    }
    const started = performance.now();
    const deadline = Date.now() + DEADLINE_S * 1000;
    const reports = await Promise.all(Array.from({ length: instances }, () => runWorker(dbUrl.toString(), slack.url, deadline)));
    const seconds = (performance.now() - started) / 1000;
    const posted = slack.stats.posts;
    const floor = floorSeconds(LIMITS, perWorkspace, 1);
    const cpuMs = reports.reduce((s, r) => s + r.cpuMs, 0);
    return {
      instances,
      seconds,
      posted,
      complete: posted >= POSTS,
      // Past the deadline: the whole at the rate reached.
      projected: posted >= POSTS ? seconds : (POSTS / Math.max(posted, 1)) * seconds,
      floor,
      limited: slack.stats.limited,
      cpuPerPost: cpuMs / Math.max(posted, 1),
      peakRssMb: Math.max(...reports.map((r) => r.peakRssMb)),
    };
  } finally {
    await handle.close();
    await slack.close();
    await admin.unsafe(`drop database if exists ${name} with (force)`);
  }
}

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.log('bench/fanout: skipped (needs DATABASE_URL: several instances share one Postgres)');
    return;
  }
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  console.log(`bench/fanout: ${POSTS} posts to distinct channels in ${WORKSPACES} workspaces, all due now; limits ${JSON.stringify(LIMITS)}; load average ${loadAverage()} (the machine is shared)`);
  const rows = [];
  for (const instances of [1, 3]) rows.push(await scenario(admin, url, instances));
  await admin.end({ timeout: 5 });
  console.log('\n| instances | posted | time | total (projected if unfinished) | floor | total / floor | 429s | CPU ms/post | peak RSS MB |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const r of rows) {
    console.log(
      `| ${r.instances} | ${r.posted}${r.complete ? '' : ' (deadline)'} | ${r.seconds.toFixed(1)} s | ${r.projected.toFixed(0)} s | ${r.floor.toFixed(1)} s | ${(r.projected / Math.max(r.floor, 1)).toFixed(1)}× | ${r.limited} | ${r.cpuPerPost.toFixed(2)} | ${r.peakRssMb.toFixed(0)} |`,
    );
  }
  console.log('\n(total / floor uses a floor of at least 1 s: the limits allow this fan-out in about the burst time.)');
  console.log('goals: ≤ 1.1× the floor, ≤ 0.5 ms CPU per post, ≤ 300 MB RSS, no 429 beyond the allowed bursts');
}

await main();
