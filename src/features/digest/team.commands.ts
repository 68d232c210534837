import { and, eq, inArray, sql } from 'drizzle-orm';
import type { CommandInput, Reply } from '../../chat/inbound.js';
import type { Database } from '../../db/client.js';
import { teamMembers, users } from '../../db/schema.js';
import { parseMentions } from '../../domain/digest.parser.js';
import { infoMessage } from '../../messages/reply.messages.js';
import { UserError } from '../errors.js';
import type { FeatureContext } from '../feature.js';
import type { Identity } from '../identity.js';
import { requireRole } from '../access.js';

const USAGE_HINT = 'Mention each person with @, e.g. "/hallway team add @sam @lee" or "/hallway team remove @sam".';

/** `hallway team [add|remove] <@user> …`: whose work the manager's digest covers. */
export async function teamCommand(ctx: FeatureContext, input: CommandInput, who: Identity): Promise<Reply> {
  const typed = `/hallway team ${input.text}`.trim();
  const [verb = '', ...rest] = input.text.split(/\s+/);
  const action = verb.toLowerCase();
  if (action === '' || action === 'list') return reply(await teamText(ctx.db, who.userId));
  if (action !== 'add' && action !== 'remove') {
    throw new UserError('team_unknown_verb', `I don't know "team ${verb}": it is "team add" or "team remove".`, typed, USAGE_HINT);
  }
  await requireRole(ctx.db, who, ['manager', 'admin'], 'team_needs_manager', 'set a team', typed);
  const { mentions, rest: leftover } = parseMentions(rest.join(' '));
  if (mentions.length === 0) {
    throw new UserError('team_no_mentions', `Whom should I ${action}? "team ${action}" needs at least one @mention.`, typed, USAGE_HINT);
  }
  if (leftover) {
    throw new UserError('team_not_a_mention', `"${leftover}" is not an @mention, so I can't tell who it is.`, typed, USAGE_HINT);
  }

  // Someone mentioned who never talked to the bot is recorded now, in the actor's workspace.
  const members = await Promise.all(
    mentions.map((m) => ctx.identities.resolve({ platform: input.actor.platform, workspaceId: input.actor.workspaceId, userId: m.userId, displayName: m.name })),
  );
  const ids = members.map((m) => m.userId);
  if (action === 'add') {
    await ctx.db
      .insert(teamMembers)
      .values(ids.map((memberId) => ({ orgId: who.orgId, managerId: who.userId, memberId })))
      .onConflictDoNothing();
    return reply(await teamText(ctx.db, who.userId));
  }
  const removed = await ctx.db
    .delete(teamMembers)
    .where(and(eq(teamMembers.managerId, who.userId), inArray(teamMembers.memberId, ids)))
    .returning({ id: teamMembers.memberId });
  const notThere = members.filter((m) => !removed.some((r) => r.id === m.userId)).map((m) => m.displayName || 'someone I have not met');
  const note = notThere.length ? `Not on your team: ${notThere.join(', ')}.` : undefined;
  return reply(await teamText(ctx.db, who.userId), note);
}

function reply(text: string, context?: string): Reply {
  return { kind: 'message', visibility: 'private', message: infoMessage(text, context) };
}

async function teamText(db: Database, managerId: string): Promise<string> {
  const rows = await db
    .select({ name: users.displayName })
    .from(teamMembers)
    .innerJoin(users, eq(users.id, teamMembers.memberId))
    .where(eq(teamMembers.managerId, managerId))
    .orderBy(sql`lower(${users.displayName})`, users.id);
  if (rows.length === 0) return 'Your team is empty, so your digest covers everyone in the organisation.';
  return `Your digest covers ${rows.length === 1 ? '1 person' : `${rows.length} people`}: ${rows.map((r) => r.name).join(', ')}.`;
}
