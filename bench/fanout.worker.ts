/**
 * One Hallway instance for bench/fanout.ts: the real delivery queue and the
 * real Slack chat port in OAuth mode (each workspace's bot token from the
 * installation store, sealed, as src/main.ts wires it), sending what is due
 * through runDue until nothing is left or the deadline passes, as the minute
 * tick would (here without waiting for the next minute: a rescheduled
 * delivery is due again after its Retry-After, and runDue is called again as
 * soon as the last pass ends).
 *
 *   npx tsx bench/fanout.worker.ts <databaseUrl> <slackApiUrl> <deadline ms>
 *
 * Prints `ready` once started, begins at a line on stdin (so every instance
 * starts at once and start-up is not timed), prints one JSON line (sent by
 * completed passes, CPU ms, peak RSS, its database connections' backend
 * pids: bench/fanout.ts names them with PGAPPNAME), then waits for its stdin
 * to close, so that bench/fanout.ts can read those backends' CPU before they go.
 */
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { pino } from 'pino';
import { createSlackChat } from '../adapters/slack/slack.chat.js';
import { createSealer } from '../src/crypto.js';
import { createDb } from '../src/db/client.js';
import { deliveries } from '../src/db/schema.js';
import { systemClock } from '../src/domain/clock.js';
import { createInstallations } from '../src/features/installations.js';
import { createMetrics } from '../src/metrics.js';
import { createDeliveryQueue } from '../src/scheduler/delivery.queue.js';
import { FANOUT_KIND, FANOUT_SECRET, fanoutKind } from './fanout.kind.js';

const [databaseUrl, slackApiUrl, deadlineArg] = process.argv.slice(2);
const db = await createDb({ databaseUrl, dataDir: '' });
const installations = createInstallations(db.db, createSealer(FANOUT_SECRET), systemClock);
const queue = createDeliveryQueue({
  db: db.db,
  chats: {
    slack: createSlackChat({
      tokens: { forConversation: (key) => installations.tokenForConversation('slack', key), forUser: (id) => installations.tokenForUser('slack', id) },
      apiUrl: slackApiUrl!,
    }),
  },
  clock: systemClock,
  log: pino({ level: 'error' }),
  metrics: createMetrics(),
});
queue.register(fanoutKind);
await db.ping();
const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
const readyRssMb = process.memoryUsage().rss / 2 ** 20;
console.log('ready');
await lines.next();
// Start-up (module loading, connecting, deriving the key) is not the fan-out's cost.
const cpu0 = process.cpuUsage();
const queries0 = db.stats.queries;
const deadline = Date.now() + Number(deadlineArg);

let sent = 0;
let passes = 0;
let reported = false;
async function report(): Promise<void> {
  if (reported) return;
  reported = true;
  const cpu = process.cpuUsage(cpu0);
  const backends = await db.db
    .execute(sql`select pid from pg_stat_activity where datname = current_database() and application_name = ${process.env.PGAPPNAME ?? ''}`)
    // postgres.js answers with the rows themselves.
    .then((r) => (r as unknown as Array<{ pid: number }>).map((x) => Number(x.pid)))
    .catch(() => []);
  console.log(JSON.stringify({ sent, passes, queries: db.stats.queries - queries0, cpuMs: (cpu.user + cpu.system) / 1000, readyRssMb, peakRssMb: process.resourceUsage().maxRSS / 1024, backends }));
  // bench/fanout.ts reads the backends' CPU, then closes our stdin.
  await lines.next();
  process.exit(0);
}
// runDue drains all that is due before it returns, pacing included: the
// deadline has to interrupt it from outside.
setTimeout(() => void report(), Math.max(0, deadline - Date.now())).unref();
const pending = async () =>
  (await db.db.select({ id: deliveries.id }).from(deliveries).where(and(eq(deliveries.kind, FANOUT_KIND), inArray(deliveries.status, ['pending', 'sending']))).limit(1)).length;
while (Date.now() < deadline) {
  const pass = await queue.runDue(new Date());
  passes += 1;
  sent += pass.sent;
  if (!(await pending())) break;
  if (pass.sent === 0) await sleep(100);
}
await report();
