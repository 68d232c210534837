import { and, eq, isNull, lte, or, sql } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { unknownDiscovery } from '../discovery/discovery.store.js';
import type { Logger } from 'pino';
import type { Database } from '../../db/client.js';
import { accounts, notePeople, notes, people, stakeholderChanges, type Person, type StakeholderChange } from '../../db/schema.js';
import { REMIND_AGAIN_AFTER_WORKING_DAYS, reminderDueAt } from '../../domain/stakeholder.reminder.js';
import { reminderMessage, type PersonView } from '../../messages/stakeholder.reminder.js';
import type { DeliveryKind, DeliveryRecord, NewDelivery } from '../../scheduler/types.js';
import { recipientsFor } from './recipients.js';
import { previousRole } from './roster.store.js';

export const REMINDER_KIND = 'stakeholder_reminder';

export interface ReminderPayload {
  changeId: string;
  round: number;
  /** The instant this round fell due (ISO); becomes last_reminded_at once sent. */
  dueAt: string;
  /** users.id of the recipient. */
  recipientId: string;
  timezone: string;
}

interface Deps {
  db: Database;
  timezone: string;
  log: Logger;
}

/**
 * Stakeholder-change reminders. A round is planned when it falls due
 * (reminderDueAt) and keyed by change, round and due instant, so planning it
 * on every tick is a no-op and a snooze that ends starts a fresh key. The
 * change's remind_count and last_reminded_at move only once a round was
 * actually sent, so a crash never skips one. A call note with the person
 * after the change counts as acting on it: the change is closed.
 */
export function createReminderKind(deps: Deps): DeliveryKind & { planChange(change: StakeholderChange, now: Date): Promise<NewDelivery[]> } {
  const { db } = deps;

  async function planChange(change: StakeholderChange, now: Date): Promise<NewDelivery[]> {
    const recipients = await recipientsFor(db, change.orgId, change.accountId, deps.timezone);
    if (recipients.length === 0) return [];
    const zone = recipients[0]!.timezone;
    const due = reminderDueAt(change, zone);
    if (!due || due.getTime() > now.getTime()) return [];
    if (change.kind !== 'left' && (await metSince(db, change.personId, change.createdAt))) {
      await db
        .update(stakeholderChanges)
        .set({ status: 'done', acknowledgedAt: now, snoozedUntil: null })
        .where(and(eq(stakeholderChanges.id, change.id), eq(stakeholderChanges.status, change.status)));
      return [];
    }
    const round = change.remindCount + 1;
    return recipients.map((r) => ({
      orgId: change.orgId,
      kind: REMINDER_KIND,
      dedupeKey: `${REMINDER_KIND}:${change.id}:r${round}:${due.toISOString()}:${r.id}`,
      dueAt: due,
      target: r.target,
      payload: { changeId: change.id, round, dueAt: due.toISOString(), recipientId: r.id, timezone: r.timezone } satisfies ReminderPayload,
    }));
  }

  return {
    kind: REMINDER_KIND,
    planChange,

    async plan(now) {
      // Cheap prefilter; reminderDueAt decides. Three working days are at least three days.
      const earliest = new Date(now.getTime() - REMIND_AGAIN_AFTER_WORKING_DAYS * 86_400_000);
      const candidates = await db
        .select()
        .from(stakeholderChanges)
        .where(
          or(
            and(eq(stakeholderChanges.status, 'open'), or(eq(stakeholderChanges.remindCount, 0), lte(stakeholderChanges.lastRemindedAt, earliest))),
            and(eq(stakeholderChanges.status, 'snoozed'), lte(stakeholderChanges.snoozedUntil, now)),
          ),
        );
      const planned: NewDelivery[] = [];
      for (const change of candidates) {
        try {
          planned.push(...(await planChange(change, now)));
        } catch (err) {
          deps.log.error({ err, changeId: change.id }, 'could not plan a stakeholder reminder');
        }
      }
      return planned;
    },

    async compose(delivery: DeliveryRecord, now: Date) {
      const p = delivery.payload as unknown as ReminderPayload;
      const [row] = await db
        .select({ change: stakeholderChanges, person: people, account: accounts.name })
        .from(stakeholderChanges)
        .innerJoin(people, eq(people.id, stakeholderChanges.personId))
        .innerJoin(accounts, eq(accounts.id, stakeholderChanges.accountId))
        .where(eq(stakeholderChanges.id, p.changeId));
      if (!row) return null;
      const { change } = row;
      // Acted on, or snoozed, since this round was planned: nothing to say.
      if (change.status === 'done') return null;
      if (change.status === 'snoozed' && change.snoozedUntil && change.snoozedUntil.getTime() > now.getTime()) return null;
      const previous = change.previousPersonId
        ? (await db.select().from(people).where(eq(people.id, change.previousPersonId)))[0]
        : undefined;
      return reminderMessage({
        changeId: change.id,
        kind: change.kind,
        source: change.source,
        round: p.round,
        account: row.account,
        person: view(row.person),
        ...(previous ? { previous: view(previous) } : {}),
        ...(change.kind === 'role_changed' ? { previousRole: await previousRole(db, change.personId, change.createdAt) } : {}),
        role: change.role,
        since: DateTime.fromJSDate(change.createdAt, { zone: p.timezone }).toFormat('ccc d LLL'),
        ...(change.kind === 'left' ? {} : { unknown: await unknownDiscovery(db, change.orgId, change.personId, now) }),
      });
    },

    async sent(delivery) {
      const p = delivery.payload as unknown as ReminderPayload;
      const dueAt = new Date(p.dueAt);
      // postgres.js binds raw parameters in sql`` as text: pass ISO strings, not Dates.
      const due = sql`${dueAt.toISOString()}::timestamptz`;
      // Idempotent: several recipients (managers) share one round.
      await db
        .update(stakeholderChanges)
        .set({
          remindCount: sql`greatest(${stakeholderChanges.remindCount}, ${p.round})`,
          lastRemindedAt: dueAt,
          status: sql`case when ${stakeholderChanges.status} = 'snoozed' and ${stakeholderChanges.snoozedUntil} <= ${due} then 'open' else ${stakeholderChanges.status} end`,
          snoozedUntil: sql`case when ${stakeholderChanges.snoozedUntil} <= ${due} then null else ${stakeholderChanges.snoozedUntil} end`,
        })
        .where(and(eq(stakeholderChanges.id, p.changeId), or(isNull(stakeholderChanges.lastRemindedAt), lte(stakeholderChanges.lastRemindedAt, dueAt))));
    },
  };
}

/** Someone logged a call note with this person since `since` (written or met since: a note's day may be stored as midnight). */
export async function metSince(db: Database, personId: string, since: Date): Promise<boolean> {
  const [row] = await db
    .select({ id: notes.id })
    .from(notePeople)
    .innerJoin(notes, eq(notes.id, notePeople.noteId))
    .where(and(eq(notePeople.personId, personId), sql`greatest(${notes.createdAt}, ${notes.metAt}) >= ${since.toISOString()}::timestamptz`))
    .limit(1);
  return Boolean(row);
}

export function view(p: Person): PersonView {
  return { name: p.name, title: p.title, objectives: p.objectives, operatingStyle: p.operatingStyle, preferences: p.preferences };
}
