import { and, eq, gte, isNotNull, lte, or } from 'drizzle-orm';
import { DateTime } from 'luxon';
import type { Database } from '../../db/client.js';
import { accounts, followUps, notePeople, notes, people, users } from '../../db/schema.js';
import { localDate } from '../../domain/local.date.js';
import { dueSlot, nextSlot } from '../../domain/schedule.js';
import { followUpDueMessage } from '../../messages/note.messages.js';
import type { DeliveryKind, NewDelivery } from '../../scheduler/types.js';
import { UserError } from '../errors.js';
import type { Identity } from '../identity.js';

export const FOLLOW_UP_KIND = 'follow_up';
/** Reminders go out at 09:00 in the owner's zone… */
export const FOLLOW_UP_TIME = '09:00';
/** …or, if the bot was down, later that day, until 21:00. */
export const FOLLOW_UP_LATE_WINDOW_MS = 12 * 60 * 60 * 1000;
/** Only follow-ups touched lately can be due; older open ones are shown in /hallway account instead. */
const LOOKBACK_DAYS = 2;

/**
 * The day a follow-up's reminder is for: its due day, or — if it was written
 * later than that, or snoozed — the day it was written or snoozed to. One
 * reminder a day at most; an unanswered one does not come back by itself.
 */
export function remindOn(f: { dueOn: string; createdAt: Date; snoozedUntil: Date | null }, zone: string): string {
  return [f.dueOn, localDate(f.createdAt, zone), ...(f.snoozedUntil ? [localDate(f.snoozedUntil, zone)] : [])].sort().at(-1)!;
}

export function followUpDelivery(db: Database, defaultZone: string): DeliveryKind {
  return {
    kind: FOLLOW_UP_KIND,
    async plan(now) {
      const since = new Date(now.getTime() - LOOKBACK_DAYS * 86_400_000);
      const utcDay = (offsetDays: number) => DateTime.fromJSDate(now, { zone: 'UTC' }).plus({ days: offsetDays }).toISODate()!;
      const rows = await db
        .select({ f: followUps, owner: { platform: users.platform, externalId: users.externalId, timezone: users.timezone } })
        .from(followUps)
        .innerJoin(users, eq(users.id, followUps.ownerId))
        .where(
          and(
            eq(followUps.status, 'open'),
            isNotNull(followUps.dueOn),
            lte(followUps.dueOn, utcDay(1)),
            or(gte(followUps.dueOn, utcDay(-LOOKBACK_DAYS)), gte(followUps.createdAt, since), gte(followUps.snoozedUntil, since)),
          ),
        );
      const planned: NewDelivery[] = [];
      for (const { f, owner } of rows) {
        const zone = owner.timezone ?? defaultZone;
        const slot = dueSlot(now, { time: FOLLOW_UP_TIME, timezone: zone, days: 'daily' }, FOLLOW_UP_LATE_WINDOW_MS);
        if (!slot || slot.localDate !== remindOn({ dueOn: f.dueOn!, createdAt: f.createdAt, snoozedUntil: f.snoozedUntil }, zone)) continue;
        planned.push({
          orgId: f.orgId,
          kind: FOLLOW_UP_KIND,
          dedupeKey: `followup:${f.id}:${slot.localDate}`,
          dueAt: slot.dueAt,
          target: { type: 'user', platform: owner.platform, userId: owner.externalId },
          payload: { followUpId: f.id },
        });
      }
      return planned;
    },
    async compose(delivery, now) {
      const id = String(delivery.payload.followUpId ?? '');
      const [row] = await db
        .select({ f: followUps, note: { id: notes.id, metAt: notes.metAt }, account: accounts.name, zone: users.timezone })
        .from(followUps)
        .innerJoin(notes, eq(notes.id, followUps.noteId))
        .innerJoin(accounts, eq(accounts.id, notes.accountId))
        .innerJoin(users, eq(users.id, followUps.ownerId))
        .where(eq(followUps.id, id));
      // Done, undone with its note, or snoozed since it was planned: nothing to say.
      if (!row || row.f.status !== 'open' || (row.f.snoozedUntil && row.f.snoozedUntil > now)) return null;
      const met = await db
        .select({ name: people.name })
        .from(notePeople)
        .innerJoin(people, eq(people.id, notePeople.personId))
        .where(eq(notePeople.noteId, row.note.id))
        .orderBy(people.name);
      return followUpDueMessage({
        id: row.f.id,
        text: row.f.text,
        account: row.account,
        people: met.map((m) => m.name),
        metOn: localDate(row.note.metAt, row.zone ?? defaultZone),
      });
    },
  };
}

async function ownFollowUp(db: Database, who: Identity, id: string) {
  if (!/^[0-9a-f-]{36}$/.test(id)) throw new UserError('follow_up_gone', 'That follow-up no longer exists.');
  const [row] = await db
    .select({ f: followUps, authorId: notes.authorId })
    .from(followUps)
    .innerJoin(notes, eq(notes.id, followUps.noteId))
    .where(and(eq(followUps.id, id), eq(followUps.orgId, who.orgId)));
  if (!row) throw new UserError('follow_up_gone', 'That follow-up no longer exists (its note may have been undone).');
  if (row.f.ownerId !== who.userId && row.authorId !== who.userId) throw new UserError('not_your_follow_up', 'Only the owner of a follow-up can close or snooze it.');
  return row.f;
}

export async function markFollowUpDone(db: Database, who: Identity, id: string, now: Date): Promise<string> {
  const f = await ownFollowUp(db, who, id);
  await db.update(followUps).set({ status: 'done', doneAt: now }).where(and(eq(followUps.id, f.id), eq(followUps.status, 'open')));
  return f.text;
}

/** Snooze for a day: the reminder comes back at 09:00 the next morning in the owner's zone. */
export async function snoozeFollowUp(db: Database, who: Identity, id: string, now: Date, zone: string): Promise<{ text: string; until: Date }> {
  const f = await ownFollowUp(db, who, id);
  const endOfToday = DateTime.fromJSDate(now, { zone }).endOf('day').toJSDate();
  const until = nextSlot(endOfToday, { time: FOLLOW_UP_TIME, timezone: zone, days: 'daily' }).dueAt;
  await db.update(followUps).set({ snoozedUntil: until }).where(eq(followUps.id, f.id));
  return { text: f.text, until };
}
