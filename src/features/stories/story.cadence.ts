import { and, desc, eq, gte, isNotNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { ActionInput, Reply } from '../../chat/inbound.js';
import { channelSubscriptions, engagement, storyPosts, type ChannelSubscription, type DeliveryTarget } from '../../db/schema.js';
import { cadenceWords, QUIET_STREAK, shouldSlowDown, shouldSpeedUp } from '../../domain/story.cadence.js';
import type { Message } from '../../messages/message.js';
import { privateText } from '../../messages/reply.messages.js';
import { cadenceNoticeMessage } from '../../messages/story.cadence.message.js';
import { infoMessage } from '../../messages/reply.messages.js';
import type { DeliveryKind, DeliveryRecord } from '../../scheduler/types.js';
import type { FeatureContext } from '../feature.js';
import type { Identity } from '../identity.js';
import { userName } from './story.repo.js';

export const CADENCE_NOTICE_KIND = 'story.cadence';
const noticePayload = z.object({ subscriptionId: z.uuid(), level: z.number().int() });

/** The channel's latest stories posted since `since`, newest first, with whether anyone engaged in any way. */
async function postsSince(ctx: FeatureContext, sub: ChannelSubscription, since: Date) {
  const engaged = sql<boolean>`exists (select 1 from ${engagement} where ${engagement.storyPostId} = ${storyPosts.id} and ${engagement.orgId} = ${sub.orgId})`;
  return ctx.db
    .select({ id: storyPosts.id, engaged: engaged.mapWith(Boolean) })
    .from(storyPosts)
    .where(and(eq(storyPosts.orgId, sub.orgId), eq(storyPosts.conversationId, sub.conversationId), isNotNull(storyPosts.postedAt), gte(storyPosts.postedAt, since)))
    .orderBy(desc(storyPosts.postedAt))
    .limit(QUIET_STREAK);
}

/**
 * Before a channel's daily story: if the last five went by untouched, the
 * cadence steps down one level and the channel is told once (a delivery
 * keyed by the new level and instant). Returns the subscription as it now stands.
 */
export async function slowDownIfQuiet(ctx: FeatureContext, sub: ChannelSubscription, target: DeliveryTarget, now: Date): Promise<ChannelSubscription> {
  const posts = await postsSince(ctx, sub, sub.cadenceChangedAt ?? sub.createdAt);
  if (!shouldSlowDown(sub.cadenceLevel, posts)) return sub;
  const [slowed] = await ctx.db
    .update(channelSubscriptions)
    .set({ cadenceLevel: sub.cadenceLevel + 1, cadenceChangedAt: now })
    .where(and(eq(channelSubscriptions.id, sub.id), eq(channelSubscriptions.orgId, sub.orgId), eq(channelSubscriptions.cadenceLevel, sub.cadenceLevel)))
    .returning();
  // Another runner moved it first: it also told the channel.
  if (!slowed) return (await ctx.db.select().from(channelSubscriptions).where(eq(channelSubscriptions.id, sub.id)))[0] ?? sub;
  await ctx.queue.enqueue({
    orgId: sub.orgId,
    kind: CADENCE_NOTICE_KIND,
    dedupeKey: `${CADENCE_NOTICE_KIND}:${sub.id}:${slowed.cadenceLevel}:${now.toISOString()}`,
    dueAt: now,
    target,
    payload: { subscriptionId: sub.id, level: slowed.cadenceLevel },
  });
  ctx.log.info({ subscription: sub.id, level: slowed.cadenceLevel }, 'stories slowed down in a quiet channel');
  ctx.queue.poke();
  return slowed;
}

/** A reaction, reply or "hear more" on a story posted at a slower level brings the cadence one step back. */
export async function speedUpOnEngagement(ctx: FeatureContext, storyPostId: string, now: Date): Promise<void> {
  const [row] = await ctx.db
    .select({ postedAt: storyPosts.postedAt, sub: channelSubscriptions })
    .from(storyPosts)
    .innerJoin(channelSubscriptions, and(eq(channelSubscriptions.conversationId, storyPosts.conversationId), eq(channelSubscriptions.kind, 'stories'), eq(channelSubscriptions.active, true)))
    .where(eq(storyPosts.id, storyPostId));
  if (!row || !shouldSpeedUp(row.sub.cadenceLevel, row.postedAt, row.sub.cadenceChangedAt)) return;
  await ctx.db
    .update(channelSubscriptions)
    .set({ cadenceLevel: row.sub.cadenceLevel - 1, cadenceChangedAt: now })
    .where(and(eq(channelSubscriptions.id, row.sub.id), eq(channelSubscriptions.cadenceLevel, row.sub.cadenceLevel)));
  ctx.log.info({ subscription: row.sub.id, level: row.sub.cadenceLevel - 1 }, 'stories sped up after engagement');
}

/** The notice's button: back to the cadence the channel subscribed to, said in the channel. */
export async function restoreCadence(ctx: FeatureContext, input: ActionInput, who: Identity): Promise<Reply> {
  const id = z.uuid().safeParse(input.value);
  const [sub] = id.success
    ? await ctx.db
        .select()
        .from(channelSubscriptions)
        .where(and(eq(channelSubscriptions.id, id.data), eq(channelSubscriptions.orgId, who.orgId), eq(channelSubscriptions.kind, 'stories'), eq(channelSubscriptions.active, true)))
    : [];
  if (!sub) return privateText('This channel no longer gets daily stories; start them again with /hallway subscribe.');
  const words = `${cadenceWords(sub.days, 0)} at ${sub.localTime}`;
  if (sub.cadenceLevel === 0) return privateText(`Stories already come ${words} here.`);
  await ctx.db.update(channelSubscriptions).set({ cadenceLevel: 0, cadenceChangedAt: ctx.clock.now() }).where(eq(channelSubscriptions.id, sub.id));
  const name = await userName(ctx.db, who.userId);
  return { kind: 'message', visibility: 'conversation', message: infoMessage(`${name} restored the stories here: ${words} again.`) };
}

export function cadenceNoticeDelivery(ctx: FeatureContext): DeliveryKind {
  return {
    kind: CADENCE_NOTICE_KIND,
    async compose(delivery: DeliveryRecord): Promise<Message | null> {
      const p = noticePayload.safeParse(delivery.payload);
      if (!p.success) return null;
      const [sub] = await ctx.db.select().from(channelSubscriptions).where(and(eq(channelSubscriptions.id, p.data.subscriptionId), eq(channelSubscriptions.orgId, delivery.orgId)));
      // Restored, sped up or unsubscribed before the notice went out: nothing to say.
      if (!sub || !sub.active || sub.cadenceLevel !== p.data.level) return null;
      return cadenceNoticeMessage({
        quiet: QUIET_STREAK,
        now: cadenceWords(sub.days, sub.cadenceLevel),
        subscribed: cadenceWords(sub.days, 0),
        time: sub.localTime,
        subscriptionId: sub.id,
      });
    },
  };
}
