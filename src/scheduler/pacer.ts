import { and, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { Platform } from '../chat/port.js';
import type { Database } from '../db/client.js';
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
  // workspace-wide limit Slack puts at "several hundred per minute".
  slack: { perConversationPerSecond: 1, workspacePerSecond: 5 },
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
 */
export function paceKeys(target: DeliveryTarget, limits: PacingLimits): PaceKey[] {
  const pace = limits[target.platform];
  const conversation = target.type === 'conversation' ? `c:${target.key}` : `u:${target.userId}`;
  return [
    { key: `${target.platform}:${conversation}`, perSecond: pace.perConversationPerSecond },
    { key: target.platform, perSecond: pace.workspacePerSecond },
  ];
}

/** Orders reservations: made once `after` resolves; `reserved` is called when this one is made. */
export interface PaceTurn {
  after: Promise<void>;
  reserved(): void;
}

export interface Pacer {
  /**
   * Reserves the earliest slot free in every bucket and waits until it comes.
   * Resolves undefined when it is time to send, or with the instant a hold
   * (a 429) on one of the buckets lifts: then the send should not be made now.
   */
  wait(orgId: string, keys: PaceKey[], turn?: PaceTurn): Promise<Date | undefined>;
  /** After a 429: nothing more goes to these buckets before `until`. */
  hold(orgId: string, keys: PaceKey[], until: Date): Promise<void>;
}

/** Longer than a full batch to one conversation can wait (50 at 1/s), shorter than surprise. */
const MAX_AHEAD_MS = 5 * 60_000;
/** Buckets idle this long carry no information any more and are deleted. */
const STALE_MS = 60 * 60_000;

/**
 * Slot reservation in Postgres, so every instance shares one budget per
 * conversation and per workspace: each bucket row holds when it is next free
 * (and a hold after a 429). One UPDATE locks the send's buckets (FOR UPDATE
 * in its CTE), takes the latest of their free instants and moves each past
 * it by its own spacing: concurrent senders, in this process or another, get
 * distinct slots. Only the wait is local, and injected, so tests advance a
 * manual clock instead of sleeping. Retry-After stays the backstop.
 */
export function createPacer(deps: { db: Database; clock: Clock; sleep(ms: number): Promise<void> }): Pacer {
  const { db, clock } = deps;
  const inBuckets = (orgId: string, keys: PaceKey[]) => and(eq(paceBuckets.orgId, orgId), inArray(paceBuckets.key, keys.map((k) => k.key)));

  // Holds this process set, checked again after a wait without a round trip: a send woken from its
  // wait goes out at once. Holds set by other instances are seen at the next reservation.
  const localHolds = new Map<string, number>();
  const holdKey = (orgId: string, key: string) => `${orgId} ${key}`;
  function heldHere(orgId: string, keys: PaceKey[], now: number): Date | undefined {
    const until = Math.max(0, ...keys.map((k) => localHolds.get(holdKey(orgId, k.key)) ?? 0));
    return until > now ? new Date(until) : undefined;
  }

  return {
    async wait(orgId, keys, turn) {
      await turn?.after;
      let row: { slot: number; held: number | null } | undefined;
      const now = clock.now();
      try {
        row = await reserve(orgId, keys, now);
      } finally {
        turn?.reserved();
      }
      if (row?.held && row.held > now.getTime()) return new Date(row.held);
      // Measured after the round trip, which took time of its own.
      const wait = (row?.slot ?? 0) - clock.now().getTime();
      if (wait <= 0) return undefined;
      await deps.sleep(wait);
      // A 429 may have come in for these buckets while we waited.
      return heldHere(orgId, keys, clock.now().getTime());
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

  /** One UPDATE: the latest free instant of the send's buckets, and each bucket moved past it by its spacing. */
  async function reserve(orgId: string, keys: PaceKey[], now: Date): Promise<{ slot: number; held: number | null } | undefined> {
    const created = await db
      .insert(paceBuckets)
      .values(keys.map((k) => ({ orgId, key: k.key, nextFreeAt: now })))
      .onConflictDoNothing()
      .returning({ key: paceBuckets.key });
    if (created.length > 0) {
      await db.delete(paceBuckets).where(and(eq(paceBuckets.orgId, orgId), lt(paceBuckets.nextFreeAt, new Date(now.getTime() - STALE_MS)), or(isNull(paceBuckets.heldUntil), lt(paceBuckets.heldUntil, now))));
    }
    const nowSql = sql`${now.toISOString()}::timestamptz`;
    // A reservation further ahead than any batch can queue up means the clock went back: it counts as free now.
    const aheadSql = sql`${new Date(now.getTime() + MAX_AHEAD_MS).toISOString()}::timestamptz`;
    const locked = db.$with('locked').as(
      db.select({ nextFreeAt: paceBuckets.nextFreeAt, heldUntil: paceBuckets.heldUntil }).from(paceBuckets).where(inBuckets(orgId, keys)).for('update'),
    );
    const slot = sql`(select greatest(${nowSql}, max(case when ${locked.nextFreeAt} > ${aheadSql} then ${nowSql} else ${locked.nextFreeAt} end)) from ${locked})`;
    const held = sql`(select max(${locked.heldUntil}) from ${locked})`;
    const spacing = sql`case ${paceBuckets.key} ${sql.join(
      keys.map((k) => sql`when ${k.key}::text then ${Math.ceil(1000 / k.perSecond)}::int`),
      sql` `,
    )} end * interval '1 millisecond'`;
    const [row] = await db
      .with(locked)
      .update(paceBuckets)
      .set({ nextFreeAt: sql`case when coalesce(${held} > ${nowSql}, false) then ${paceBuckets.nextFreeAt} else ${slot} + ${spacing} end` })
      .where(inBuckets(orgId, keys))
      .returning({
        slot: sql<number>`extract(epoch from ${slot}) * 1000`.mapWith(Number),
        held: sql<number | null>`extract(epoch from ${held}) * 1000`.mapWith(Number),
      });
    return row;
  }
}
