import { and, eq, isNotNull } from 'drizzle-orm';
import type { EventInput } from '../../chat/inbound.js';
import { accounts, conversations } from '../../db/schema.js';
import { nameProblem } from '../../domain/names.js';
import type { FeatureContext } from '../feature.js';
import type { Notifier } from './notify.js';
import { findPerson, recordJoined, recordLeft } from './roster.store.js';

/** The role recorded for someone who joined a shared channel without a profile title. */
export const CHANNEL_MEMBER_ROLE = 'contact';

/**
 * Someone from the customer's side joined or left a channel linked to their
 * account (`/hallway link`): a joined/left change, named as the platform
 * knows them (Slack real name; profile title as role).
 */
export function createSlackConnectEvents(ctx: FeatureContext, notifier: Notifier) {
  async function linkedAccount(input: EventInput) {
    if (!input.external) return undefined;
    const [row] = await ctx.db
      .select({ account: accounts })
      .from(conversations)
      .innerJoin(accounts, eq(accounts.id, conversations.accountId))
      .where(and(eq(conversations.platform, input.conversation.platform), eq(conversations.externalId, input.conversation.key), isNotNull(conversations.accountId)));
    return row?.account;
  }

  function nameOf(input: EventInput): string | undefined {
    const name = input.actor.displayName?.trim();
    // Without a real name we would record a user id as a person; better nothing.
    if (!name || name === input.actor.userId || nameProblem(name)) {
      ctx.log.info({ user: input.actor.userId }, 'shared-channel member without a usable name; no change recorded');
      return undefined;
    }
    return name;
  }

  return {
    member_joined: async (input: EventInput) => {
      const account = await linkedAccount(input);
      const name = account && nameOf(input);
      if (!account || !name) return;
      const existing = await findPerson(ctx.db, account.orgId, account.id, name);
      if (existing?.status === 'active') return;
      const now = ctx.clock.now();
      const title = input.detail?.trim().slice(0, 80) || existing?.title || CHANNEL_MEMBER_ROLE;
      const { change } = await recordJoined(ctx.db, { orgId: account.orgId, source: 'slack_connect', now }, account.id, { name, title });
      await notifier.changed(change, now);
    },
    member_left: async (input: EventInput) => {
      const account = await linkedAccount(input);
      const name = account && nameOf(input);
      if (!account || !name) return;
      const person = await findPerson(ctx.db, account.orgId, account.id, name);
      if (!person || person.status === 'left') return;
      const now = ctx.clock.now();
      const change = await recordLeft(ctx.db, { orgId: account.orgId, source: 'slack_connect', now }, person);
      await notifier.changed(change, now);
    },
  };
}
