import { TurnContext, type ChannelAccount, type CloudAdapter, type ConversationReference } from 'botbuilder';
import type { ChatPort, ConversationTarget, Posted, UserTarget } from '../../src/chat/port.js';
import { RateLimitedError } from '../../src/chat/port.js';
import type { ConversationStore } from '../../src/features/conversations.js';
import type { Message } from '../../src/messages/message.js';
import { messageToAdaptiveCard } from './adaptive-card.renderer.js';
import { cardActivity } from './teams.app.js';

/**
 * Proactive sends: every conversation is reached again through the reference
 * stored in the database when it last spoke to us, so a restart loses nothing.
 */
export function createTeamsChat(opts: { adapter: CloudAdapter; appId: string; store: ConversationStore }): ChatPort {
  const { adapter, appId, store } = opts;

  async function withConversation<T>(key: string, logic: (ctx: TurnContext) => Promise<T>): Promise<T> {
    const reference = await store.reference('teams', key);
    if (!reference) throw new Error(`no stored Teams conversation reference for ${key}; the bot must be added there first`);
    let result: T | undefined;
    await translate(() =>
      adapter.continueConversationAsync(appId, reference as Partial<ConversationReference>, async (ctx) => {
        result = await logic(ctx);
      }),
    );
    return result as T;
  }

  async function post(to: ConversationTarget, msg: Message): Promise<Posted> {
    const sent = await withConversation(to.key, (ctx) => ctx.sendActivity(cardActivity(messageToAdaptiveCard(msg), msg.text)));
    return { platform: 'teams', conversationKey: to.key, messageId: sent?.id ?? '' };
  }

  /**
   * A first DM to someone who never wrote to the bot (e.g. an account owner
   * named with /hallway owner): create the 1:1 chat in their tenant, through
   * the service URL of any conversation we know there, and remember it.
   */
  async function openPersonalChat(userId: string, msg: Message): Promise<Posted> {
    const near = await store.referenceNear('teams', userId);
    const ref = near?.reference as Partial<ConversationReference> | undefined;
    if (!near || !ref?.serviceUrl) {
      throw new Error(`cannot reach Teams user ${userId}: no conversation in their tenant is stored yet; they must message the bot once`);
    }
    const tenantId = near.workspaceExternalId;
    let posted: Posted | undefined;
    await translate(() =>
      adapter.createConversationAsync(
        appId,
        ref.channelId ?? 'msteams',
        ref.serviceUrl!,
        '',
        {
          isGroup: false,
          bot: ref.bot as ChannelAccount,
          members: [{ id: userId } as ChannelAccount],
          tenantId,
          channelData: { tenant: { id: tenantId } },
        },
        async (ctx) => {
          const reference = TurnContext.getConversationReference(ctx.activity);
          const key = ctx.activity.conversation.id;
          await store.save({ platform: 'teams', key, workspaceExternalId: tenantId, kind: 'personal', userExternalId: userId, reference: { ...reference, activityId: undefined } });
          const sent = await ctx.sendActivity(cardActivity(messageToAdaptiveCard(msg), msg.text));
          posted = { platform: 'teams', conversationKey: key, messageId: sent?.id ?? '' };
        },
      ),
    );
    if (!posted) throw new Error('Teams created the chat but the message was not sent');
    return posted;
  }

  return {
    platform: 'teams',
    capabilities: { ephemeral: false, updateMessage: true, modals: false },
    post,
    async dm(to: UserTarget, msg: Message) {
      const personal = await store.personal('teams', to.userId);
      if (personal) return post({ platform: 'teams', key: personal.key }, msg);
      return openPersonalChat(to.userId, msg);
    },
    async update(ref: Posted, msg: Message) {
      await withConversation(ref.conversationKey, async (ctx) => {
        await ctx.updateActivity({ ...cardActivity(messageToAdaptiveCard(msg), msg.text), id: ref.messageId });
      });
    },
    // Teams tells a user's zone only on their own activities (localTimezone); the adapter records it then.
    async profile() {
      return undefined;
    },
  } satisfies ChatPort;
}

async function translate<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    const e = err as { statusCode?: number; response?: { headers?: { get?(name: string): string | undefined } } };
    if (e.statusCode === 429) {
      const retryAfter = Number(e.response?.headers?.get?.('retry-after') ?? 1);
      throw new RateLimitedError(Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : 1);
    }
    throw err;
  }
}
