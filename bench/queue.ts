/**
 * Delivery queue throughput: how many deliveries per second runDue claims,
 * "sends" (a no-op chat) and records, for N due deliveries.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npx tsx bench/queue.ts [N]
 *
 * With DATABASE_URL it works in a scratch database it creates and drops;
 * without, on in-memory PGlite. Pacing is switched off (it would cap Slack at
 * 5 posts/s per workspace by design); this measures the queue's own cost.
 * The first scenario is the baseline the others are compared with.
 */
import { randomBytes } from 'node:crypto';
import { pino } from 'pino';
import postgres from 'postgres';
import type { ChatPort, Posted } from '../src/chat/port.js';
import { createDb, type DbHandle } from '../src/db/client.js';
import { migrateDb } from '../src/db/migrate.js';
import { deliveries, orgs } from '../src/db/schema.js';
import { systemClock } from '../src/domain/clock.js';
import { createMetrics } from '../src/metrics.js';
import { createDeliveryQueue, type QueuePolicy } from '../src/scheduler/delivery.queue.js';
import type { PacingLimits } from '../src/scheduler/pacer.js';
import type { DeliveryKind, NewDelivery } from '../src/scheduler/types.js';

const N = Number(process.argv[2] ?? 1000);
const UNPACED: PacingLimits = {
  slack: { perConversationPerSecond: Infinity, workspacePerSecond: Infinity },
  teams: { perConversationPerSecond: Infinity, workspacePerSecond: Infinity },
};

const noopChat = {
  platform: 'slack',
  capabilities: { ephemeral: false, updateMessage: false, modals: false },
  post: async (to): Promise<Posted> => ({ platform: 'slack', conversationKey: to.key, messageId: '1.0' }),
  dm: async (to): Promise<Posted> => ({ platform: 'slack', conversationKey: to.userId, messageId: '1.0' }),
  update: async () => {},
  profile: async () => undefined,
} satisfies ChatPort;

const kind: DeliveryKind = {
  kind: 'bench',
  compose: async (d) => ({ text: String(d.payload.text), blocks: [{ type: 'text', text: String(d.payload.text) }] }),
};

async function scratchDatabase(): Promise<{ handle: DbHandle; drop(): Promise<void> }> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const handle = await createDb({ dataDir: 'memory://' });
    await migrateDb(handle);
    return { handle, drop: () => handle.close() };
  }
  const name = `hallway_bench_${randomBytes(4).toString('hex')}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const u = new URL(url);
  u.pathname = `/${name}`;
  const handle = await createDb({ databaseUrl: u.toString(), dataDir: '' });
  await migrateDb(handle);
  return {
    handle,
    async drop() {
      await handle.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end({ timeout: 5 });
    },
  };
}

async function scenario(handles: DbHandle[], label: string, policy: Partial<QueuePolicy>) {
  const db = handles[0]!.db;
  await db.delete(deliveries);
  const [org] = await db.insert(orgs).values({ name: 'bench' }).returning({ id: orgs.id });
  const now = new Date();
  const rows: NewDelivery[] = Array.from({ length: N }, (_, i) => ({
    orgId: org!.id,
    kind: 'bench',
    dedupeKey: `bench:${label}:${i}`,
    dueAt: now,
    target: { type: 'conversation', platform: 'slack', key: `C${i % 100}` },
    payload: { text: `message ${i}` },
  }));
  const queues = handles.map((h) => {
    const q = createDeliveryQueue({ db: h.db, chats: { slack: noopChat }, clock: systemClock, log: pino({ level: 'silent' }), metrics: createMetrics(), pacing: UNPACED, policy });
    q.register(kind);
    return q;
  });
  for (const r of rows) await queues[0]!.enqueue(r);
  const started = performance.now();
  const reports = await Promise.all(queues.map((q) => q.runDue(new Date())));
  const seconds = (performance.now() - started) / 1000;
  const sent = reports.reduce((s, r) => s + r.sent, 0);
  if (sent !== N) throw new Error(`${label}: sent ${sent} of ${N}`);
  return { label, seconds, perSecond: N / seconds };
}

async function main() {
  const { handle, drop } = await scratchDatabase();
  const extra: DbHandle[] = [];
  try {
    const results = [];
    results.push(await scenario([handle], '1 runner, batch 50 (default)', {}));
    results.push(await scenario([handle], '1 runner, batch 200', { batchSize: 200 }));
    if (handle.driver === 'postgres') {
      extra.push(await createDb({ databaseUrl: handle.databaseUrl, dataDir: '' }));
      results.push(await scenario([handle, extra[0]!], '2 runners, batch 50', {}));
    }
    const base = results[0]!.perSecond;
    console.log(`delivery queue, ${N} due deliveries, ${handle.driver}, no-op chat, pacing off`);
    for (const r of results) {
      console.log(`${r.label.padEnd(32)} ${r.seconds.toFixed(2).padStart(6)} s  ${r.perSecond.toFixed(0).padStart(6)} deliveries/s  x${(r.perSecond / base).toFixed(2)}`);
    }
  } finally {
    for (const h of extra) await h.close();
    await drop();
  }
}

await main();
