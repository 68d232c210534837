/**
 * Fan-out: 10,000 channel posts in 500 workspaces, all due in the same
 * minute, sent by the real delivery queue and Slack chat port to a local
 * Slack that enforces Slack's limits (bench/fanout.slack.ts: ~1 post/s per
 * channel with a short burst, a per-workspace tier, 429 + Retry-After beyond
 * them). With 1 and with 3 instances (processes) sharing one Postgres.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npx tsx bench/fanout.ts [--posts 10000] [--workspaces 500] [--deadline 120] [--profile] [--scenarios baseline,1,3]
 *
 * As in production with OAuth installs, every workspace is its own
 * organisation with its own sealed bot token (installed through the
 * installation store), and every channel is a stored conversation of it.
 *
 * Prints, per scenario, the total time against two floors: what Slack's
 * limits allow (bursts included), and what the pacer allows (it spaces
 * evenly and never counts on a burst: Slack does not promise to keep one);
 * the same posts through the same chat port and fake, paced in memory with
 * the same knowledge but no database (bench/fanout.baseline.ts), measured in
 * the same run; CPU ms per post for each part (the instances, the fake Slack
 * in this process, the instances' Postgres backends); peak RSS per instance;
 * the 429s. A run that passes --deadline seconds stops and reports how far it
 * got and the time the whole would take at that rate. --profile runs the
 * instances under --cpu-prof and prints their self time by package.
 * Works in scratch databases it creates and drops.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import postgres from 'postgres';
import { createSealer } from '../src/crypto.js';
import { createDb } from '../src/db/client.js';
import { migrateDb } from '../src/db/migrate.js';
import { conversations, workspaces } from '../src/db/schema.js';
import { systemClock } from '../src/domain/clock.js';
import { createInstallations } from '../src/features/installations.js';
import { DEFAULT_PACING } from '../src/scheduler/pacer.js';
import { insertPlanned } from '../src/scheduler/delivery.store.js';
import type { NewDelivery } from '../src/scheduler/types.js';
import { FANOUT_KIND, FANOUT_SECRET } from './fanout.kind.js';
import { benchChannel, benchTeam, benchToken, floorSeconds, startLimitedSlack, type Limits } from './fanout.slack.js';
import { summariseProfiles } from './profile.js';
import { arg, loadAverage } from './support.js';

const POSTS = Number(arg('posts', '10000'));
const WORKSPACES = Number(arg('workspaces', '500'));
const DEADLINE_S = Number(arg('deadline', '120'));
const PROFILE = process.argv.includes('--profile');
/** Which scenarios to run: `baseline`, and numbers of instances. */
const SCENARIOS = arg('scenarios', 'baseline,1,3').split(',');
const LIMITS: Limits = { channelPerSecond: 1, channelBurst: 3, workspacePerSecond: 5, workspaceBurst: 10 };
const PER_WORKSPACE = Math.ceil(POSTS / WORKSPACES);
const PER_CHANNEL = 1;
/** The pacer spaces sends evenly (no burst): the first at once, then one per spacing. */
const PACED_FLOOR = Math.max((PER_WORKSPACE - 1) / DEFAULT_PACING.slack.workspacePerSecond, (PER_CHANNEL - 1) / DEFAULT_PACING.slack.perConversationPerSecond);
const CLOCK_TICKS = 100; // USER_HZ: /proc/<pid>/stat counts CPU in 1/100 s on Linux

interface Report {
  sent: number;
  /** Statements sent to the database (BEGIN and COMMIT included). */
  queries?: number;
  readyRssMb?: number;
  passes: number;
  cpuMs: number;
  peakRssMb: number;
  backends: number[];
}

/** A process that prints `ready`, starts at a line on stdin, prints its JSON report, and exits when stdin closes. */
function startProcess(file: string, args: string[], env: Record<string, string>, profileDir?: string) {
  const child: ChildProcess = spawn(process.execPath, [...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []), '--import', 'tsx', file, ...args], {
    cwd: new URL('..', import.meta.url),
    stdio: ['pipe', 'pipe', 'inherit'],
    env: { ...process.env, ...env },
  });
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const next = async (what: string) => {
    for (;;) {
      const line = await lines.next();
      if (line.done) throw new Error(`${file} exited before ${what}`);
      if (what === 'ready' && line.value === 'ready') return line.value;
      if (what === 'its figures' && line.value.includes('cpuMs')) return line.value;
    }
  };
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  return {
    ready: () => next('ready'),
    go: () => child.stdin!.write('go\n'),
    report: async () => JSON.parse(await next('its figures')) as Report,
    end: async () => {
      child.stdin!.end();
      await exited;
    },
  };
}

/** CPU ms a process has used so far (utime + stime), 0 when it is gone or unreadable. */
function processCpuMs(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS) * 1000;
  } catch {
    return 0;
  }
}

interface Scenario {
  name: string;
  instances: number;
  seconds: number;
  posted: number;
  limited: number;
  wrongWorkspace: number;
  cpuMs: { instances: number; slack: number; postgres: number };
  peakRssMb: number;
  readyRssMb: number;
  queries: number;
  profile: string[];
}

/** Starts the processes, lets them go at once, and measures until every one has reported. */
async function measure(name: string, start: (slackUrl: string, i: number, profileDir?: string) => ReturnType<typeof startProcess>, instances: number): Promise<Scenario> {
  const slack = await startLimitedSlack(LIMITS);
  const profileDir = PROFILE ? mkdtempSync(join(tmpdir(), 'hallway-fanout-prof-')) : undefined;
  try {
    const procs = Array.from({ length: instances }, (_, i) => start(slack.url, i, profileDir));
    await Promise.all(procs.map((p) => p.ready()));
    const slackCpu0 = process.cpuUsage();
    const started = performance.now();
    procs.forEach((p) => p.go());
    const reports = await Promise.all(
      procs.map(async (p) => {
        const r = await p.report();
        // Read while the instance keeps its connections open: a backend's CPU is gone with it.
        return { ...r, postgresMs: r.backends.reduce((s, pid) => s + processCpuMs(pid), 0) };
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const slackCpu = process.cpuUsage(slackCpu0);
    const { posts: posted, limited, wrongWorkspace } = slack.stats;
    await Promise.all(procs.map((p) => p.end()));
    return {
      name,
      instances,
      seconds,
      posted,
      limited,
      wrongWorkspace,
      cpuMs: {
        instances: reports.reduce((s, r) => s + r.cpuMs, 0),
        slack: (slackCpu.user + slackCpu.system) / 1000,
        postgres: reports.reduce((s, r) => s + r.postgresMs, 0),
      },
      peakRssMb: Math.max(...reports.map((r) => r.peakRssMb)),
      readyRssMb: Math.max(...reports.map((r) => r.readyRssMb ?? 0)),
      queries: reports.reduce((s, r) => s + (r.queries ?? 0), 0),
      profile: profileDir ? await summariseProfiles(profileDir, 20) : [],
    };
  } finally {
    await slack.close();
  }
}

/** A scratch database with 500 installed workspaces (an organisation each), their channels, and every post due now. */
async function scratch(admin: postgres.Sql, url: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `hallway_bench_fanout_${randomBytes(4).toString('hex')}`;
  await admin.unsafe(`create database ${name}`);
  const dbUrl = new URL(url);
  dbUrl.pathname = `/${name}`;
  const handle = await createDb({ databaseUrl: dbUrl.toString(), dataDir: '' });
  try {
    await migrateDb(handle);
    const installations = createInstallations(handle.db, createSealer(FANOUT_SECRET), systemClock);
    for (let w = 0; w < WORKSPACES; w += 10) {
      await Promise.all(
        Array.from({ length: Math.min(10, WORKSPACES - w) }, (_, i) => {
          const team = benchTeam(w + i);
          return installations.save('slack', team, `Workspace ${w + i}`, { botToken: benchToken(team), data: {} });
        }),
      );
    }
    const teams = new Map((await handle.db.select().from(workspaces)).map((ws) => [ws.externalId, ws]));
    const posts = Array.from({ length: POSTS }, (_, n) => ({ n, ws: teams.get(benchTeam(n % WORKSPACES))!, channel: benchChannel(n % WORKSPACES, Math.floor(n / WORKSPACES)) }));
    for (let i = 0; i < posts.length; i += 1000) {
      await handle.db.insert(conversations).values(
        posts.slice(i, i + 1000).map((p) => ({ orgId: p.ws.orgId, workspaceId: p.ws.id, platform: 'slack' as const, externalId: p.channel, kind: 'channel' as const })),
      );
    }
    const due = new Date();
    await insertPlanned(
      handle.db,
      posts.map(
        (p): NewDelivery => ({
          orgId: p.ws.orgId,
          kind: FANOUT_KIND,
          dedupeKey: `fanout:${p.n}`,
          dueAt: due,
          target: { type: 'conversation', platform: 'slack', key: p.channel },
          payload: { text: `Today's customer story for ${p.channel}` },
        }),
      ),
    );
  } finally {
    await handle.close();
  }
  return { url: dbUrl.toString(), drop: async () => void (await admin.unsafe(`drop database if exists ${name} with (force)`)) };
}

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.log('bench/fanout: skipped (needs DATABASE_URL: several instances share one Postgres)');
    return;
  }
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  const deadlineMs = String(DEADLINE_S * 1000);
  console.log(
    `bench/fanout: ${POSTS} posts to distinct channels in ${WORKSPACES} workspaces (an organisation and a bot token each), all due now; limits ${JSON.stringify(LIMITS)}; load average ${loadAverage()} (the machine is shared)`,
  );
  const rows: Array<Scenario & { load: string }> = [];
  const baseline = SCENARIOS.includes('baseline')
    ? await measure('baseline: chat port, paced in memory, no database', (slackUrl, _i, dir) => startProcess('bench/fanout.baseline.ts', [slackUrl, String(POSTS), String(WORKSPACES), deadlineMs], {}, dir), 1)
    : undefined;
  if (baseline) rows.push({ ...baseline, load: loadAverage() });
  for (const instances of SCENARIOS.filter((x) => x !== 'baseline').map(Number)) {
    const db = await scratch(admin, url);
    try {
      const s = await measure(
        `queue, ${instances} instance${instances > 1 ? 's' : ''}`,
        (slackUrl, i, dir) => startProcess('bench/fanout.worker.ts', [db.url, slackUrl, deadlineMs], { PGAPPNAME: `fanout-${i}` }, dir),
        instances,
      );
      rows.push({ ...s, load: loadAverage() });
    } finally {
      await db.drop();
    }
  }
  await admin.end({ timeout: 5 });

  const floor = floorSeconds(LIMITS, PER_WORKSPACE, PER_CHANNEL);
  const total = (r: Scenario) => (r.posted >= POSTS ? r.seconds : (POSTS / Math.max(r.posted, 1)) * r.seconds);
  const per = (ms: number, r: Scenario) => (ms / Math.max(r.posted, 1)).toFixed(2);
  console.log(`\nfloors: Slack's limits ${floor.toFixed(1)} s (bursts included); the pacer's spacing ${PACED_FLOOR.toFixed(1)} s (no bursts)`);
  console.log('\n| scenario | posted | time | total (projected if unfinished) | / limits floor | / pacer floor | / baseline | 429s | statements/post | CPU ms/post: instances · fake Slack · Postgres | RSS MB ready → peak | load |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const r of rows) {
    console.log(
      `| ${r.name} | ${r.posted}${r.posted >= POSTS ? '' : ' (deadline)'} | ${r.seconds.toFixed(1)} s | ${total(r).toFixed(1)} s | ${(total(r) / Math.max(floor, 1)).toFixed(2)}× | ${(total(r) / PACED_FLOOR).toFixed(2)}× | ${baseline ? `${(total(r) / total(baseline)).toFixed(2)}×` : '–'} | ${r.limited}${r.wrongWorkspace ? ` (+${r.wrongWorkspace} wrong token)` : ''} | ${r.queries ? (r.queries / Math.max(r.posted, 1)).toFixed(2) : '–'} | ${per(r.cpuMs.instances, r)} · ${per(r.cpuMs.slack, r)} · ${r.cpuMs.postgres ? per(r.cpuMs.postgres, r) : '–'} | ${r.readyRssMb.toFixed(0)} → ${r.peakRssMb.toFixed(0)} | ${r.load} |`,
    );
  }
  console.log('\n(/ limits floor uses a floor of at least 1 s. Postgres: the CPU of the instances\' own backends, not the server\'s background processes.)');
  console.log('goals: ≤ 1.1× the floor, ≤ 0.5 ms CPU per post, ≤ 300 MB RSS, no 429 beyond the allowed bursts');
  for (const r of rows.filter((x) => x.profile.length)) {
    console.log(`\n${r.name}: CPU by package or file (self time, --cpu-prof)`);
    for (const line of r.profile) console.log(`  ${line}`);
  }
}

await main();
