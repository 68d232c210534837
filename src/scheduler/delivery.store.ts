import { and, eq, isNull, lte, ne, notInArray, or, sql } from 'drizzle-orm';
import type { Platform, Posted } from '../chat/port.js';
import { type Database, rowsOf } from '../db/client.js';
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
 * no other runner holds (SKIP LOCKED), and lease them. Due means 'sending'
 * with a lease that ran out by `now` (its runner died), or pending with its
 * next attempt at or before `at`; leases that ran out go first. Leases are
 * wall-clock (`now`) even when an operator runs at another instant (`at`),
 * so a backfill cannot hand out leases that are already over.
 *
 * Each kind is found by its own walk of deliveries_due_idx (status,
 * next_attempt_at, created_at), which stops after `limit` rows: one
 * condition for both (an OR) made Postgres read and sort every due and every
 * sent row for each batch (bench/fanout.ts: 28 ms a claim at 10,000 due).
 */
export async function claimDue(
  db: Database,
  opts: { at: Date; now: Date; leaseUntil: Date; limit: number; platforms: Platform[] },
): Promise<Claimed[]> {
  if (opts.platforms.length === 0) return [];
  const platforms = sql`${deliveries.target}->>'platform' in (select jsonb_array_elements_text(${JSON.stringify(opts.platforms)}::jsonb))`;
  const now = sql`${opts.now.toISOString()}::timestamptz`;
  const at = sql`${opts.at.toISOString()}::timestamptz`;
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      with expired as (
        select id from deliveries
        where status = 'sending' and lease_until <= ${now} and ${platforms}
        order by next_attempt_at, created_at limit ${opts.limit}
        for update skip locked
      ), pending as (
        select id from deliveries
        where status = 'pending' and next_attempt_at <= ${at} and ${platforms}
        order by next_attempt_at, created_at limit (select ${opts.limit} - count(*) from expired)
        for update skip locked
      )
      update deliveries set status = 'sending', lease_until = ${opts.leaseUntil.toISOString()}::timestamptz, attempts = attempts + 1
      where id in (select id from expired union all select id from pending)
      returning id, org_id, kind, dedupe_key, due_at, target, payload, attempts, lease_until, last_error, next_attempt_at, created_at`),
  );
  const json = <T>(v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v) as T;
  const claimed = rows.map((r) => ({
    id: String(r.id),
    orgId: String(r.org_id),
    kind: String(r.kind),
    dedupeKey: String(r.dedupe_key),
    dueAt: new Date(r.due_at as Date | string),
    target: json<DeliveryRecord['target']>(r.target),
    payload: json<DeliveryRecord['payload']>(r.payload),
    attempts: Number(r.attempts),
    leaseUntil: new Date(r.lease_until as Date | string),
    lastError: r.last_error === null ? null : String(r.last_error),
    nextAttemptAt: new Date(r.next_attempt_at as Date | string).getTime(),
    createdAt: new Date(r.created_at as Date | string).getTime(),
  }));
  // RETURNING comes in no particular order: oldest due first, as claimed.
  claimed.sort((x, y) => x.nextAttemptAt - y.nextAttemptAt || x.createdAt - y.createdAt);
  return claimed.map(({ nextAttemptAt: _n, createdAt: _c, ...r }) => r);
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

export interface SentRecord {
  fence: Fence;
  ref: Posted;
  sentAt: Date;
}

/**
 * Records posts as sent, as many as are given in one UPDATE, each fenced as
 * a single write is. Answers, in order, whether each was recorded (false:
 * the lease was lost to another runner).
 */
export async function markSentMany(db: Database, sent: SentRecord[]): Promise<boolean[]> {
  if (sent.length === 0) return [];
  const rows = rowsOf<{ id: string }>(
    await db.execute(sql`
      update deliveries d set status = 'sent', message_ref = s.ref, sent_at = s.sent_at, lease_until = null, last_error = null
      from jsonb_to_recordset(${JSON.stringify(sent.map((x) => ({ id: x.fence.id, attempts: x.fence.attempts, ref: x.ref, sent_at: x.sentAt.toISOString() })))}::jsonb)
        as s(id uuid, attempts int, ref jsonb, sent_at timestamptz)
      where d.id = s.id and d.status = 'sending' and d.attempts = s.attempts
      returning d.id`),
  );
  const recorded = new Set(rows.map((r) => r.id));
  return sent.map((x) => recorded.has(x.fence.id));
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
