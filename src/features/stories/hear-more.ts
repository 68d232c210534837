import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { ActionInput, EventInput, Reply } from '../../chat/inbound.js';
import { engagement } from '../../db/schema.js';
import type { Message } from '../../messages/message.js';
import { infoMessage } from '../../messages/reply.messages.js';
import { hearMoreMessage } from '../../messages/story.message.js';
import type { DeliveryKind, DeliveryRecord } from '../../scheduler/types.js';
import { UserError } from '../errors.js';
import type { FeatureContext } from '../feature.js';
import { ensureActor, findWorkspace, type Identity } from '../identity.js';
import { hearMoreRecipients, noteFacts, storyPostByMessage, storyPostContext, userName } from './story.repo.js';

export const HEAR_MORE_KIND = 'story.hear_more';

const hearMorePayload = z.object({ engineer: z.string(), person: z.string(), account: z.string(), quote: z.string().nullable() });
type HearMorePayload = z.infer<typeof hearMorePayload>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function postOf(ctx: FeatureContext, who: Identity, value: string) {
  const post = UUID.test(value) ? await storyPostContext(ctx.db, who.orgId, value) : undefined;
  if (!post) throw new UserError('story_gone', 'That story is no longer available.', undefined, 'It may have been removed; newer stories have working buttons.');
  return post;
}

/**
 * "🙋 I'd like to hear more": the account owner (or, with no owner, the org's
 * managers) gets a DM through the queue. Asking twice tells nobody twice.
 */
export async function hearMore(ctx: FeatureContext, input: ActionInput, who: Identity): Promise<Reply> {
  const post = await postOf(ctx, who, input.value);
  const facts = await noteFacts(ctx.db, post.noteId);
  if (!facts) throw new UserError('story_gone', 'The note behind that story is no longer available.');
  const engineer = await userName(ctx.db, who.userId);
  const recipients = await hearMoreRecipients(ctx.db, post.post.orgId, post.account.ownerId);
  const account = post.account.name;
  const person = facts.person.name;

  if (recipients.length === 0) {
    await record(ctx, post.post.orgId, post.post.id, who.userId, 'hear_more', 'nobody to tell');
    return reply(
      `Noted. Nobody owns ${account} yet and there is no manager to tell, so I could not pass it on.`,
      `An account manager can take it with /hallway owner ${account} @them.`,
    );
  }

  const now = ctx.clock.now();
  let queued = 0;
  for (const r of recipients) {
    const fresh = await ctx.queue.enqueue({
      orgId: post.post.orgId,
      kind: HEAR_MORE_KIND,
      dedupeKey: `hear_more:${post.post.id}:${who.userId}:${r.id}`,
      dueAt: now,
      target: { type: 'user', platform: r.platform, userId: r.externalId },
      payload: { engineer, person, account, quote: post.quote } satisfies HearMorePayload,
    });
    if (fresh) queued += 1;
  }
  const told = recipients.map((r) => r.name).join(', ');
  const role = post.account.ownerId ? `who looks after ${account}` : `${recipients.length > 1 ? 'managers' : 'a manager'}; ${account} has no owner yet`;
  if (queued === 0) return reply(`You already asked about ${person}; ${told} (${role}) has been told.`);
  await record(ctx, post.post.orgId, post.post.id, who.userId, 'hear_more');
  ctx.queue.poke();
  return reply(`Thanks! I've told ${told} (${role}) that you'd like to hear more about ${person} at ${account}.`, 'Expect them to reach out to you.');
}

/** "Not useful": recorded once per person and story, for the digest's "which stories landed". */
export async function notUseful(ctx: FeatureContext, input: ActionInput, who: Identity): Promise<Reply> {
  const post = await postOf(ctx, who, input.value);
  const [already] = await ctx.db
    .select({ id: engagement.id })
    .from(engagement)
    .where(and(eq(engagement.storyPostId, post.post.id), eq(engagement.userId, who.userId), eq(engagement.kind, 'not_useful')));
  if (!already) await record(ctx, post.post.orgId, post.post.id, who.userId, 'not_useful');
  return reply('Thanks for saying so; noted.');
}

/** Reactions to and replies under a story post; anything else in the channel is not ours to record. */
export async function onStoryEvent(ctx: FeatureContext, input: EventInput): Promise<void> {
  if (!input.messageId) return;
  const post = await storyPostByMessage(ctx.db, input.conversation, input.messageId);
  if (!post) return;
  // Only colleagues count: someone of another organisation in a shared channel is not ours to record.
  const ws = await findWorkspace(ctx.db, input.actor.platform, input.actor.workspaceId);
  if (!ws || ws.orgId !== post.orgId) return;
  const who = await ensureActor(ctx.db, input.actor);
  const kind = input.kind === 'reaction_added' ? 'reaction' : 'reply';
  await record(ctx, post.orgId, post.id, who.userId, kind, input.detail?.slice(0, 500));
}

async function record(ctx: FeatureContext, orgId: string, storyPostId: string, userId: string, kind: 'hear_more' | 'not_useful' | 'reaction' | 'reply', detail?: string) {
  await ctx.db.insert(engagement).values({ orgId, storyPostId, userId, kind, detail: detail ?? null, createdAt: ctx.clock.now() });
}

function reply(text: string, context?: string): Reply {
  return { kind: 'message', visibility: 'private', message: infoMessage(text, context) };
}

/** The DM itself, composed from what the click recorded. */
export function hearMoreDelivery(): DeliveryKind {
  return {
    kind: HEAR_MORE_KIND,
    async compose(delivery: DeliveryRecord): Promise<Message | null> {
      const p = hearMorePayload.safeParse(delivery.payload);
      return p.success ? hearMoreMessage(p.data) : null;
    },
  };
}
