import { and, eq } from 'drizzle-orm';
import type { CommandInput, Reply } from '../../chat/inbound.js';
import { accounts, auditLog, conversations, users } from '../../db/schema.js';
import { mayChangeOwner, refuse } from '../access.js';
import { infoMessage } from '../../messages/reply.messages.js';
import { resolveAccount } from '../accounts/account.resolver.js';
import { ensureConversation, findConversation } from '../conversations.js';
import { UserError } from '../errors.js';
import type { FeatureContext } from '../feature.js';
import type { Identity } from '../identity.js';

const MENTION = /^(.+?)\s+<@([^|>\s]+)(?:\|([^>]*))?>$/;

/** `/hallway owner <account> <@user>`: reminders and nudges for the account go to that person. */
export function createOwnerCommand(ctx: FeatureContext) {
  return async (input: CommandInput, who: Identity): Promise<Reply> => {
    const echo = `/hallway owner ${input.text}`;
    const m = MENTION.exec(input.text.trim());
    if (!m) {
      throw new UserError('owner_syntax', 'Name the account, then mention its owner.', echo, 'Write it as /hallway owner <account> <@user>, e.g. /hallway owner Acme @maria');
    }
    const [, typed = '', userId = '', mentionedName] = m;
    const { account } = await resolveAccount(ctx.db, who.orgId, typed, { retry: { command: 'hallway', text: `owner ${input.text}` } });
    if (!mayChangeOwner(who, account)) {
      const current = account.ownerId ? (await ctx.db.select({ name: users.displayName }).from(users).where(and(eq(users.orgId, who.orgId), eq(users.id, account.ownerId))))[0]?.name : undefined;
      const refusal = await refuse(ctx.db, who, 'owner_not_allowed', `change who owns ${account.name}`, ['admin', 'manager'], echo);
      throw new UserError(refusal.code, `Only ${account.name}'s owner${current ? ` (${current})` : ''}, a manager or an admin can change who owns it.`, echo, refusal.hint);
    }
    const owner = await ctx.identities.resolve({ platform: input.actor.platform, workspaceId: input.actor.workspaceId, userId, displayName: mentionedName?.trim() || undefined });
    if (owner.orgId !== who.orgId) throw new UserError('owner_other_org', 'That person belongs to another organisation, so they cannot own this account.', echo);
    const now = ctx.clock.now();
    await ctx.db.transaction(async (tx) => {
      await tx.update(accounts).set({ ownerId: owner.userId }).where(and(eq(accounts.orgId, who.orgId), eq(accounts.id, account.id)));
      await tx.insert(auditLog).values({ orgId: who.orgId, actorId: who.userId, action: 'account.owner', subject: account.id, detail: { from: account.ownerId, to: owner.userId }, createdAt: now });
    });
    const name = owner.displayName || 'They';
    return {
      kind: 'message',
      visibility: 'conversation',
      message: infoMessage(`${name} now owns ${account.name}.`, 'Stakeholder-change reminders and going-cold nudges for this account go to them by DM.'),
    };
  };
}

/**
 * `/hallway link <account>` in a (Slack Connect) channel: customers joining
 * or leaving it afterwards become stakeholder changes of that account.
 */
export function createLinkCommand(ctx: FeatureContext) {
  return async (input: CommandInput, who: Identity): Promise<Reply> => {
    const echo = `/hallway link ${input.text}`;
    if (input.text.trim() === '') throw new UserError('link_syntax', 'Which account is this channel shared with?', echo, 'Write it as /hallway link <account>, e.g. /hallway link Acme');
    const { platform, key } = input.conversation;
    const isDm = platform === 'slack' ? key.startsWith('D') : (await findConversation(ctx.db, input.conversation))?.kind === 'personal';
    if (isDm) {
      throw new UserError('link_in_dm', 'Run this in the channel you share with the customer, not in a direct message.', echo);
    }
    const { account } = await resolveAccount(ctx.db, who.orgId, input.text, { retry: { command: 'hallway', text: `link ${input.text}` } });
    await ensureConversation(ctx.db, input.conversation, input.actor, ctx.clock.now());
    await ctx.db
      .update(conversations)
      .set({ accountId: account.id })
      .where(and(eq(conversations.platform, platform), eq(conversations.externalId, key)));
    return {
      kind: 'message',
      visibility: 'conversation',
      message: infoMessage(
        `This channel is now linked to ${account.name}.`,
        "When people from the customer's side join or leave it, the account owner is reminded to revisit the relationship.",
      ),
    };
  };
}
