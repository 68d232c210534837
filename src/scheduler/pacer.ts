import { sql } from 'drizzle-orm';
import type { Platform } from '../chat/port.js';
import { type Database, rowsOf } from '../db/client.js';
import { paceBuckets } from '../db/schema.js';
import type { Clock } from '../domain/clock.js';
import type { DeliveryTarget } from './types.js';

/**
 * How fast the queue may send, per platform: one rate per conversation and a
 * ceiling for the whole workspace (Slack) or tenant (Teams). We pace
 * ourselves instead of waiting for 429s, because Slack does not guarantee
 * that a burst over its limit is stored or shown at all.
 */
export interface PlatformPace {
  perConversationPerSecond: number;
  workspacePerSecond: number;
}

export type PacingLimits = Record<Platform, PlatformPace>;

export const DEFAULT_PACING: PacingLimits = {
  // chat.postMessage: "one message per second per channel", with a
  // workspace-wide limit Slack puts at "several hundred per minute". In a
  // channel, posts are spaced 1.2 s apart, not 1 s: a slot is when a post
  // starts, and the post before it may reach Slack later after its own slot
  // than this one does (a busy process, a lease renewed first). The margin
  // keeps two posts from landing within one second: spreads of 20-80 ms were
  // measured under chaos on a busy machine, 285 ms once when overloaded
  // (tests/chaos/delivery.chaos.test.ts). A channel gets a story a day: the
  // 20% costs nothing anyone sees. Retry-After stays the backstop.
  slack: { perConversationPerSecond: 1 / 1.2, workspacePerSecond: 5 },
  // Bot Framework for Teams: 7 per second per conversation, 50 per second per tenant.
  teams: { perConversationPerSecond: 7, workspacePerSecond: 50 },
};

/** A pacing bucket: sends sharing a key are spaced 1/perSecond apart. */
export interface PaceKey {
  key: string;
  perSecond: number;
}

/**
 * The buckets a send to `target` falls in, within its organisation (rows are
 * keyed by org): the conversation, and the platform, which stands for the
 * organisation's Slack workspace or Teams tenant. A DM is its own conversation.
 *
 * A new Slack workspace is an organisation of its own, so each workspace gets
 * its own ceiling. An organisation paired with several Slack workspaces (or
 * Teams tenants) shares one ceiling among them: conservative, never over a
 * workspace's limit. Keying by team instead would need every target to carry
 * its team (DMs, reminders and digests do not), and a key some sends had and
 * others lacked would split one workspace's budget in two.
 */
export function paceKeys(target: DeliveryTarget, limits: PacingLimits): PaceKey[] {
  const pace = limits[target.platform];
  const conversation = target.type === 'conversation' ? `c:${target.key}` : `u:${target.userId}`;
  return [
    { key: `${target.platform}:${conversation}`, perSecond: pace.perConversationPerSecond },
    { key: target.platform, perSecond: pace.workspacePerSecond },
  ];
}

/** One send's buckets. */
export interface PaceRequest {
  orgId: string;
  keys: PaceKey[];
}

/** A slot (epoch ms) to send at, or the instant a hold (a 429) on one of the send's buckets lifts: no send before. */
export type Reservation = { at: number; held?: undefined } | { held: Date; at?: undefined };

export interface Pacer {
  /**
   * Reserves, in the order given, the earliest slot free in every bucket of
   * each send: sends sharing a bucket get distinct slots, its spacing apart,
   * in this process and any other. One transaction for them all.
   */
  reserve(requests: PaceRequest[]): Promise<Reservation[]>;
  /**
   * Waits for a reserved slot. Resolves undefined when it is time to send,
   * or with the instant a hold set meanwhile (a 429 seen here) lifts.
   */
  until(orgId: string, keys: PaceKey[], at: number): Promise<Date | undefined>;
  /** reserve() for one send, then until(). */
  wait(orgId: string, keys: PaceKey[]): Promise<Date | undefined>;
  /** After a 429: nothing more goes to these buckets before `until`. */
  hold(orgId: string, keys: PaceKey[], until: Date): Promise<void>;
  /**
   * Forgets the buckets of every organisation that have been idle an hour
   * (at most once a minute per instance; returns how many went). Deployment
   * housekeeping for the minute tick, never called on an organisation's
   * behalf: a request or delivery path that swept would change other
   * organisations' rows.
   */
  sweep(): Promise<number>;
}

/** Longer than a full batch to one conversation can wait (50 at 1/s), shorter than surprise. */
const MAX_AHEAD_MS = 5 * 60_000;
/** Buckets idle this long carry no information any more and are deleted… */
const STALE_MS = 60 * 60_000;
/** …by the tick's sweep, at most this often per instance. */
const SWEEP_MS = 60_000;

interface BucketRow {
  org_id: string;
  key: string;
  next_free: number;
  held: number | null;
}

/**
 * Slot reservation in Postgres, so every instance shares one budget per
 * conversation and per workspace: each bucket row holds when it is next free
 * (and a hold after a 429). A batch of sends is reserved in one transaction:
 * one INSERT … ON CONFLICT DO UPDATE creates the buckets not seen yet and
 * locks every bucket of the batch (in key order, so two instances never
 * deadlock) returning when each is free; the slots are handed out here, in
 * the batch's order, each send at the latest free instant of its buckets and
 * each bucket moved past it by its own spacing; one UPDATE writes the
 * buckets back. Concurrent senders, in this process or another, get distinct
 * slots. Only the wait is local, and injected, so tests advance a manual
 * clock instead of sleeping. Retry-After stays the backstop.
 */
export function createPacer(deps: { db: Database; clock: Clock; sleep(ms: number): Promise<void> }): Pacer {
  const { db, clock } = deps;
  let sweptAt = -Infinity;

  // Holds this process set, checked again after a wait without a round trip: a send woken from its
  // wait goes out at once. Holds set by other instances are seen at the next reservation.
  const localHolds = new Map<string, number>();
  const holdKey = (orgId: string, key: string) => `${orgId} ${key}`;
  function heldHere(orgId: string, keys: PaceKey[], now: number): Date | undefined {
    const until = Math.max(0, ...keys.map((k) => localHolds.get(holdKey(orgId, k.key)) ?? 0));
    return until > now ? new Date(until) : undefined;
  }

  async function reserve(requests: PaceRequest[]): Promise<Reservation[]> {
    if (requests.length === 0) return [];
    const now = clock.now().getTime();
    const wanted = new Map<string, { org_id: string; key: string }>();
    for (const r of requests) for (const k of r.keys) wanted.set(holdKey(r.orgId, k.key), { org_id: r.orgId, key: k.key });
    const nowSql = sql`to_timestamp(${now / 1000}::float8)`;
    return db.transaction(async (tx) => {
      const rows = rowsOf<BucketRow>(
        await tx.execute(sql`
          insert into pace_buckets (org_id, key, next_free_at)
          select org_id, key, ${nowSql} from jsonb_to_recordset(${JSON.stringify([...wanted.values()])}::jsonb) as t(org_id uuid, key text)
          order by org_id, key
          on conflict (org_id, key) do update set next_free_at = pace_buckets.next_free_at
          returning org_id, key, (extract(epoch from next_free_at) * 1000)::float8 as next_free,
            (extract(epoch from held_until) * 1000)::float8 as held`),
      );
      const buckets = new Map(rows.map((b) => [holdKey(b.org_id, b.key), { ...b, next_free: Number(b.next_free), held: b.held === null ? null : Number(b.held), moved: false }]));
      const out = requests.map((r): Reservation => {
        const mine = r.keys.map((k) => buckets.get(holdKey(r.orgId, k.key))!);
        const held = Math.max(0, ...mine.map((b) => b.held ?? 0));
        if (held > now) return { held: new Date(held) };
        // A reservation further ahead than any batch can queue up means the clock went back: it counts as free now.
        const at = Math.max(now, ...mine.map((b) => (b.next_free > now + MAX_AHEAD_MS ? now : b.next_free)));
        r.keys.forEach((k, i) => {
          mine[i]!.next_free = at + Math.ceil(1000 / k.perSecond);
          mine[i]!.moved = true;
        });
        return { at };
      });
      const moved = [...buckets.values()].filter((b) => b.moved).map((b) => ({ org_id: b.org_id, key: b.key, next_free: b.next_free }));
      if (moved.length > 0) {
        await tx.execute(sql`
          update pace_buckets b set next_free_at = to_timestamp(m.next_free / 1000)
          from jsonb_to_recordset(${JSON.stringify(moved)}::jsonb) as m(org_id uuid, key text, next_free float8)
          where b.org_id = m.org_id and b.key = m.key`);
      }
      return out;
    });
  }

  async function sweep(): Promise<number> {
    const now = clock.now().getTime();
    // A clock set back (tests, an operator's machine) sweeps again rather than waiting for it to catch up.
    if (now - sweptAt < SWEEP_MS && now >= sweptAt) return 0;
    sweptAt = now;
    const nowSql = sql`to_timestamp(${now / 1000}::float8)`;
    // Buckets a reservation holds locked are busy by definition: skipped, not waited for.
    const [row] = rowsOf<{ n: number }>(
      await db.execute(sql`
        with gone as (
          delete from pace_buckets where (org_id, key) in (
            select org_id, key from pace_buckets
            where next_free_at < ${nowSql} - ${`${STALE_MS} milliseconds`}::interval and (held_until is null or held_until < ${nowSql})
            for update skip locked)
          returning 1)
        select count(*)::int as n from gone`),
    );
    return Number(row?.n ?? 0);
  }

  async function until(orgId: string, keys: PaceKey[], at: number): Promise<Date | undefined> {
    const wait = at - clock.now().getTime();
    if (wait <= 0) return undefined;
    await deps.sleep(wait);
    // A 429 may have come in for these buckets while we waited.
    return heldHere(orgId, keys, clock.now().getTime());
  }

  return {
    reserve,
    until,
    sweep,
    async wait(orgId, keys) {
      const [r] = await reserve([{ orgId, keys }]);
      return r!.held ?? until(orgId, keys, r!.at!);
    },

    async hold(orgId, keys, until) {
      for (const [k, at] of localHolds) if (at <= clock.now().getTime()) localHolds.delete(k);
      for (const k of keys) localHolds.set(holdKey(orgId, k.key), Math.max(localHolds.get(holdKey(orgId, k.key)) ?? 0, until.getTime()));
      await db
        .insert(paceBuckets)
        .values(keys.map((k) => ({ orgId, key: k.key, nextFreeAt: clock.now(), heldUntil: until })))
        .onConflictDoUpdate({
          target: [paceBuckets.orgId, paceBuckets.key],
          set: { heldUntil: sql`greatest(coalesce(${paceBuckets.heldUntil}, ${until.toISOString()}::timestamptz), ${until.toISOString()}::timestamptz)` },
        });
    },
  };
}
