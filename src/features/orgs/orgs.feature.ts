import { DateTime } from 'luxon';
import type { CommandInput, Reply } from '../../chat/inbound.js';
import type { UserRole } from '../../db/schema.js';
import { parseMentions } from '../../domain/digest.parser.js';
import { infoMessage } from '../../messages/reply.messages.js';
import { isAdmin, requireRole } from '../access.js';
import { UserError } from '../errors.js';
import type { Feature, FeatureContext } from '../feature.js';
import type { Identity } from '../identity.js';
import { adminCount, createPairCode, memberCount, PAIR_CODE_MINUTES, redeemPairCode, rolesOf, setRole, webhookSecretOf } from './org.store.js';

const ROLES: UserRole[] = ['admin', 'manager', 'member'];
const ROLE_HINT = 'Write it as /hallway role @name admin|manager|member, e.g. /hallway role @ana manager';
const PLATFORM = { slack: 'Slack', teams: 'Teams' } as const;

/**
 * The organisation itself (CONTRACT.md, "Organisations and roles"): who holds
 * which role, pairing a Slack workspace and a Teams tenant into one
 * organisation, and the organisation's webhook secret.
 */
export function createOrgsFeature(ctx: FeatureContext): Feature {
  const { db } = ctx;
  const reply = (text: string, context?: string): Reply => ({ kind: 'message', visibility: 'private', message: infoMessage(text, context) });

  async function role(input: CommandInput, who: Identity): Promise<Reply> {
    const typed = `/hallway role ${input.text}`.trim();
    const { mentions, rest } = parseMentions(input.text);
    if (mentions.length === 0 && rest === '') return reply(await roleList(who), isAdmin(who) ? ROLE_HINT : undefined);
    await requireRole(db, who, ['admin'], 'role_admins_only', 'set roles', typed);
    const wanted = rest.toLowerCase() as UserRole;
    if (mentions.length !== 1 || !ROLES.includes(wanted)) {
      throw new UserError('role_syntax', mentions.length === 1 ? `"${rest}" is not a role: it is admin, manager or member.` : 'Mention one person, then the role.', typed, ROLE_HINT);
    }
    const m = mentions[0]!;
    const target = await ctx.identities.resolve({ platform: input.actor.platform, workspaceId: input.actor.workspaceId, userId: m.userId, displayName: m.name });
    if (target.orgId !== who.orgId) throw new UserError('role_other_org', 'That person belongs to another organisation.', typed);
    if (target.role === wanted) return reply(`${target.displayName} is already ${article(wanted)} ${wanted}; nothing changed.`);
    if (target.role === 'admin' && (await adminCount(db, who.orgId, target.userId)) === 0) {
      throw new UserError('role_last_admin', `${target.displayName} is the only admin; name another admin first.`, typed, ROLE_HINT);
    }
    await setRole(db, who.orgId, target.userId, wanted, who.userId, ctx.clock.now());
    ctx.identities.forget(input.actor.platform, m.userId);
    return reply(`${target.displayName} is now ${article(wanted)} ${wanted}.`, whatRoleMeans(wanted));
  }

  async function roleList(who: Identity): Promise<string> {
    const rows = await rolesOf(db, who.orgId);
    const names = (r: UserRole) => rows.filter((x) => x.role === r).map((x) => x.name || 'someone not yet seen');
    const members = await memberCount(db, who.orgId);
    return [
      `Admins: ${names('admin').join(', ') || 'nobody yet'}`,
      `Managers: ${names('manager').join(', ') || 'nobody yet'}`,
      `Members: ${members} ${members === 1 ? 'person' : 'people'}`,
      `You are ${article(who.role)} ${who.role}.`,
    ].join('\n');
  }

  async function pair(input: CommandInput, who: Identity): Promise<Reply> {
    const typed = `/hallway pair ${input.text}`.trim();
    await requireRole(db, who, ['admin'], 'pair_admins_only', 'pair workspaces', typed);
    const code = input.text.trim();
    const now = ctx.clock.now();
    if (code === '') {
      const made = await createPairCode(db, who.orgId, who.userId, now);
      const until = DateTime.fromJSDate(made.expiresAt, { zone: who.timezone ?? ctx.timezone }).toFormat('HH:mm');
      const other = input.actor.platform === 'slack' ? 'Teams' : 'Slack';
      return reply(
        `Your pairing code: ${made.code}`,
        `An admin types "hallway pair ${made.code}" in ${other} (or in another workspace) within ${PAIR_CODE_MINUTES} minutes (until ${until}) to join it to this organisation. The code works once.`,
      );
    }
    if (!/^[A-Z0-9]{4}-?[A-Z0-9]{4}$/i.test(code)) {
      throw new UserError('pair_code_syntax', `"${code}" does not look like a pairing code (four letters or digits, a dash, four more).`, typed, 'Ask an admin of the other workspace for a code with /hallway pair, then type /hallway pair <code> here.');
    }
    const normalised = code.length === 8 ? `${code.slice(0, 4)}-${code.slice(4)}` : code;
    const result = await redeemPairCode(db, normalised, who.orgId, who.userId, now);
    if (!result.ok) {
      const why = {
        unknown: 'That pairing code is not one I gave out.',
        used: 'That pairing code was already used.',
        expired: `That pairing code expired (codes last ${PAIR_CODE_MINUTES} minutes).`,
        same: 'That code comes from this organisation already: type it in the other workspace.',
      }[result.reason];
      throw new UserError(`pair_${result.reason}`, why, typed, 'Ask an admin of the other workspace for a fresh code with /hallway pair.');
    }
    // Everyone cached as a member of the old organisation is now in the new one.
    ctx.identities.clear();
    const merged = result.merged.accounts ? ` ${result.merged.accounts} ${result.merged.accounts === 1 ? 'account' : 'accounts'} of the same name merged.` : '';
    return reply(
      `This ${PLATFORM[input.actor.platform] === 'Slack' ? 'workspace' : 'tenant'} now belongs to the organisation ${result.orgName}: one book of customers for both.${merged}`,
      'Roles carry over; notes, people and subscriptions from here moved with it.',
    );
  }

  async function webhook(input: CommandInput, who: Identity): Promise<Reply> {
    await requireRole(db, who, ['admin'], 'webhook_admins_only', 'see the webhook secret', '/hallway webhook');
    const secret = await webhookSecretOf(db, who.orgId, ctx.sealer);
    const base = ctx.publicUrl ?? 'https://<where Hallway runs>';
    return reply(
      `Stakeholder webhook for this organisation:\nURL: ${base}/hooks/stakeholders?org=${who.orgId}\nSecret: ${secret}`,
      'Sign each call with X-Hallway-Timestamp and X-Hallway-Signature: sha256=<HMAC-SHA256 of "<timestamp>.<body>" with this secret>. Keep the secret out of chat history you share.',
    );
  }

  return {
    name: 'org',
    commands: { 'hallway role': role, 'hallway pair': pair, 'hallway webhook': webhook },
  };
}

const article = (r: UserRole) => (r === 'admin' ? 'an' : 'a');

function whatRoleMeans(r: UserRole): string {
  if (r === 'admin') return 'Admins set roles, pair workspaces, erase people, see internal notes and get the organisation-wide digest.';
  if (r === 'manager') return 'Managers see internal notes, change account owners and get a digest of their team.';
  return 'Members see what engineers see, their own internal notes and those of the accounts they own.';
}
