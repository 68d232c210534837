import { and, eq, isNull } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { z } from 'zod';
import type { ActionInput, Reply } from '../../chat/inbound.js';
import { accounts, people, stakeholderChanges, stakeholderRoles } from '../../db/schema.js';
import { snoozeUntil, type SnoozeFor } from '../../domain/stakeholder.reminder.js';
import { privateText } from '../../messages/reply.messages.js';
import { REMINDER_ACTIONS } from '../../messages/stakeholder.reminder.js';
import { buildNoteForm } from '../notes/note.form.js';
import { UserError } from '../errors.js';
import type { FeatureContext, Handler } from '../feature.js';
import type { Identity } from '../identity.js';
import { whoHears, type Notifier } from './notify.js';
import { recordJoinedExisting } from './roster.store.js';
import { safeJson } from '../../domain/json.js';

export const NOTE_ACTIONS = { add: 'stakeholder.add_from_note', ignore: 'stakeholder.ignore_from_note' } as const;

const noteValue = z.object({ personId: z.uuid(), noteId: z.uuid() });
const uuid = z.uuid();

/** The buttons of the reminder DM, the going-cold nudge and the notes feature's "new stakeholder?" question. */
export function createReminderActions(ctx: FeatureContext, notifier: Notifier): Record<string, Handler<ActionInput>> {
  const { db } = ctx;

  async function changeOf(value: string, who: Identity) {
    const id = uuid.safeParse(value);
    const [row] = id.success
      ? await db
          .select({ change: stakeholderChanges, person: people, account: accounts })
          .from(stakeholderChanges)
          .innerJoin(people, eq(people.id, stakeholderChanges.personId))
          .innerJoin(accounts, eq(accounts.id, stakeholderChanges.accountId))
          .where(and(eq(stakeholderChanges.id, id.data), eq(stakeholderChanges.orgId, who.orgId)))
      : [];
    if (!row) throw new UserError('change_gone', 'That reminder no longer exists (the person may have been erased).');
    return row;
  }

  async function personOf(value: string, who: Identity) {
    const id = uuid.safeParse(value);
    const [row] = id.success
      ? await db
          .select({ person: people, account: accounts })
          .from(people)
          .innerJoin(accounts, eq(accounts.id, people.accountId))
          .where(and(eq(people.id, id.data), eq(people.orgId, who.orgId)))
      : [];
    if (!row) throw new UserError('person_gone', 'That person is no longer known (they may have been erased).');
    return row;
  }

  const noteFormFor = (account: string, person: { name: string; title: string | null }): Reply => ({
    kind: 'form',
    form: buildNoteForm({ account, people: person.title ? `${person.name} (${person.title})` : person.name }),
  });

  const snooze = (span: SnoozeFor) => async (input: ActionInput, who: Identity): Promise<Reply> => {
    const { change, person } = await changeOf(input.value, who);
    if (change.status === 'done') return privateText(`The change about ${person.name} is already done.`);
    const zone = who.timezone ?? ctx.timezone;
    const until = snoozeUntil(ctx.clock.now(), span, zone);
    await db.update(stakeholderChanges).set({ status: 'snoozed', snoozedUntil: until }).where(eq(stakeholderChanges.id, change.id));
    return privateText(`Snoozed. I'll remind you about ${person.name} again on ${DateTime.fromJSDate(until, { zone }).toFormat("ccc d LLL 'at' HH:mm")}.`);
  };

  return {
    [REMINDER_ACTIONS.logIntro]: async (input, who) => {
      const { person, account } = await changeOf(input.value, who);
      return noteFormFor(account.name, person);
    },
    [REMINDER_ACTIONS.logCall]: async (input, who) => {
      const { person, account } = await personOf(input.value, who);
      return noteFormFor(account.name, person);
    },
    [REMINDER_ACTIONS.snoozeDay]: snooze('1d'),
    [REMINDER_ACTIONS.snoozeWeek]: snooze('1w'),
    [REMINDER_ACTIONS.done]: async (input, who) => {
      const { change, person } = await changeOf(input.value, who);
      if (change.status !== 'done') {
        await db
          .update(stakeholderChanges)
          .set({ status: 'done', acknowledgedAt: ctx.clock.now(), snoozedUntil: null })
          .where(eq(stakeholderChanges.id, change.id));
      }
      return privateText(`Done: the change about ${person.name} is closed. No more reminders about it.`);
    },

    [NOTE_ACTIONS.add]: async (input, who) => {
      const value = noteValue.safeParse(safeJson(input.value));
      if (!value.success) throw new UserError('note_action_invalid', 'That button could not be read; add the person with /stakeholder <account> add <name> as <role>.');
      const { person, account } = await personOf(value.data.personId, who);
      const [holding] = await db
        .select({ role: stakeholderRoles.role })
        .from(stakeholderRoles)
        .where(and(eq(stakeholderRoles.personId, person.id), isNull(stakeholderRoles.until)));
      if (holding) return privateText(`${person.name} is already on ${account.name}'s roster as ${holding.role}.`);
      const role = person.title?.trim() || 'contact';
      const now = ctx.clock.now();
      const change = await recordJoinedExisting(db, { orgId: who.orgId, source: 'note', by: who.userId, now }, person, role);
      await notifier.changed(change, now);
      return privateText(`Added ${person.name} to ${account.name}'s roster as ${role}. ${await whoHears(db, who.orgId, account.id)}`);
    },
    [NOTE_ACTIONS.ignore]: async (input, who) => {
      const value = noteValue.safeParse(safeJson(input.value));
      if (!value.success) return privateText('OK, nothing was added to the roster.');
      const { person, account } = await personOf(value.data.personId, who);
      return privateText(`OK: ${person.name} stays off ${account.name}'s roster. The note keeps them.`);
    },
  };
}
