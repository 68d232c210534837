import { and, eq } from 'drizzle-orm';
import { DateTime } from 'luxon';
import type { CommandInput, Reply } from '../../chat/inbound.js';
import { channelSubscriptions } from '../../db/schema.js';
import { nextSlot } from '../../domain/schedule.js';
import { canonicalZone, parseSubscribe, type SubscribeProblem } from '../../domain/story.subscription.js';
import { infoMessage } from '../../messages/reply.messages.js';
import { UserError } from '../errors.js';
import type { FeatureContext } from '../feature.js';
import type { Identity } from '../identity.js';
import { ensureConversation } from '../conversations.js';

const USAGE =
  'Write it as /hallway subscribe [HH:MM] [timezone] [weekdays|daily] [tags: a, b], e.g. /hallway subscribe 09:30 Europe/Berlin weekdays tags: payments.';
const DEFAULT_TIME = '09:30';

/** `/hallway subscribe …`: a daily customer story in this channel. */
export async function subscribe(ctx: FeatureContext, input: CommandInput, who: Identity): Promise<Reply> {
  const echo = `/hallway subscribe ${input.text}`.trim();
  const parsed = parseSubscribe(input.text);
  if (!parsed.ok) throw problemToError(parsed.problem, echo);
  const { time = DEFAULT_TIME, days = 'weekdays', tags } = parsed.value;
  const timezone = parsed.value.timezone ?? (await subscriberZone(ctx, input, who));
  const conversation = await ensureConversation(ctx.db, input.conversation, input.actor, ctx.clock.now());
  const now = ctx.clock.now();

  // Re-subscribing replaces the terms; created_at restarts so no slot from before now is owed (see plan()).
  // Subscribing again (new terms) starts the cadence afresh too.
  const terms = { localTime: time, timezone, days, tags, active: true, createdBy: who.userId, createdAt: now, cadenceLevel: 0, cadenceChangedAt: null, channelName: input.conversationName ?? null };
  await ctx.db
    .insert(channelSubscriptions)
    .values({ orgId: conversation.orgId, conversationId: conversation.id, kind: 'stories', ...terms })
    .onConflictDoUpdate({ target: [channelSubscriptions.conversationId, channelSubscriptions.kind], set: terms });

  const next = nextSlot(now, { time, timezone, days });
  const when = DateTime.fromJSDate(next.dueAt, { zone: timezone }).toFormat('cccc d LLLL, HH:mm');
  const filter = tags.length ? `, about accounts or notes tagged ${tags.join(', ')}` : '';
  return {
    kind: 'message',
    visibility: 'conversation',
    message: infoMessage(
      `📣 This channel will meet one customer ${days === 'daily' ? 'every day' : 'every weekday'} at ${time} (${timezone})${filter}. The first story: ${when}.`,
      'Change it with /hallway subscribe, stop it with /hallway unsubscribe, or get one now with /hallway story.',
    ),
  };
}

/** `/hallway unsubscribe`. */
export async function unsubscribe(ctx: FeatureContext, input: CommandInput): Promise<Reply> {
  if (input.text.trim()) {
    throw new UserError('unexpected_words', 'unsubscribe takes no other words.', `/hallway unsubscribe ${input.text}`, 'Write just /hallway unsubscribe, in the channel to stop.');
  }
  const conversation = await ensureConversation(ctx.db, input.conversation, input.actor, ctx.clock.now());
  const stopped = await ctx.db
    .update(channelSubscriptions)
    .set({ active: false })
    .where(and(eq(channelSubscriptions.conversationId, conversation.id), eq(channelSubscriptions.kind, 'stories'), eq(channelSubscriptions.active, true)))
    .returning({ id: channelSubscriptions.id });
  if (stopped.length === 0) {
    return { kind: 'message', visibility: 'private', message: infoMessage('This channel has no daily stories to stop.', 'Start them with /hallway subscribe.') };
  }
  return {
    kind: 'message',
    visibility: 'conversation',
    message: infoMessage('Daily customer stories in this channel are stopped.', 'Bring them back any time with /hallway subscribe.'),
  };
}

/** The subscriber's own zone: Slack's users.info, then what the platform told us before (Teams), then HALLWAY_TIMEZONE. */
async function subscriberZone(ctx: FeatureContext, input: CommandInput, who: Identity): Promise<string> {
  const profile = await ctx.directory.profile(input.actor.platform, input.actor.userId).catch((err: unknown) => {
    ctx.log.warn({ err }, 'could not look up the subscriber; using a stored or default timezone');
    return undefined;
  });
  for (const zone of [profile?.timezone, input.actor.timezone, who.timezone]) {
    const known = zone ? canonicalZone(zone) : undefined;
    if (known) return known;
  }
  return ctx.timezone;
}

function problemToError(problem: SubscribeProblem, echo: string): UserError {
  switch (problem.code) {
    case 'bad_time':
      return new UserError('bad_time', `"${problem.word}" is not a time I can read.`, echo, `Write the time as HH:MM on a 24-hour clock, e.g. 09:30 or 14:00. ${USAGE}`);
    case 'bad_timezone':
      return new UserError('bad_timezone', `"${problem.word}" is not a timezone I know.`, echo, `Use an IANA name such as Europe/Berlin, America/New_York or Asia/Kolkata. ${USAGE}`);
    case 'bad_days':
      return new UserError('bad_days', `"${problem.word}" is not a schedule I can keep: stories go out on weekdays or daily.`, echo, `Write weekdays (Monday to Friday, the default) or daily. ${USAGE}`);
    case 'repeated':
      return new UserError('repeated', `You gave more than one ${problem.what} ("${problem.word}" is the second).`, echo, USAGE);
    case 'empty_tags':
      return new UserError('empty_tags', '"tags:" needs at least one tag after it.', echo, `e.g. tags: payments, onboarding. ${USAGE}`);
    case 'unknown_word':
      return new UserError('unknown_word', `I don't understand "${problem.word}" in a subscription.`, echo, USAGE);
  }
}
