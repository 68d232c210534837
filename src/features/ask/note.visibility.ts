import { eq, ne, or, sql, type SQL } from 'drizzle-orm';
import { accounts, notes } from '../../db/schema.js';
import type { Identity } from '../identity.js';

/**
 * The one rule for who may read a note, as a condition over `notes`: shared
 * notes for everyone in the organisation, internal ones for their author,
 * the account's owner, managers and admins. Written once here so the
 * organisation-wide policy can replace it in one place. The owner's accounts
 * are a subquery, computed once, rather than a join made for every note.
 */
export function noteVisibleTo(who: Pick<Identity, 'orgId' | 'userId' | 'role'>): SQL | undefined {
  if (who.role === 'manager' || who.role === 'admin') return undefined;
  const owned = sql`${notes.accountId} in (select ${accounts.id} from ${accounts} where ${accounts.orgId} = ${who.orgId} and ${accounts.ownerId} = ${who.userId})`;
  return or(ne(notes.visibility, 'internal'), eq(notes.authorId, who.userId), owned);
}
