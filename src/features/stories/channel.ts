import type { Actor } from '../../chat/inbound.js';
import type { ConversationTarget } from '../../chat/port.js';
import type { Conversation } from '../../db/schema.js';
import { saveConversation } from '../conversations.js';
import type { FeatureContext } from '../feature.js';
import { findConversation } from './story.repo.js';

/**
 * The stored conversation a command came from. Teams adapters store every
 * conversation they hear from; Slack slash commands do not, so the first
 * subscription (or story) in a Slack channel records it here.
 */
export async function ensureChannel(ctx: FeatureContext, to: ConversationTarget, actor: Actor): Promise<Conversation> {
  const known = await findConversation(ctx.db, to);
  if (known) return known;
  // Slack ids: D… a DM, G… a private group (older workspaces), C… a channel.
  const kind = to.platform === 'slack' && to.key.startsWith('D') ? 'personal' : to.platform === 'slack' && to.key.startsWith('G') ? 'group' : 'channel';
  await saveConversation(
    ctx.db,
    { platform: to.platform, key: to.key, workspaceExternalId: actor.workspaceId, kind, userExternalId: kind === 'personal' ? actor.userId : undefined },
    ctx.clock.now(),
  );
  const saved = await findConversation(ctx.db, to);
  if (!saved) throw new Error(`conversation ${to.platform}:${to.key} was not stored`);
  return saved;
}
