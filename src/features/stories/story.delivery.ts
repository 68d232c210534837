import { eq } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { z } from 'zod';
import { draftStory } from '../../ai/story.drafter.js';
import type { Posted } from '../../chat/port.js';
import { stories, storyPosts } from '../../db/schema.js';
import { dueSlot, isOnDay } from '../../domain/schedule.js';
import { storyDays } from '../../domain/story.cadence.js';
import { slowDownIfQuiet } from './story.cadence.js';
import { chooseStory, NOT_USEFUL_DAYS, type Choice } from '../../domain/story.chooser.js';
import { redact } from '../../domain/redact.js';
import type { Message } from '../../messages/message.js';
import { storyMessage } from '../../messages/story.message.js';
import { shareableGoal } from '../discovery/discovery.store.js';
import type { DeliveryKind, DeliveryRecord, NewDelivery } from '../../scheduler/types.js';
import type { FeatureContext } from '../feature.js';
import {
  activeStoriesSubscription,
  allActiveSubscriptions,
  channelHistory,
  conversationById,
  dislikedIn,
  latestStoryOf,
  noteFacts,
  reservationOf,
  reserveStoryPost,
  storyById,
  storyCandidates,
} from './story.repo.js';

export const STORY_KIND = 'story';
/** A story the bot was down for still goes out that day, up to this late; never after. */
export const LATE_WINDOW_MS = 4 * 3_600_000;

const payloadSchema = z.object({
  conversationId: z.string().uuid(),
  /** Set for the daily post; absent for `/hallway story`. */
  subscriptionId: z.string().uuid().optional(),
});
export type StoryPayload = z.infer<typeof payloadSchema>;

/** What the channel would get now, or why nothing: shared by compose and `/hallway story`. */
export async function chooseForChannel(ctx: FeatureContext, orgId: string, conversationId: string, now: Date): Promise<Choice> {
  const sub = await activeStoriesSubscription(ctx.db, conversationId);
  const since = new Date(now.getTime() - NOT_USEFUL_DAYS * 86_400_000);
  const [candidates, history, disliked] = await Promise.all([storyCandidates(ctx.db, orgId), channelHistory(ctx.db, conversationId), dislikedIn(ctx.db, conversationId, since)]);
  return chooseStory(candidates, { ...history, tags: sub?.tags ?? [], disliked }, now);
}

/**
 * The daily story. plan() only says which channels are due (cheap: it runs
 * every minute); the story is chosen in compose(), at send time, so a note
 * logged this morning can still make today's post, nothing is drafted for a
 * delivery that never goes out, and "nothing new left" simply skips the
 * delivery. The choice is pinned to the delivery by a story_posts row
 * (posted_at null until sent()), so a retried send shows the same story.
 */
export function storyDelivery(ctx: FeatureContext): DeliveryKind {
  const { db, log } = ctx;

  async function plan(now: Date): Promise<NewDelivery[]> {
    const due: NewDelivery[] = [];
    for (const { sub, platform, key } of await allActiveSubscriptions(db)) {
      const slot = dueSlot(now, { time: sub.localTime, timezone: sub.timezone, days: storyDays(sub.days, sub.cadenceLevel) }, LATE_WINDOW_MS);
      // A slot from before the channel (re)subscribed is not owed: subscribing at 10:00 must not post at once.
      if (!slot || slot.dueAt < sub.createdAt) continue;
      due.push({
        orgId: sub.orgId,
        kind: STORY_KIND,
        dedupeKey: `story:${sub.id}:${slot.localDate}`,
        dueAt: slot.dueAt,
        target: { type: 'conversation', platform, key },
        payload: { conversationId: sub.conversationId, subscriptionId: sub.id } satisfies StoryPayload,
      });
    }
    return due;
  }

  async function compose(delivery: DeliveryRecord, now: Date): Promise<Message | null> {
    const payload = payloadSchema.safeParse(delivery.payload);
    if (!payload.success) {
      log.error({ delivery: delivery.id }, 'story delivery with an unreadable payload');
      return null;
    }
    const { conversationId, subscriptionId } = payload.data;
    const conversation = await conversationById(db, conversationId);
    const sub = await activeStoriesSubscription(db, conversationId);
    if (!conversation) return null;
    if (subscriptionId) {
      if (sub?.id !== subscriptionId) return null; // unsubscribed since it was planned
      if (now.getTime() - delivery.dueAt.getTime() >= LATE_WINDOW_MS) return null; // too late for today
    }

    let post = await reservationOf(db, delivery.id);
    if (!post && sub && subscriptionId) {
      // A quiet channel slows down; today may then no longer be one of its days.
      const current = await slowDownIfQuiet(ctx, sub, delivery.target, now);
      const day = DateTime.fromJSDate(delivery.dueAt, { zone: current.timezone }).startOf('day');
      if (!isOnDay(day, storyDays(current.days, current.cadenceLevel))) return null;
    }
    for (let attempt = 0; !post && attempt < 3; attempt += 1) {
      const choice = await chooseForChannel(ctx, delivery.orgId, conversationId, now);
      if (!choice.ok) {
        log.info({ delivery: delivery.id, conversationId, why: choice.why.code }, 'no story left for this channel');
        return null;
      }
      const story = await storyForNote(ctx, choice.candidate.noteId);
      if (!story) return null;
      const postId = await reserveStoryPost(db, {
        orgId: delivery.orgId,
        storyId: story.id,
        conversationId,
        deliveryId: delivery.id,
        accountId: choice.candidate.accountId,
      });
      if (postId) post = await reservationOf(db, delivery.id);
    }
    if (!post) return null;

    const story = await storyById(db, post.storyId);
    const facts = story && (await noteFacts(db, story.noteId));
    if (!story || !facts) return null;
    const zone = sub?.timezone ?? ctx.timezone;
    return storyMessage({
      draft: { title: story.title, body: story.body, quote: story.quote },
      person: facts.person,
      account: facts.account,
      pains: facts.pains.map(redact),
      wants: facts.wants.map(redact),
      ...(await goalOf(delivery.orgId, facts.personId)),
      loggedBy: facts.author,
      loggedOn: DateTime.fromJSDate(facts.metAt, { zone }).toFormat('ccc d LLL', { locale: 'en-GB' }),
      postId: post.id,
    });
  }

  /** Engineers build better for where the person wants to be. */
  async function goalOf(orgId: string, personId: string | null | undefined): Promise<{ goal?: string }> {
    const goal = personId ? await shareableGoal(db, orgId, personId) : undefined;
    return goal ? { goal: redact(goal) } : {};
  }

  async function sent(delivery: DeliveryRecord, posted: Posted, now: Date): Promise<void> {
    const [post] = await db
      .update(storyPosts)
      .set({ messageRef: posted, postedAt: now })
      .where(eq(storyPosts.deliveryId, delivery.id))
      .returning({ storyId: storyPosts.storyId });
    if (post) await db.update(stories).set({ status: 'published' }).where(eq(stories.id, post.storyId));
  }

  return { kind: STORY_KIND, plan, compose, sent };
}

/** One story per note, drafted once and reused in every channel that shows it. */
async function storyForNote(ctx: FeatureContext, noteId: string) {
  const existing = await latestStoryOf(ctx.db, noteId);
  if (existing) return existing;
  const facts = await noteFacts(ctx.db, noteId);
  if (!facts) return undefined;
  const outcome = await draftStory(facts, ctx.ai);
  if (outcome.source === 'template' && outcome.why !== 'no_model') ctx.log.info({ noteId, why: outcome.why }, 'model draft not used; template instead');
  const [story] = await ctx.db
    .insert(stories)
    .values({
      orgId: facts.orgId,
      noteId,
      personId: facts.personId,
      title: outcome.draft.title,
      body: outcome.draft.body,
      quote: outcome.draft.quote,
      source: outcome.source,
      status: 'approved',
    })
    .returning();
  return story;
}
