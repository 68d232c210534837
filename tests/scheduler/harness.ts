import { Writable } from 'node:stream';
import { eq } from 'drizzle-orm';
import { pino } from 'pino';
import type { ChatPort, ConversationTarget, Platform, Posted, PostOptions, UserTarget } from '../../src/chat/port.js';
import type { Database } from '../../src/db/client.js';
import { deliveries, orgs } from '../../src/db/schema.js';
import type { Message } from '../../src/messages/message.js';
import { createMetrics } from '../../src/metrics.js';
import { createDeliveryQueue, type QueueDeps } from '../../src/scheduler/delivery.queue.js';
import type { DeliveryKind, DeliveryRecord, NewDelivery } from '../../src/scheduler/types.js';

/**
 * A manual clock with virtual timers for the pacer's waits: sleeping `ms`
 * registers a timer, and timers fire one at a time in time order, each
 * moving the clock to its instant, so concurrent senders see the times they
 * would in real life. setImmediate only orders the firing; nothing waits in
 * real time.
 */
export function manualTime(start: string) {
  let current = new Date(start);
  const timers: Array<{ until: number; resolve: () => void }> = [];
  let firing = false;
  function fireNext() {
    firing = false;
    timers.sort((a, b) => a.until - b.until);
    const next = timers.shift();
    if (!next) return;
    if (next.until > current.getTime()) current = new Date(next.until);
    next.resolve();
    schedule();
  }
  function schedule() {
    if (firing || timers.length === 0) return;
    firing = true;
    setImmediate(fireNext);
  }
  return {
    clock: { now: () => current },
    sleeps: [] as number[],
    sleep(ms: number): Promise<void> {
      this.sleeps.push(ms);
      return new Promise<void>((resolve) => {
        timers.push({ until: current.getTime() + ms, resolve });
        schedule();
      });
    },
    set(at: Date | string) {
      current = new Date(at);
    },
    advance(ms: number) {
      current = new Date(current.getTime() + ms);
      return current;
    },
  };
}

export type ManualTime = ReturnType<typeof manualTime>;

/** Log lines as objects, to assert what the queue said. */
export function captureLog() {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { log: pino({ level: 'debug' }, stream), lines };
}

let orgSeq = 0;
export async function newOrg(db: Database): Promise<string> {
  orgSeq += 1;
  const [row] = await db.insert(orgs).values({ name: `queue test ${orgSeq}` }).returning({ id: orgs.id });
  return row!.id;
}

/** A delivery kind for tests: the message says payload.text; compose returns null when payload.gone. */
export function textKind(kind = 'test.text', hooks: { sent?: DeliveryRecord[] } = {}): DeliveryKind {
  return {
    kind,
    async compose(d) {
      if (d.payload.gone) return null;
      return { text: String(d.payload.text), blocks: [{ type: 'text', text: String(d.payload.text) }] };
    },
    async sent(d) {
      hooks.sent?.push(d);
    },
  };
}

export function delivery(orgId: string, n: number | string, over: Partial<NewDelivery> = {}): NewDelivery {
  return {
    orgId,
    kind: 'test.text',
    dedupeKey: `test:${n}`,
    dueAt: new Date('2027-03-01T09:30:00Z'),
    target: { type: 'conversation', platform: 'slack', key: `C${n}` },
    payload: { text: `message ${n}` },
    ...over,
  };
}

export interface SentCall {
  to: ConversationTarget | UserTarget;
  text: string;
  idempotencyKey?: string;
  at: Date;
}

/** The outside world's chat, by hand: records every send at the clock's time. */
export function recordingChat(platform: Platform, clock: { now(): Date }, behave?: (call: SentCall) => void | Promise<void>) {
  const calls: SentCall[] = [];
  let n = 0;
  async function record(to: ConversationTarget | UserTarget, msg: Message, opts?: PostOptions): Promise<Posted> {
    const call = { to, text: msg.text, idempotencyKey: opts?.idempotencyKey, at: clock.now() };
    await behave?.(call);
    calls.push(call);
    n += 1;
    return { platform, conversationKey: 'key' in to ? to.key : `D-${to.userId}`, messageId: `m${n}` };
  }
  const chat = {
    platform,
    capabilities: { ephemeral: false, updateMessage: false, modals: false },
    post: (to: ConversationTarget, msg: Message, opts?: PostOptions) => record(to, msg, opts),
    dm: (to: UserTarget, msg: Message, opts?: PostOptions) => record(to, msg, opts),
    update: async () => {},
    profile: async () => undefined,
  } satisfies ChatPort;
  return { chat, calls };
}

/**
 * A chat whose first send never returns, as a query on a connection lost
 * without an error never does; later sends are recorded as usual.
 * `stranded()` resolves once that first send has begun.
 */
export function strandingChat(platform: Platform, clock: { now(): Date }) {
  let first = true;
  const { chat, calls } = recordingChat(platform, clock, () => {
    if (!first) return;
    first = false;
    return new Promise<void>(() => {});
  });
  const stranded = async () => {
    while (first) await new Promise<void>((resolve) => setImmediate(resolve));
  };
  return { chat, calls, stranded };
}

export function makeQueue(db: Database, time: ManualTime, chats: QueueDeps['chats'], over: Partial<QueueDeps> = {}) {
  const metrics = createMetrics();
  const queue = createDeliveryQueue({
    db,
    chats,
    clock: time.clock,
    sleep: (ms) => time.sleep(ms),
    log: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
    metrics,
    ...over,
  });
  return { queue, metrics };
}

export async function row(db: Database, orgId: string, dedupeKey: string) {
  const rows = await db.select().from(deliveries).where(eq(deliveries.orgId, orgId));
  const found = rows.find((r) => r.dedupeKey === dedupeKey);
  if (!found) throw new Error(`no delivery ${dedupeKey}`);
  return found;
}
