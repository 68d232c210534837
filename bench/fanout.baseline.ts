/**
 * The fan-out's baseline for bench/fanout.ts: the same posts, through the same
 * Slack chat port (a token per workspace, known here without a database) to
 * the same local Slack, paced with the same knowledge as the queue's pacer
 * (paceKeys and DEFAULT_PACING: one slot per conversation a second, five per
 * workspace, reserved in the order the queue claims), at most as many posts
 * under way at once as the queue keeps (DEFAULT_POLICY: batchesInFlight ×
 * batchSize) — but no database: no claim, no shared reservation, no record.
 * What posting alone costs.
 *
 *   npx tsx bench/fanout.baseline.ts <slackApiUrl> <posts> <workspaces> <deadline ms>
 *
 * Same protocol as bench/fanout.worker.ts: prints `ready`, starts at a line on
 * stdin, prints one JSON line, exits when stdin closes.
 */
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { createSlackChat } from '../adapters/slack/slack.chat.js';
import { RateLimitedError } from '../src/chat/port.js';
import { DEFAULT_POLICY } from '../src/scheduler/delivery.queue.js';
import { DEFAULT_PACING, paceKeys } from '../src/scheduler/pacer.js';
import { benchChannel, benchTeam, benchToken } from './fanout.slack.js';

const [slackApiUrl, postsArg, workspacesArg, deadlineArg] = process.argv.slice(2);
const POSTS = Number(postsArg);
const WORKSPACES = Number(workspacesArg);
const chat = createSlackChat({
  tokens: { forConversation: async (channel) => benchToken(`T${channel.slice(1).split('N')[0]}`), forUser: async () => undefined },
  apiUrl: slackApiUrl!,
});
const posts = Array.from({ length: POSTS }, (_, n) => ({ n, team: benchTeam(n % WORKSPACES), channel: benchChannel(n % WORKSPACES, Math.floor(n / WORKSPACES)) }));

const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
const readyRssMb = process.memoryUsage().rss / 2 ** 20;
console.log('ready');
await lines.next();
const cpu0 = process.cpuUsage();
const deadline = Date.now() + Number(deadlineArg);
const nextFree = new Map<string, number>();
let sent = 0;
let limited = 0;
let underWay = 0;
const queued: Array<() => void> = [];
const inFlight = DEFAULT_POLICY.batchesInFlight * DEFAULT_POLICY.batchSize;

async function send(p: (typeof posts)[number], at: number): Promise<void> {
  for (;;) {
    if (at > Date.now()) await sleep(at - Date.now());
    if (Date.now() > deadline) return;
    // A slot ends by being handed to the next waiting post, if any.
    if (underWay >= inFlight) await new Promise<void>((resolve) => queued.push(resolve));
    else underWay += 1;
    try {
      await chat.post({ platform: 'slack', key: p.channel }, { text: `Today's customer story for ${p.channel}`, blocks: [{ type: 'text', text: `Today's customer story for ${p.channel}` }] }, { idempotencyKey: String(p.n) });
      sent += 1;
      return;
    } catch (err) {
      if (!(err instanceof RateLimitedError)) throw err;
      limited += 1;
      at = Date.now() + err.retryAfterSeconds * 1000;
    } finally {
      const next = queued.shift();
      if (next) next();
      else underWay -= 1;
    }
  }
}

const now = Date.now();
await Promise.all(
  posts.map((p) => {
    // The pacer's reservation, in memory: the latest free instant of the send's buckets, each moved past it by its spacing.
    const keys = paceKeys({ type: 'conversation', platform: 'slack', key: p.channel }, DEFAULT_PACING).map((k) => ({ ...k, key: `${p.team} ${k.key}` }));
    const slot = Math.max(now, ...keys.map((k) => nextFree.get(k.key) ?? 0));
    for (const k of keys) nextFree.set(k.key, slot + Math.ceil(1000 / k.perSecond));
    return send(p, slot);
  }),
);
const cpu = process.cpuUsage(cpu0);
console.log(JSON.stringify({ sent, limited, passes: 1, cpuMs: (cpu.user + cpu.system) / 1000, readyRssMb, peakRssMb: process.resourceUsage().maxRSS / 1024, backends: [] }));
process.stdin.on('close', () => process.exit(0));
await lines.next();
process.exit(0);
