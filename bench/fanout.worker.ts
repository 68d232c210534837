/**
 * One Hallway instance for bench/fanout.ts: the real delivery queue and the
 * real Slack chat port, sending what is due through runDue until nothing is
 * left or the deadline passes, as the minute tick would (here without waiting
 * for the next minute: a rescheduled delivery is due again after its
 * Retry-After, and runDue is called again as soon as the last pass ends).
 *
 *   npx tsx bench/fanout.worker.ts <databaseUrl> <slackApiUrl> <deadline epoch ms>
 *
 * Prints one JSON line: sent (by completed passes), CPU ms, peak RSS.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { and, eq, inArray } from 'drizzle-orm';
import { pino } from 'pino';
import { createSlackChat } from '../adapters/slack/slack.chat.js';
import { createDb } from '../src/db/client.js';
import { deliveries } from '../src/db/schema.js';
import { systemClock } from '../src/domain/clock.js';
import { createMetrics } from '../src/metrics.js';
import { createDeliveryQueue } from '../src/scheduler/delivery.queue.js';
import { FANOUT_KIND, fanoutKind } from './fanout.kind.js';

const [databaseUrl, slackApiUrl, deadlineArg] = process.argv.slice(2);
const deadline = Number(deadlineArg);
const db = await createDb({ databaseUrl, dataDir: '' });
const queue = createDeliveryQueue({
  db: db.db,
  chats: { slack: createSlackChat({ token: 'xoxb-bench', apiUrl: slackApiUrl! }) },
  clock: systemClock,
  log: pino({ level: 'error' }),
  metrics: createMetrics(),
});
queue.register(fanoutKind);
// Start-up (module loading, connecting) is not the fan-out's cost.
const cpu0 = process.cpuUsage();

let sent = 0;
let passes = 0;
function report(): void {
  const cpu = process.cpuUsage(cpu0);
  console.log(JSON.stringify({ sent, passes, cpuMs: (cpu.user + cpu.system) / 1000, peakRssMb: process.resourceUsage().maxRSS / 1024 }));
}
// runDue drains all that is due before it returns, pacing included: the
// deadline has to interrupt it from outside.
setTimeout(() => {
  report();
  process.exit(0);
}, Math.max(0, deadline - Date.now())).unref();
const pending = async () =>
  (await db.db.select({ id: deliveries.id }).from(deliveries).where(and(eq(deliveries.kind, FANOUT_KIND), inArray(deliveries.status, ['pending', 'sending']))).limit(1)).length;
while (Date.now() < deadline) {
  const report = await queue.runDue(new Date());
  passes += 1;
  sent += report.sent;
  if (!(await pending())) break;
  if (report.sent === 0) await sleep(100);
}
report();
await db.close();
process.exit(0);
