import { Router } from 'express';
import { z } from 'zod';
import type { Reply } from '../../chat/inbound.js';
import { nameProblem } from '../../domain/names.js';
import { privateText } from '../../messages/reply.messages.js';
import { EDIT_ACTION, PERSON_FORM_ID } from '../../messages/stakeholder.roster.js';
import { requireRole } from '../access.js';
import { UserError } from '../errors.js';
import type { Feature, FeatureContext } from '../feature.js';
import { createLinkCommand, createOwnerCommand } from './account.commands.js';
import { forgetPerson, peopleNamed } from './forget.js';
import { createGoingColdKind } from './going-cold.delivery.js';
import { createNotifier } from './notify.js';
import { createPersonForm } from './person.form.js';
import { createReminderActions } from './reminder.actions.js';
import { createReminderKind } from './reminder.delivery.js';
import { createSlackConnectEvents } from './slack-connect.events.js';
import { createStakeholderCommand } from './stakeholder.commands.js';
import { createWebhookRouter } from './webhook.route.js';
import { safeJson } from '../../domain/json.js';

const FORGET = { confirm: 'stakeholder.forget_confirm', cancel: 'stakeholder.forget_cancel' } as const;
/** The confirm button names the admin who asked: nobody else's click erases anything. */
const forgetValue = z.object({ name: z.string().min(1).max(200), by: z.string().min(1) });

/**
 * Stakeholders (issue 4): the roster of each account with its history, every
 * change from commands, imports, the CRM webhook, call notes and shared
 * channels, and the reminders that ask the owner to re-learn the person.
 */
export function createStakeholdersFeature(ctx: FeatureContext): Feature {
  const log = ctx.log.child({ feature: 'stakeholder' });
  const reminders = createReminderKind({ db: ctx.db, timezone: ctx.timezone, log });
  const goingCold = createGoingColdKind({ db: ctx.db, timezone: ctx.timezone, log });
  const notifier = createNotifier(ctx.queue, reminders.planChange);
  const personForm = createPersonForm(ctx);
  const channel = createSlackConnectEvents({ ...ctx, log }, notifier);

  const routes = Router();
  routes.use(createWebhookRouter({ ...ctx, log }, notifier));

  return {
    name: 'stakeholder',
    commands: {
      stakeholder: createStakeholderCommand(ctx, notifier),
      'hallway owner': createOwnerCommand(ctx),
      'hallway link': createLinkCommand(ctx),
      'hallway forget': async (input, who) => {
        const name = input.text.trim();
        const problem = nameProblem(name);
        await requireRole(ctx.db, who, ['admin'], 'forget_admins_only', 'erase a person', `/hallway forget ${input.text}`);
        if (problem) throw new UserError('forget_syntax', `The name "${name}" ${problem}.`, `/hallway forget ${input.text}`, 'Write it as /hallway forget <name>, e.g. /hallway forget Dana Lee');
        const found = await peopleNamed(ctx.db, who.orgId, name);
        if (found.length === 0) throw new UserError('forget_unknown', `Nobody called "${name}" is known; nothing to erase.`, `/hallway forget ${input.text}`);
        const list = found.map((p) => `${p.name} (${p.account})`).join(', ');
        const value = JSON.stringify({ name, by: who.userId });
        return {
          kind: 'message',
          visibility: 'private',
          message: {
            text: `Erase ${list} everywhere?`,
            blocks: [
              { type: 'text', text: `Erase ${list} everywhere? Their roster entries and history go; notes keep their text with the name replaced by "[removed]". This cannot be undone.` },
              {
                type: 'actions',
                buttons: [
                  { actionId: FORGET.confirm, label: 'Erase', value, style: 'danger' },
                  { actionId: FORGET.cancel, label: 'Cancel', value },
                ],
              },
            ],
          },
        };
      },
    },
    actions: {
      ...createReminderActions(ctx, notifier),
      [EDIT_ACTION]: personForm.edit,
      [FORGET.confirm]: async (input, who): Promise<Reply> => {
        const value = forgetValue.safeParse(safeJson(input.value));
        if (!value.success) throw new UserError('forget_invalid', 'That button could not be read; type /hallway forget <name> again.');
        if (value.data.by !== who.userId) throw new UserError('forget_not_yours', 'Only the admin who asked to erase this person can confirm it.', undefined, 'To erase someone yourself, type /hallway forget <name>.');
        await requireRole(ctx.db, who, ['admin'], 'forget_admins_only', 'erase a person');
        const done = await forgetPerson(ctx.db, who.orgId, value.data.name, who.userId, ctx.clock.now());
        if (done.people.length === 0) return privateText('Nothing to erase: nobody by that name is known any more.');
        return privateText(`Erased ${done.people.length === 1 ? 'one person' : `${done.people.length} people`}; ${done.notes} ${done.notes === 1 ? 'note keeps' : 'notes keep'} their text with the name removed.`);
      },
      [FORGET.cancel]: async () => privateText('Nothing was erased.'),
    },
    forms: { [PERSON_FORM_ID]: personForm.submit },
    events: { member_joined: channel.member_joined, member_left: channel.member_left },
    deliveries: [reminders, goingCold],
    routes,
  };
}
