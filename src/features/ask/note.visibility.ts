import { eq, ne, or, type SQL } from 'drizzle-orm';
import { accounts, notes } from '../../db/schema.js';
import type { Identity } from '../identity.js';

/**
 * The one rule for who may read a note, as a condition over `notes` joined
 * to its `accounts` row: shared notes for everyone in the organisation,
 * internal ones for their author, the account's owner, managers and admins.
 * Written once here so the organisation-wide policy can replace it in one place.
 */
export function noteVisibleTo(who: Pick<Identity, 'userId' | 'role'>): SQL | undefined {
  if (who.role === 'manager' || who.role === 'admin') return undefined;
  return or(ne(notes.visibility, 'internal'), eq(notes.authorId, who.userId), eq(accounts.ownerId, who.userId));
}
