import { setTimeout as sleepFor } from 'node:timers/promises';
import type { Logger } from 'pino';
import { type ChatPort, type Platform, type Posted, RateLimitedError } from '../chat/port.js';
import type { Database } from '../db/client.js';
import type { Clock } from '../domain/clock.js';
import type { Metrics } from '../metrics.js';
import type { Message } from '../messages/message.js';
import { coalesce } from '../coalesce.js';
import { createWorkTracker, type WorkTracker } from '../work.tracker.js';
import {
  type Claimed,
  claimDue,
  insertPlanned,
  markDead,
  markSentMany,
  markSkipped,
  markUnroutable,
  renewLease,
  reschedule,
  type SentRecord,
} from './delivery.store.js';
import { createPacer, DEFAULT_PACING, type PaceKey, type PacingLimits, paceKeys, type Reservation } from './pacer.js';
import type { DeliveryKind, DeliveryQueue, DeliveryRecord, RunReport } from './types.js';

export interface QueueDeps {
  db: Database;
  chats: Partial<Record<Platform, ChatPort>>;
  clock: Clock;
  log: Logger;
  metrics: Metrics;
  /** Waits for a pacing slot; tests pass one that advances their manual clock. */
  sleep?: (ms: number) => Promise<void>;
  pacing?: PacingLimits;
  /** Retry and lease policy; the defaults suit production. */
  policy?: Partial<QueuePolicy>;
  /** Owns the background passes (poke), so shutdown can wait for them; one of the queue's own by default. */
  work?: WorkTracker;
}

export interface QueuePolicy {
  /** The Nth failed attempt marks the delivery dead. */
  maxAttempts: number;
  /** First retry delay; doubles with each failed attempt up to maxBackoffMs. */
  baseBackoffMs: number;
  maxBackoffMs: number;
  /** How long a claim is exclusive; a runner that dies is taken over after it. */
  leaseMs: number;
  /** Rows claimed per round trip, and paced in one reservation. */
  batchSize: number;
  /**
   * Batches a pass keeps under way at once: the next is claimed while the
   * last ones wait for their slots and send, as long as those slots come
   * within claimAheadMs.
   */
  batchesInFlight: number;
  claimAheadMs: number;
}

export const DEFAULT_POLICY: QueuePolicy = {
  maxAttempts: 8,
  baseBackoffMs: 30_000,
  maxBackoffMs: 60 * 60_000,
  leaseMs: 2 * 60_000,
  batchSize: 50,
  batchesInFlight: 4,
  claimAheadMs: 2_000,
};

/**
 * How long a background pass may run before later pokes stop queueing behind
 * it (as the minute tick does with TICK_OVERRUN_MS): a pass sends at most a few
 * batches, paced, in minutes; one running this long is stranded.
 */
export const PASS_OVERRUN_MS = 10 * 60_000;
/**
 * How late after its pacing slot a post may still start. Slack's spacing in
 * one channel keeps 200 ms over its 1 s (pacer.ts): a post later than this
 * takes a new slot rather than eat that margin.
 */
const MAX_LATE_MS = 150;

/** Delay before the attempt after the `attempts`th failure: 30 s, 1 min, 2 min, … capped. */
export function backoffMs(attempts: number, policy: QueuePolicy): number {
  return Math.min(policy.baseBackoffMs * 2 ** Math.max(0, attempts - 1), policy.maxBackoffMs);
}

type Outcome = 'sent' | 'recovered' | 'skipped' | 'retry' | 'rate_limited' | 'dead' | 'lost' | 'released';

/** A claimed delivery with its message composed, ready for a pacing slot. */
interface Ready {
  d: Claimed;
  record: DeliveryRecord;
  keys: PaceKey[];
  msg: Message;
  log: () => Logger;
}

/**
 * The durable delivery queue (DESIGN.md "Scheduling and delivery"): plan with
 * dedupe keys, claim with FOR UPDATE SKIP LOCKED and a lease, compose at send
 * time, send paced per platform, record — or retry, or give up. Any number of
 * runners may share one database.
 */
export function createDeliveryQueue(deps: QueueDeps): DeliveryQueue {
  const { db, chats, clock, log, metrics } = deps;
  const policy = { ...DEFAULT_POLICY, ...deps.policy };
  const pacing = deps.pacing ?? DEFAULT_PACING;
  const sleep = deps.sleep ?? ((ms: number) => sleepFor(ms));
  // Stopping ends every pacing wait at once: a send not yet made is handed back rather than awaited.
  let stopping = false;
  let wake: () => void = () => {};
  const stopped = new Promise<void>((resolve) => (wake = resolve));
  const pacer = createPacer({ db, clock, sleep: (ms) => Promise.race([sleep(ms), stopped]) });
  const kinds = new Map<string, DeliveryKind>();
  const platforms = (Object.keys(chats) as Platform[]).filter((p) => chats[p]);
  const work = deps.work ?? createWorkTracker();
  /** Background passes under way, each with the instant it was started. */
  const passes = new Map<Promise<unknown>, number>();
  /** The poke pass waiting for the ones before it: later pokes coalesce into it. */
  let queuedPoke: { since: number } | undefined;

  function emptyReport(): RunReport {
    return { planned: 0, sent: 0, retried: 0, dead: 0, skipped: 0 };
  }

  async function plan(at: Date): Promise<number> {
    let planned = 0;
    for (const kind of kinds.values()) {
      if (!kind.plan) continue;
      // One kind failing to plan must not stop the others, nor the sending.
      try {
        planned += await insertPlanned(db, await kind.plan(at));
      } catch (err) {
        log.error({ err, kind: kind.kind }, 'planning deliveries failed');
      }
    }
    return planned;
  }

  /**
   * The deployment's housekeeping, done by the tick (runDue), never by a
   * poke: a poke runs in an organisation's request, and the sweep spans
   * every organisation. A failure is logged; sending goes on.
   */
  async function sweep(): Promise<void> {
    try {
      const swept = await pacer.sweep();
      if (swept > 0) log.debug({ swept }, 'idle pacing buckets forgotten');
    } catch (err) {
      log.error({ err }, 'sweeping idle pacing buckets failed');
    }
  }

  /**
   * Claims and sends batch after batch until nothing due at `at` is left.
   * A batch is claimed, composed and paced (one reservation for all of it,
   * in the interleaved order), then sends as its slots come; meanwhile the
   * next batch is claimed, up to batchesInFlight, while the slots already
   * reserved come within claimAheadMs.
   */
  async function drain(at: Date, report: RunReport): Promise<void> {
    const unroutable = await markUnroutable(db, at, platforms);
    if (unroutable > 0) log.warn({ count: unroutable, configured: platforms }, 'deliveries wait for a platform with no chat configured');
    const inFlight = new Set<Promise<void>>();
    let furthest = 0;
    try {
      while (!stopping) {
        const now = clock.now();
        const batch = await claimDue(db, { at, now, leaseUntil: new Date(now.getTime() + policy.leaseMs), limit: policy.batchSize, platforms });
        if (batch.length === 0) return;
        const ordered = interleave(batch);
        const started = await startBatch(ordered, at);
        furthest = Math.max(furthest, started.furthest);
        const done = started.outcomes.then((outcomes) => tally(ordered, outcomes, report));
        inFlight.add(done);
        const forget = () => void inFlight.delete(done);
        done.then(forget, forget);
        // Rows rescheduled in this pass are due after `at` or after `now`, so
        // the loop ends; a batch smaller than the limit means nothing is left.
        if (batch.length < policy.batchSize) return;
        while (inFlight.size >= policy.batchesInFlight || (inFlight.size > 0 && furthest - clock.now().getTime() > policy.claimAheadMs)) await Promise.race(inFlight);
      }
    } finally {
      await Promise.all(inFlight);
    }
  }

  function tally(ordered: Claimed[], outcomes: Outcome[], report: RunReport): void {
    for (const [i, outcome] of outcomes.entries()) {
      metrics.deliveries.inc({ kind: ordered[i]!.kind, outcome });
      if (outcome === 'sent' || outcome === 'recovered') report.sent += 1;
      else if (outcome === 'retry' || outcome === 'rate_limited') report.retried += 1;
      else if (outcome === 'dead') report.dead += 1;
      else if (outcome === 'skipped') report.skipped += 1;
      else if (outcome === 'released') report.released = (report.released ?? 0) + 1;
    }
  }

  /**
   * Same-conversation deliveries in round-robin order, so that the pacer's
   * first slots go to one message per conversation and a long run of
   * messages for one channel does not hold up the others.
   */
  function interleave(batch: Claimed[]): Claimed[] {
    const groups = new Map<string, Claimed[]>();
    for (const d of batch) {
      const key = paceKeys(d.target, pacing)[0]!.key;
      const group = groups.get(key);
      if (group) group.push(d);
      else groups.set(key, [d]);
    }
    const out: Claimed[] = [];
    for (let i = 0; out.length < batch.length; i++) {
      for (const g of groups.values()) {
        const d = g[i];
        if (d) out.push(d);
      }
    }
    return out;
  }

  /**
   * Composes the batch side by side, reserves the slots of what is to be
   * sent in one go (in the batch's order), and starts the sends. Resolves
   * once the slots are reserved: with the sends' outcomes to come, and the
   * latest slot.
   */
  async function startBatch(ordered: Claimed[], at: Date): Promise<{ outcomes: Promise<Outcome[]>; furthest: number }> {
    const prepared = await Promise.all(ordered.map((d) => prepare(d, at)));
    const ready = prepared.filter((p): p is Ready => typeof p !== 'string');
    let reservations: Reservation[] | undefined;
    let reserveError: unknown;
    try {
      reservations = await pacer.reserve(ready.map((r) => ({ orgId: r.d.orgId, keys: r.keys })));
    } catch (err) {
      reserveError = err;
    }
    const sends = new Map(ready.map((r, i) => [r, reservations ? send(r, reservations[i]!, at) : failed(r.d, reserveError, r.keys, at, r.log)]));
    return {
      outcomes: Promise.all(prepared.map((p) => (typeof p === 'string' ? p : sends.get(p)!))),
      furthest: Math.max(0, ...(reservations ?? []).map((r) => r.at ?? 0)),
    };
  }

  /** Everything before the pacing slot: an earlier attempt's post looked for, the message composed. */
  async function prepare(d: Claimed, at: Date): Promise<Ready | Outcome> {
    let child: Logger | undefined;
    const dlog = () => (child ??= log.child({ delivery: d.id, kind: d.kind, attempt: d.attempts }));
    const chat = chats[d.target.platform]!;
    const record: DeliveryRecord = { id: d.id, orgId: d.orgId, kind: d.kind, dedupeKey: d.dedupeKey, dueAt: d.dueAt, target: d.target, payload: d.payload, attempts: d.attempts };
    const keys = paceKeys(d.target, pacing);
    try {
      // An earlier attempt may have posted and then died (or timed out)
      // before recording it: ask the platform before posting again.
      if (d.attempts > 1) {
        const found = await findEarlier(chat, d, dlog);
        if (found) return (await recordSent(d, record, found, dlog)) ? 'recovered' : 'lost';
      }
      if (d.attempts > policy.maxAttempts) {
        // Only reachable when runners died mid-send every time (no failure was ever recorded).
        return (await giveUp(d, `claimed ${d.attempts} times without finishing; last error: ${d.lastError ?? 'none recorded'}`, dlog)) ? 'dead' : 'lost';
      }
      const kind = kinds.get(d.kind);
      if (!kind) throw new Error(`no delivery kind "${d.kind}" is registered in this instance`);
      const msg = await kind.compose(record, at);
      if (msg === null) {
        dlog().info('nothing to send any more; skipped');
        return (await markSkipped(db, d, 'compose returned nothing to send')) ? 'skipped' : 'lost';
      }
      return { d, record, keys, msg, log: dlog };
    } catch (err) {
      return failed(d, err, keys, at, dlog);
    }
  }

  /** Waits for the reserved slot, sends, records. */
  async function send(r: Ready, reservation: Reservation, at: Date): Promise<Outcome> {
    const { d, record, keys, msg } = r;
    try {
      let slot = reservation;
      for (;;) {
        const heldUntil = slot.held ?? (await pacer.until(d.orgId, keys, slot.at!));
        if (stopping) {
          // Shutting down: not sent, so hand it back for another runner (or this one after a restart) at once.
          return (await reschedule(db, d, clock.now(), 'released: the runner was shutting down', false)) ? 'released' : 'lost';
        }
        if (heldUntil) {
          // The platform told us to slow down for this conversation while we waited: not our failure.
          return (await reschedule(db, d, heldUntil, 'held back: this conversation was rate limited', false)) ? 'rate_limited' : 'lost';
        }
        if (!(await holdLease(d))) {
          r.log().warn('lease lost while waiting for a pacing slot; another runner has it');
          return 'lost';
        }
        // Renewing the lease may have waited on the database (an outage): a post started long after its
        // slot could land within the spacing of the next slot's, so it takes a new slot instead.
        if (clock.now().getTime() - slot.at! <= MAX_LATE_MS) break;
        r.log().info({ lateMs: clock.now().getTime() - slot.at! }, 'late for its pacing slot; taking another');
        slot = (await pacer.reserve([{ orgId: d.orgId, keys }]))[0]!;
      }
      const posted = await post(chats[d.target.platform]!, d, msg);
      return (await recordSent(d, record, posted, r.log)) ? 'sent' : 'lost';
    } catch (err) {
      return failed(d, err, keys, at, r.log);
    }
  }

  async function findEarlier(chat: ChatPort, d: Claimed, dlog: () => Logger): Promise<Posted | undefined> {
    if (!chat.findPosted) {
      dlog().warn({ platform: chat.platform }, 'an earlier attempt may have posted, and this platform cannot be asked; sending again');
      return undefined;
    }
    const target = d.target.type === 'conversation' ? { platform: d.target.platform, key: d.target.key } : { platform: d.target.platform, userId: d.target.userId };
    const found = await chat.findPosted(target, d.id, d.dueAt);
    if (found) dlog().info({ messageId: found.messageId }, 'found the post of an earlier attempt; recording it instead of posting again');
    return found;
  }

  /** Pacing can wait longer than a lease is safe for: renew before sending when less than half is left. */
  async function holdLease(d: Claimed): Promise<boolean> {
    const now = clock.now().getTime();
    if (d.leaseUntil.getTime() - now > policy.leaseMs / 2) return true;
    const leaseUntil = new Date(now + policy.leaseMs);
    if (!(await renewLease(db, d, leaseUntil))) return false;
    d.leaseUntil = leaseUntil;
    return true;
  }

  function post(chat: ChatPort, d: Claimed, msg: Message): Promise<Posted> {
    const opts = { idempotencyKey: d.id };
    return d.target.type === 'conversation'
      ? chat.post({ platform: d.target.platform, key: d.target.key }, msg, opts)
      : chat.dm({ platform: d.target.platform, userId: d.target.userId }, msg, opts);
  }

  /** Posts made at about the same time are recorded in one statement. */
  const markSent = coalesce((sent: SentRecord[]) => markSentMany(db, sent));

  /**
   * Records the post, then lets the kind record what it needs (story_posts…),
   * also for a post found after a crash: the runner that made it never did.
   */
  async function recordSent(d: Claimed, record: DeliveryRecord, posted: Posted, dlog: () => Logger): Promise<boolean> {
    if (!(await markSent({ fence: d, ref: posted, sentAt: clock.now() }))) {
      // Our lease ran out and another runner took the delivery; it will find this post before sending.
      dlog().warn({ messageId: posted.messageId }, 'sent, but the lease was lost before recording; the new holder will find the post');
      return false;
    }
    // The message is out and recorded as sent; a failing hook must not make it look unsent (and be posted again).
    await kinds
      .get(d.kind)
      ?.sent?.(record, posted, clock.now())
      .catch((err: unknown) => dlog().error({ err }, 'the kind failed to record what was sent'));
    return true;
  }

  async function giveUp(d: Claimed, error: string, dlog: () => Logger): Promise<boolean> {
    dlog().error({ target: d.target, lastError: error }, `delivery is dead after ${d.attempts} attempts`);
    return markDead(db, d, error);
  }

  async function failed(d: Claimed, err: unknown, keys: PaceKey[], at: Date, dlog: () => Logger): Promise<Outcome> {
    const message = err instanceof Error ? err.message : String(err);
    // Retries are counted from whichever is later: the run's instant or the wall clock.
    const base = Math.max(at.getTime(), clock.now().getTime());
    if (err instanceof RateLimitedError) {
      const retryAt = new Date(base + Math.max(1, err.retryAfterSeconds) * 1000);
      // A 429 does not say which limit was hit; hold the conversation (paceKeys puts it first). If it was
      // the workspace ceiling, the next conversation's send gets its own 429 and is held in turn.
      await pacer.hold(d.orgId, keys.slice(0, 1), retryAt);
      dlog().warn({ retryAt }, 'rate limited; retrying after the wait the platform asked for');
      return (await reschedule(db, d, retryAt, message, false)) ? 'rate_limited' : 'lost';
    }
    if (d.attempts >= policy.maxAttempts) return (await giveUp(d, message, dlog)) ? 'dead' : 'lost';
    const retryAt = new Date(base + backoffMs(d.attempts, policy));
    dlog().warn({ err, retryAt }, 'delivery failed; will retry');
    return (await reschedule(db, d, retryAt, message, true)) ? 'retry' : 'lost';
  }

  function background(pass: () => Promise<void>): void {
    const p = pass()
      .catch((err: unknown) => log.error({ err }, 'delivery pass failed'))
      .finally(() => passes.delete(p));
    passes.set(p, clock.now().getTime());
    void work.track(p);
  }

  /** A pass started this long ago is stranded (say, on a query that never came back): nothing waits for it any more. */
  const stranded = (since: number, now: number) => now - since >= PASS_OVERRUN_MS;

  return {
    register: (...ks) => ks.forEach((k) => kinds.set(k.kind, k)),
    async enqueue(d) {
      return (await insertPlanned(db, [d])) > 0;
    },
    async runDue(at) {
      const report = emptyReport();
      await sweep();
      report.planned = await plan(at);
      await drain(at, report);
      return report;
    },
    poke() {
      if (stopping) return;
      const now = clock.now().getTime();
      // Coalesce: one pass waiting behind the running one picks up everything enqueued meanwhile,
      // unless it has waited so long that what it waits for is stranded.
      if (queuedPoke && !stranded(queuedPoke.since, now)) return;
      const mine = { since: now };
      queuedPoke = mine;
      const previous = Promise.all([...passes].filter(([, since]) => !stranded(since, now)).map(([p]) => p));
      background(async () => {
        await previous;
        if (queuedPoke === mine) queuedPoke = undefined;
        await drain(clock.now(), emptyReport());
      });
    },
    async idle() {
      while (passes.size > 0) await Promise.all([...passes.keys()]);
    },
    stop() {
      stopping = true;
      wake();
    },
  };
}
