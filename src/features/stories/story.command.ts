import type { CommandInput, Reply } from '../../chat/inbound.js';
import { infoMessage } from '../../messages/reply.messages.js';
import { nothingLeftText } from '../../messages/story.message.js';
import { UserError } from '../errors.js';
import type { FeatureContext } from '../feature.js';
import { ensureConversation } from '../conversations.js';
import { chooseForChannel, STORY_KIND, type StoryPayload } from './story.delivery.js';

/**
 * `/hallway story`: one story in this channel now. It goes through the queue
 * like the daily post (same composing, same exactly-once), and the choice is
 * checked here first so that "nothing left" is said to the person who asked.
 */
export async function storyNow(ctx: FeatureContext, input: CommandInput): Promise<Reply> {
  if (input.text.trim()) {
    throw new UserError('unexpected_words', 'story takes no other words.', `/hallway story ${input.text}`, 'Write just /hallway story, in the channel that should get it.');
  }
  const conversation = await ensureConversation(ctx.db, input.conversation, input.actor, ctx.clock.now());
  const now = ctx.clock.now();
  const choice = await chooseForChannel(ctx, conversation.orgId, conversation.id, now);
  if (!choice.ok) return { kind: 'message', visibility: 'private', message: infoMessage(nothingLeftText(choice.why)) };

  await ctx.queue.enqueue({
    orgId: conversation.orgId,
    kind: STORY_KIND,
    // The platform's request id makes a retried slash command one story, not two.
    dedupeKey: `story:now:${conversation.id}:${input.requestId ?? now.toISOString()}`,
    dueAt: now,
    target: { type: 'conversation', platform: input.conversation.platform, key: input.conversation.key },
    payload: { conversationId: conversation.id } satisfies StoryPayload,
  });
  ctx.queue.poke();
  return { kind: 'message', visibility: 'private', message: infoMessage('A customer story is on its way to this channel.') };
}
