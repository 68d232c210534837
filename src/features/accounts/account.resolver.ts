import { and, asc, eq, like } from 'drizzle-orm';
import type { CommandName } from '../../chat/inbound.js';
import type { Database } from '../../db/client.js';
import { accounts, type Account } from '../../db/schema.js';
import { cleanName, likePrefix, nameKey, nameProblem } from '../../domain/names.js';
import { UserError } from '../errors.js';
import { AccountChoiceNeeded } from './pending.commands.js';

export interface ResolveAccountOptions {
  /** When nothing matches, create the account owned by this user (users.id). */
  createFor?: string;
  /** The command as typed, to re-run it with a picked candidate and to echo it back. */
  retry: { command: CommandName; text: string };
}

const MAX_CANDIDATES = 5;

/**
 * Finds the account a person meant: exact name in any case, else the one
 * account whose name starts with what they typed. Several → they pick; none →
 * created for `createFor`, or the known names are listed.
 */
export async function resolveAccount(
  db: Database,
  orgId: string,
  typed: string,
  opts: ResolveAccountOptions,
): Promise<{ account: Account; created: boolean }> {
  const echo = `/${opts.retry.command} ${opts.retry.text}`.trim();
  const problem = nameProblem(typed);
  if (problem) {
    throw new UserError('account_name_invalid', `The account name "${typed.trim()}" ${problem}.`, echo, 'Write the customer company as plain text, e.g. Acme.');
  }
  const key = nameKey(typed);
  const [exact] = await db.select().from(accounts).where(and(eq(accounts.orgId, orgId), eq(accounts.nameKey, key)));
  if (exact) return { account: exact, created: false };

  const prefixed = await db
    .select()
    .from(accounts)
    .where(and(eq(accounts.orgId, orgId), like(accounts.nameKey, likePrefix(key))))
    .orderBy(asc(accounts.nameKey))
    .limit(MAX_CANDIDATES + 1);
  if (prefixed.length === 1) return { account: prefixed[0]!, created: false };
  if (prefixed.length > 1) {
    throw new AccountChoiceNeeded(
      'account_ambiguous',
      `"${typed.trim()}" matches ${prefixed.length > MAX_CANDIDATES ? `more than ${MAX_CANDIDATES}` : prefixed.length} accounts. Which one did you mean?`,
      echo,
      'Pick one, or type more of the name.',
      orgId,
      prefixed.slice(0, MAX_CANDIDATES),
      { ...opts.retry, typed },
    );
  }

  if (opts.createFor) {
    const name = cleanName(typed);
    const [created] = await db
      .insert(accounts)
      .values({ orgId, name, nameKey: key, ownerId: opts.createFor })
      .onConflictDoNothing()
      .returning();
    if (created) return { account: created, created: true };
    // Someone created it a moment ago.
    const [raced] = await db.select().from(accounts).where(and(eq(accounts.orgId, orgId), eq(accounts.nameKey, key)));
    if (raced) return { account: raced, created: false };
  }

  const known = await db
    .select({ id: accounts.id, name: accounts.name })
    .from(accounts)
    .where(and(eq(accounts.orgId, orgId), like(accounts.nameKey, likePrefix(key.slice(0, 1)))))
    .orderBy(asc(accounts.nameKey))
    .limit(MAX_CANDIDATES);
  const unknown = `No account is called "${typed.trim()}".`;
  if (known.length === 0) throw new UserError('account_unknown', unknown, echo, 'A call note (/callnote) creates an account the first time it names it.');
  throw new AccountChoiceNeeded('account_unknown', unknown, echo, 'Did you mean one of these?', orgId, known, { ...opts.retry, typed });
}
