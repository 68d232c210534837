import { and, eq } from 'drizzle-orm';
import { IANAZone } from 'luxon';
import type { CommandInput } from '../../chat/inbound.js';
import type { Database } from '../../db/client.js';
import { channelSubscriptions, conversations } from '../../db/schema.js';
import type { DigestSchedule } from '../../domain/digest.parser.js';
import { findPersonalConversation, saveConversation } from '../conversations.js';
import { UserError } from '../errors.js';
import type { FeatureContext } from '../feature.js';
import type { Identity } from '../identity.js';

/**
 * The manager's zone: what we recorded for them, else what their platform
 * says, else the organisation's default. A platform that cannot be reached
 * must not stop a subscription, so its failure falls through to the default.
 */
export async function managerTimezone(ctx: FeatureContext, input: CommandInput, who: Identity): Promise<string> {
  if (who.timezone && IANAZone.isValidZone(who.timezone)) return who.timezone;
  const profile = await ctx.directory.profile(input.actor.platform, input.actor.userId).catch(() => undefined);
  if (profile?.timezone && IANAZone.isValidZone(profile.timezone)) return profile.timezone;
  return ctx.timezone;
}

export async function findDigestSubscription(db: Database, userId: string) {
  const [row] = await db
    .select()
    .from(channelSubscriptions)
    .where(and(eq(channelSubscriptions.kind, 'digest'), eq(channelSubscriptions.userId, userId)))
    .orderBy(channelSubscriptions.createdAt)
    .limit(1);
  return row;
}

/**
 * A digest is a DM, so its subscription hangs on the manager's one-to-one
 * conversation with the bot, never on the channel the command was typed in
 * (two managers subscribing from one channel would otherwise collide on the
 * one-subscription-of-a-kind-per-conversation rule). On Slack, a DM channel
 * ('D…') is that conversation; failing that, the user id itself is a valid
 * chat.postMessage channel that lands in the app's DM. Teams can only DM
 * through a personal chat the user has opened.
 */
async function personalConversationId(ctx: FeatureContext, input: CommandInput, typed: string): Promise<string> {
  const { platform, userId, workspaceId } = input.actor;
  const existing = await findPersonalConversation(ctx.db, platform, userId);
  let key = existing?.key;
  if (!key && platform === 'slack') {
    key = input.conversation.key.startsWith('D') ? input.conversation.key : userId;
    await saveConversation(ctx.db, { platform, key, workspaceExternalId: workspaceId, kind: 'personal', userExternalId: userId }, ctx.clock.now());
  }
  if (!key) {
    throw new UserError(
      'digest_needs_personal_chat',
      'I send the digest in our one-to-one chat, and you have not opened one with me yet.',
      typed,
      'Open a chat with Hallway and type "hallway digest subscribe" there.',
    );
  }
  const [row] = await ctx.db
    .select({ id: conversations.id })
    .from(conversations)
    .where(and(eq(conversations.platform, platform), eq(conversations.externalId, key)));
  if (!row) throw new Error(`conversation ${key} was saved but cannot be read back`);
  return row.id;
}

export async function subscribeDigest(
  ctx: FeatureContext,
  input: CommandInput,
  who: Identity,
  schedule: DigestSchedule,
  timezone: string,
  typed: string,
) {
  const values = { localTime: schedule.time, weekday: schedule.weekday, timezone, active: true };
  const existing = await findDigestSubscription(ctx.db, who.userId);
  if (existing) {
    await ctx.db.update(channelSubscriptions).set(values).where(eq(channelSubscriptions.id, existing.id));
  } else {
    const conversationId = await personalConversationId(ctx, input, typed);
    await ctx.db.insert(channelSubscriptions).values({
      ...values,
      orgId: who.orgId,
      conversationId,
      kind: 'digest',
      createdBy: who.userId,
      userId: who.userId,
    });
  }
}

/** Stops the digest; false when there was none to stop. */
export async function unsubscribeDigest(db: Database, userId: string): Promise<boolean> {
  const rows = await db
    .update(channelSubscriptions)
    .set({ active: false })
    .where(and(eq(channelSubscriptions.kind, 'digest'), eq(channelSubscriptions.userId, userId), eq(channelSubscriptions.active, true)))
    .returning({ id: channelSubscriptions.id });
  return rows.length > 0;
}
