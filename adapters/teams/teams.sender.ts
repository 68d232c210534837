import { TurnContext, type Activity, type ChannelAccount, type CloudAdapter, type ConversationReference } from 'botbuilder';
import type { Posted } from '../../src/chat/port.js';
import { RateLimitedError } from '../../src/chat/port.js';
import type { ConversationStore } from '../../src/features/conversations.js';
import { serviceUrlRefusal } from './local-mode.guard.js';

/** Someone to reach in their 1:1 chat with the bot. */
export interface PersonalChatUser {
  userId: string;
  /**
   * A conversation reference from their tenant to open the chat through, when
   * it does not exist yet (the activity they just sent). Without it, any
   * stored conversation in their tenant is used.
   */
  via?: Partial<ConversationReference>;
  /** Their tenant, when `via` is given and Teams put it only in channelData. */
  tenantId?: string;
}

export interface TeamsSender {
  /** Into a stored conversation, through its reference. */
  toConversation(key: string, activity: Partial<Activity>): Promise<Posted>;
  /** Into the user's personal chat with the bot, opening it (and remembering it) if needed. */
  toPerson(user: PersonalChatUser, activity: Partial<Activity>): Promise<Posted>;
  update(ref: Posted, activity: Partial<Activity>): Promise<void>;
}

/**
 * Every conversation is reached again through the reference stored in the
 * database when it last spoke to us, so a restart loses nothing.
 */
export function createTeamsSender(opts: { adapter: CloudAdapter; appId: string; store: ConversationStore }): TeamsSender {
  const { adapter, appId, store } = opts;

  /** In local mode nothing leaves this machine, whatever reference was stored earlier. */
  function checkReach(serviceUrl: string | undefined): void {
    if (appId) return;
    const refusal = serviceUrl ? serviceUrlRefusal(serviceUrl) : 'no serviceUrl stored';
    if (refusal) throw new Error(`not sending: ${refusal}`);
  }

  async function withConversation<T>(key: string, logic: (ctx: TurnContext) => Promise<T>): Promise<T> {
    const reference = (await store.reference('teams', key)) as Partial<ConversationReference> | undefined;
    if (!reference) throw new Error(`no stored Teams conversation reference for ${key}; the bot must be added there first`);
    checkReach(reference.serviceUrl);
    let result: T | undefined;
    await translate(() =>
      adapter.continueConversationAsync(appId, reference, async (ctx) => {
        result = await logic(ctx);
      }),
    );
    return result as T;
  }

  async function toConversation(key: string, activity: Partial<Activity>): Promise<Posted> {
    const sent = await withConversation(key, (ctx) => ctx.sendActivity(activity));
    return { platform: 'teams', conversationKey: key, messageId: sent?.id ?? '' };
  }

  /**
   * Creates the 1:1 chat in the user's tenant (Teams returns the existing one
   * if there is one), through the service URL of a conversation there.
   */
  async function openPersonalChat(user: PersonalChatUser, activity: Partial<Activity>): Promise<Posted> {
    let ref = user.via;
    let tenantId = ref?.conversation?.tenantId || user.tenantId;
    if (!ref?.serviceUrl) {
      const near = await store.referenceNear('teams', user.userId);
      ref = near?.reference as Partial<ConversationReference> | undefined;
      tenantId = near?.workspaceExternalId;
    }
    if (!ref?.serviceUrl) {
      throw new Error(`cannot reach Teams user ${user.userId}: no conversation in their tenant is stored yet; they must message the bot once`);
    }
    checkReach(ref.serviceUrl);
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
          members: [{ id: user.userId } as ChannelAccount],
          tenantId,
          channelData: { tenant: { id: tenantId } },
        },
        async (ctx) => {
          // The new chat's other party is the user: address what we send, and the reference we keep, to them.
          ctx.activity.from = { id: user.userId } as ChannelAccount;
          const reference = TurnContext.getConversationReference(ctx.activity);
          const key = ctx.activity.conversation.id;
          await store.save({ platform: 'teams', key, workspaceExternalId: tenantId ?? '', kind: 'personal', userExternalId: user.userId, reference: { ...reference, activityId: undefined } });
          const sent = await ctx.sendActivity(activity);
          posted = { platform: 'teams', conversationKey: key, messageId: sent?.id ?? '' };
        },
      ),
    );
    if (!posted) throw new Error('Teams created the chat but the message was not sent');
    return posted;
  }

  return {
    toConversation,
    async toPerson(user, activity) {
      const personal = await store.personal('teams', user.userId);
      if (personal) return toConversation(personal.key, activity);
      return openPersonalChat(user, activity);
    },
    async update(ref, activity) {
      await withConversation(ref.conversationKey, async (ctx) => {
        await ctx.updateActivity({ ...activity, id: ref.messageId });
      });
    },
  };
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
