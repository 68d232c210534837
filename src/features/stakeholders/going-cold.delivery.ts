import { and, eq, isNull, min, sql } from 'drizzle-orm';
import { DateTime } from 'luxon';
import type { Logger } from 'pino';
import type { Database } from '../../db/client.js';
import { accounts, notePeople, notes, orgs, people, stakeholderRoles } from '../../db/schema.js';
import { isWorkingDay } from '../../domain/schedule.js';
import { coldSpell, goingColdDays } from '../../domain/stakeholder.reminder.js';
import { goingColdMessage } from '../../messages/stakeholder.reminder.js';
import type { DeliveryKind, DeliveryRecord, NewDelivery } from '../../scheduler/types.js';
import { recipientsFor } from './recipients.js';

export const GOING_COLD_KIND = 'going_cold';

interface ColdPayload {
  personId: string;
  /** The last contact that started this cold spell (ISO). */
  spell: string;
  days: number;
  timezone: string;
}

interface Deps {
  db: Database;
  timezone: string;
  log: Logger;
}

/**
 * Going cold: a role holder nobody has met (no call note with them, no
 * recorded contact) for the org's `goingColdDays`. One nudge per spell: the
 * dedupe key holds the last contact, so a note starts a new spell. Planned
 * only on the recipient's working days.
 */
export function createGoingColdKind(deps: Deps): DeliveryKind {
  const { db } = deps;
  return {
    kind: GOING_COLD_KIND,

    async plan(now) {
      const holders = await lastContacts(db);
      const planned: NewDelivery[] = [];
      for (const h of holders) {
        const days = goingColdDays(h.settings);
        const spell = coldSpell(h.lastContact, now, days);
        if (!spell) continue;
        const recipients = await recipientsFor(db, h.orgId, h.accountId, deps.timezone);
        for (const r of recipients) {
          if (!isWorkingDay(now, r.timezone)) continue;
          planned.push({
            orgId: h.orgId,
            kind: GOING_COLD_KIND,
            dedupeKey: `${GOING_COLD_KIND}:${h.personId}:${spell}:${r.id}`,
            dueAt: now,
            target: r.target,
            payload: { personId: h.personId, spell, days, timezone: r.timezone } satisfies ColdPayload,
          });
        }
      }
      return planned;
    },

    async compose(delivery: DeliveryRecord, now: Date) {
      const p = delivery.payload as unknown as ColdPayload;
      const [h] = await lastContacts(db, p.personId);
      // Met since it was planned, or no longer holds a role: nothing to nudge about.
      if (!h || h.lastContact.toISOString() !== p.spell) return null;
      const daysCold = Math.floor((now.getTime() - h.lastContact.getTime()) / 86_400_000);
      return goingColdMessage({
        personId: h.personId,
        name: h.name,
        title: h.title,
        account: h.account,
        days: daysCold,
        ...(h.met ? { lastMet: DateTime.fromJSDate(h.lastContact, { zone: p.timezone }).toFormat('d LLL yyyy') } : {}),
      });
    },
  };
}

/**
 * Active role holders and when someone last met them: the latest call note
 * with them or recorded contact, or else since they took their role.
 */
async function lastContacts(db: Database, personId?: string) {
  const lastNote = sql<Date | null>`(select max(${notes.metAt}) from ${notePeople} join ${notes} on ${notes.id} = ${notePeople.noteId} where ${notePeople.personId} = ${people.id})`;
  const rows = await db
    .select({
      orgId: people.orgId,
      personId: people.id,
      accountId: people.accountId,
      name: people.name,
      title: people.title,
      account: accounts.name,
      settings: orgs.settings,
      lastContactAt: people.lastContactAt,
      lastNote: lastNote.mapWith((v: string | Date | null) => (v === null ? null : new Date(v))),
      since: min(stakeholderRoles.since),
    })
    .from(stakeholderRoles)
    .innerJoin(people, eq(people.id, stakeholderRoles.personId))
    .innerJoin(accounts, eq(accounts.id, people.accountId))
    .innerJoin(orgs, eq(orgs.id, people.orgId))
    .where(and(isNull(stakeholderRoles.until), eq(people.status, 'active'), personId ? eq(people.id, personId) : undefined))
    .groupBy(people.id, accounts.name, orgs.settings);
  return rows.map((r) => {
    const met = [r.lastContactAt, r.lastNote].filter((d): d is Date => d instanceof Date);
    const lastMet = met.length ? new Date(Math.max(...met.map((d) => d.getTime()))) : undefined;
    return { ...r, met: Boolean(lastMet), lastContact: lastMet ?? r.since ?? new Date(0) };
  });
}
