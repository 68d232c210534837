/**
 * One bot process for tests/chaos/delivery.chaos.test.ts: the real delivery
 * queue, pacer and minute tick over Postgres, sending through the real Slack
 * chat port, with the tick run back to back (every 200 ms) instead of every
 * minute. It runs until killed; it installs no handler for unhandled
 * rejections, so anything that would end a production process ends this one
 * and the test sees it exit.
 *
 *   DATABASE_URL=… SLACK_API_URL=… node <this file, bundled>
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { pino } from 'pino';
import { createSlackChat } from '../../adapters/slack/slack.chat.js';
import { createDb } from '../../src/db/client.js';
import { systemClock } from '../../src/domain/clock.js';
import { createMetrics } from '../../src/metrics.js';
import { createDeliveryQueue } from '../../src/scheduler/delivery.queue.js';
import { createTick } from '../../src/scheduler/tick.js';
import type { DeliveryKind } from '../../src/scheduler/types.js';

const CHAOS_KIND = 'chaos_text';

const chaosKind: DeliveryKind = {
  kind: CHAOS_KIND,
  compose: async (d) => ({ text: String(d.payload.text), blocks: [{ type: 'text', text: String(d.payload.text) }] }),
};

const log = pino({ level: process.env.LOG_LEVEL ?? 'error', base: { worker: process.env.WORKER } });
const db = await createDb({ databaseUrl: process.env.DATABASE_URL, dataDir: '' });
const queue = createDeliveryQueue({
  db: db.db,
  chats: { slack: createSlackChat({ token: 'xoxb-chaos', apiUrl: process.env.SLACK_API_URL! }) },
  clock: systemClock,
  log,
  metrics: createMetrics(),
  // Hours of faults in a minute: retries and leases scaled down to match, and more attempts
  // before giving up (each claim counts one, a claim by a process killed mid-send too).
  policy: { baseBackoffMs: 1_000, maxBackoffMs: 4_000, leaseMs: 10_000, maxAttempts: 30 },
});
queue.register(chaosKind);
const tick = createTick({ queue, clock: systemClock, log });
console.log(JSON.stringify({ ready: process.env.WORKER }));
for (;;) {
  await tick.run();
  await sleep(200);
}
