import { and, eq, inArray, isNull, lte, ne, notInArray, or, sql } from 'drizzle-orm';
import type { Platform, Posted } from '../chat/port.js';
import type { Database } from '../db/client.js';
import { deliveries } from '../db/schema.js';
import type { DeliveryRecord, NewDelivery } from './types.js';

/**
 * The queue's SQL. Every write after the claim is fenced on (id, 'sending',
 * attempts): attempts is bumped by each claim, so a runner whose lease ran
 * out and whose delivery was claimed again by another runner cannot
 * overwrite what that runner records.
 */

export interface Claimed extends DeliveryRecord {
  leaseUntil: Date;
  lastError: string | null;
}

/** A claim's identity: the fence for every later write. */
export type Fence = Pick<Claimed, 'id' | 'attempts'>;

const INSERT_CHUNK = 500;

/** Inserts the planned deliveries; a dedupe key already queued is left alone. Returns how many were new. */
export async function insertPlanned(db: Database, planned: NewDelivery[]): Promise<number> {
  let inserted = 0;
  for (let i = 0; i < planned.length; i += INSERT_CHUNK) {
    const chunk = planned.slice(i, i + INSERT_CHUNK).map((d) => ({ ...d, nextAttemptAt: d.dueAt }));
    const rows = await db
      .insert(deliveries)
      .values(chunk)
      .onConflictDoNothing({ target: [deliveries.orgId, deliveries.dedupeKey] })
      .returning({ id: deliveries.id });
    inserted += rows.length;
  }
  return inserted;
}

/**
 * One statement, so one short transaction: lock up to `limit` due rows that
 * no other runner holds (SKIP LOCKED), and lease them. Due means pending
 * with its next attempt at or before `at`, or 'sending' with a lease that ran
 * out by `now` (its runner died). Leases are wall-clock (`now`) even when an
 * operator runs at another instant (`at`), so a backfill cannot hand out
 * leases that are already over.
 */
export async function claimDue(
  db: Database,
  opts: { at: Date; now: Date; leaseUntil: Date; limit: number; platforms: Platform[] },
): Promise<Claimed[]> {
  if (opts.platforms.length === 0) return [];
  const due = db.$with('due').as(
    db
      .select({ id: deliveries.id })
      .from(deliveries)
      .where(
        and(
          or(
            and(eq(deliveries.status, 'pending'), lte(deliveries.nextAttemptAt, opts.at)),
            and(eq(deliveries.status, 'sending'), lte(deliveries.leaseUntil, opts.now)),
          ),
          inArray(sql`${deliveries.target}->>'platform'`, opts.platforms),
        ),
      )
      .orderBy(deliveries.nextAttemptAt, deliveries.createdAt)
      .limit(opts.limit)
      .for('update', { skipLocked: true }),
  );
  const rows = await db
    .with(due)
    .update(deliveries)
    .set({ status: 'sending', leaseUntil: opts.leaseUntil, attempts: sql`${deliveries.attempts} + 1` })
    .where(inArray(deliveries.id, db.select({ id: due.id }).from(due)))
    .returning({
      id: deliveries.id,
      orgId: deliveries.orgId,
      kind: deliveries.kind,
      dedupeKey: deliveries.dedupeKey,
      dueAt: deliveries.dueAt,
      target: deliveries.target,
      payload: deliveries.payload,
      attempts: deliveries.attempts,
      leaseUntil: deliveries.leaseUntil,
      lastError: deliveries.lastError,
      nextAttemptAt: deliveries.nextAttemptAt,
      createdAt: deliveries.createdAt,
    });
  // RETURNING comes in no particular order: oldest due first, as claimed.
  rows.sort((x, y) => x.nextAttemptAt.getTime() - y.nextAttemptAt.getTime() || x.createdAt.getTime() - y.createdAt.getTime());
  return rows.map(({ nextAttemptAt: _n, createdAt: _c, ...r }) => ({ ...r, leaseUntil: r.leaseUntil ?? opts.leaseUntil }));
}

/**
 * Due deliveries for a platform this instance has no chat for stay pending
 * (another instance, or a later configuration, may send them); they only get
 * a last_error saying why. Returns how many were newly marked.
 */
export async function markUnroutable(db: Database, at: Date, platforms: Platform[]): Promise<number> {
  const reason = sql<string>`'no chat configured for platform "' || (${deliveries.target}->>'platform') || '" in this instance; waiting'`;
  const rows = await db
    .update(deliveries)
    .set({ lastError: reason })
    .where(
      and(
        eq(deliveries.status, 'pending'),
        lte(deliveries.nextAttemptAt, at),
        platforms.length > 0 ? notInArray(sql`${deliveries.target}->>'platform'`, platforms) : undefined,
        or(isNull(deliveries.lastError), ne(deliveries.lastError, reason)),
      ),
    )
    .returning({ id: deliveries.id });
  return rows.length;
}

function fenced(f: Fence) {
  return and(eq(deliveries.id, f.id), eq(deliveries.status, 'sending'), eq(deliveries.attempts, f.attempts));
}

async function write(db: Database, f: Fence, set: Partial<typeof deliveries.$inferInsert>): Promise<boolean> {
  const rows = await db.update(deliveries).set(set).where(fenced(f)).returning({ id: deliveries.id });
  return rows.length > 0;
}

/** False when the lease was lost to another runner. */
export function renewLease(db: Database, f: Fence, leaseUntil: Date): Promise<boolean> {
  return write(db, f, { leaseUntil });
}

export function markSent(db: Database, f: Fence, ref: Posted, sentAt: Date): Promise<boolean> {
  return write(db, f, { status: 'sent', messageRef: ref, sentAt, leaseUntil: null, lastError: null });
}

export function markSkipped(db: Database, f: Fence, reason: string): Promise<boolean> {
  return write(db, f, { status: 'skipped', leaseUntil: null, lastError: reason });
}

export function markDead(db: Database, f: Fence, error: string): Promise<boolean> {
  return write(db, f, { status: 'dead', leaseUntil: null, lastError: error });
}

/**
 * Back to pending for a later attempt. `counts: false` (a 429) hands the
 * attempt back, so being told to slow down never brings a delivery closer to dead.
 */
export function reschedule(db: Database, f: Fence, nextAttemptAt: Date, error: string, counts: boolean): Promise<boolean> {
  return write(db, f, {
    status: 'pending',
    nextAttemptAt,
    leaseUntil: null,
    lastError: error,
    ...(counts ? {} : { attempts: f.attempts - 1 }),
  });
}
