import { DateTime } from 'luxon';
import type { CommandInput, Reply } from '../../chat/inbound.js';
import { parseDigestSchedule, WEEKDAY_NAMES, type ScheduleProblem } from '../../domain/digest.parser.js';
import { nextSlot } from '../../domain/schedule.js';
import { digestChart } from '../../messages/digest.chart.js';
import { digestMessage } from '../../messages/digest.message.js';
import { infoMessage } from '../../messages/reply.messages.js';
import { UserError } from '../errors.js';
import type { Feature, FeatureContext } from '../feature.js';
import type { Identity } from '../identity.js';
import { buildDigest } from './digest.build.js';
import { digestDelivery } from './digest.delivery.js';
import { findDigestSubscription, managerTimezone, subscribeDigest, unsubscribeDigest } from './digest.subscriptions.js';
import { teamCommand } from './team.commands.js';

const SUBSCRIBE_HINT = 'Write it as "/hallway digest subscribe [<day> HH:MM]", e.g. "/hallway digest subscribe friday 16:30". Leave both out for Monday 09:00.';

/** `hallway digest [preview|subscribe [<day> HH:MM]|unsubscribe]` and `hallway team …`. */
export function createDigestFeature(ctx: FeatureContext): Feature {
  return {
    name: 'digest',
    commands: {
      'hallway digest': (input, who) => digestCommand(ctx, input, who),
      'hallway team': (input, who) => teamCommand(ctx, input, who),
    },
    deliveries: [digestDelivery(ctx)],
  };
}

async function digestCommand(ctx: FeatureContext, input: CommandInput, who: Identity): Promise<Reply> {
  const typed = `/hallway digest ${input.text}`.trim();
  const [verb = '', ...rest] = input.text.split(/\s+/);
  switch (verb.toLowerCase()) {
    case '':
    case 'preview':
      if (rest.length > 0) throw new UserError('digest_preview_args', '"digest preview" takes nothing after it.', typed, 'Type "/hallway digest preview".');
      return preview(ctx, input, who);
    case 'subscribe':
      return subscribe(ctx, input, who, rest.join(' '), typed);
    case 'unsubscribe': {
      const stopped = await unsubscribeDigest(ctx.db, who.userId);
      return reply(stopped ? 'No more weekly digests. "/hallway digest subscribe" brings them back.' : 'You were not subscribed to the digest.');
    }
    default:
      throw new UserError(
        'digest_unknown_verb',
        `I don't know "digest ${verb}".`,
        typed,
        'Try "/hallway digest preview", "/hallway digest subscribe monday 09:00" or "/hallway digest unsubscribe".',
      );
  }
}

function reply(text: string, context?: string): Reply {
  return { kind: 'message', visibility: 'private', message: infoMessage(text, context) };
}

function scheduleError(p: ScheduleProblem, typed: string): UserError {
  switch (p.problem) {
    case 'unknown_day':
      return new UserError('digest_unknown_day', `"${p.word}" is not a day of the week.`, typed, SUBSCRIBE_HINT);
    case 'bad_time':
      return new UserError('digest_bad_time', `"${p.word}" is not a time: use 24-hour HH:MM, 00:00 to 23:59.`, typed, SUBSCRIBE_HINT);
    case 'twice':
      return new UserError('digest_schedule_twice', `"${p.word}" gives a second day or time; the digest comes once a week.`, typed, SUBSCRIBE_HINT);
  }
}

async function subscribe(ctx: FeatureContext, input: CommandInput, who: Identity, args: string, typed: string): Promise<Reply> {
  const schedule = parseDigestSchedule(args);
  if ('problem' in schedule) throw scheduleError(schedule, typed);
  const timezone = await managerTimezone(ctx, input, who);
  await subscribeDigest(ctx, input, who, schedule, timezone, typed);
  const next = nextSlot(ctx.clock.now(), { time: schedule.time, timezone, days: { weekday: schedule.weekday } });
  const when = DateTime.fromJSDate(next.dueAt, { zone: timezone }).toFormat('ccc d LLL HH:mm');
  return reply(
    `📬 Your digest will come by direct message every ${WEEKDAY_NAMES[schedule.weekday - 1]} at ${schedule.time} (${timezone}). The next one: ${when}.`,
    `${reachLine(who)} See it now with "/hallway digest preview".`,
  );
}

/**
 * The week so far, only to the asker, counted in the zone their digest uses
 * when they have one. Its reach follows the role: a member's own accounts,
 * a manager's team, an admin's organisation.
 */
async function preview(ctx: FeatureContext, input: CommandInput, who: Identity): Promise<Reply> {
  const sub = await findDigestSubscription(ctx.db, who.userId);
  const timezone = sub?.active ? sub.timezone : await managerTimezone(ctx, input, who);
  const data = await buildDigest(ctx.db, { managerId: who.userId, at: ctx.clock.now(), timezone, defaultTimezone: ctx.timezone });
  if (!data) throw new Error(`user ${who.userId} vanished while building their digest`);
  return { kind: 'message', visibility: 'private', message: digestMessage(data, { preview: true, slash: input.actor.platform === 'slack', chart: digestChart(data) }) };
}

function reachLine(who: Identity): string {
  if (who.role === 'member') return 'It covers the accounts you own.';
  return 'It covers your team, or everyone until you set one with "/hallway team add @name".';
}
