import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { users, type UserRole } from '../db/schema.js';
import { UserError } from './errors.js';
import type { Identity } from './identity.js';

/*
 * Who may see and do what, in one place (CONTRACT.md, "Organisations and
 * roles"). Features ask these; none compares role strings itself.
 */

const ROLE_NAMES: Record<UserRole, string> = { admin: 'an admin', manager: 'a manager', member: 'a member' };

export const isAdmin = (who: Identity) => who.role === 'admin';
export const isManagerOrAdmin = (who: Identity) => who.role === 'admin' || who.role === 'manager';

/** An internal note: its author, the account's owner, managers and admins. */
export function seesInternalNote(who: Identity, note: { authorId: string | null }, account: { ownerId: string | null }): boolean {
  return isManagerOrAdmin(who) || note.authorId === who.userId || account.ownerId === who.userId;
}

/** May see every internal note of an account (its owner, managers, admins); authors see their own. */
export function seesAccountInternals(who: Identity, account: { ownerId: string | null }): boolean {
  return isManagerOrAdmin(who) || account.ownerId === who.userId;
}

/** Changes an account's owner: admins, managers, and the current owner. */
export function mayChangeOwner(who: Identity, account: { ownerId: string | null }): boolean {
  return isManagerOrAdmin(who) || account.ownerId === who.userId;
}

/** The names of the people who hold these roles in the organisation, for a refusal. */
export async function holders(db: Database, orgId: string, roles: UserRole[]): Promise<string[]> {
  const rows = await db
    .select({ name: users.displayName })
    .from(users)
    .where(and(eq(users.orgId, orgId), inArray(users.role, roles)))
    .orderBy(asc(users.displayName))
    .limit(6);
  return rows.map((r) => r.name).filter(Boolean);
}

/**
 * A refusal that names the role needed and who holds it, e.g. "Only admins
 * can erase a person. Admins here: Ana Lima, Ben Okafor."
 */
export async function refuse(db: Database, who: Identity, code: string, what: string, roles: UserRole[], echo?: string): Promise<UserError> {
  const names = await holders(db, who.orgId, roles);
  const needed = roles.map((r) => ROLE_NAMES[r]).join(' or ');
  const who_ = names.length ? `${roles.includes('manager') ? 'Admins and managers' : 'Admins'} here: ${names.slice(0, 5).join(', ')}${names.length > 5 ? ' and others' : ''}.` : 'Nobody holds that role yet.';
  return new UserError(code, `Only ${needed} can ${what}; you are ${ROLE_NAMES[who.role]}.`, echo, `${who_} An admin can change roles with /hallway role.`);
}

/** Throws the refusal unless `who` holds one of `roles`. */
export async function requireRole(db: Database, who: Identity, roles: UserRole[], code: string, what: string, echo?: string): Promise<void> {
  if (roles.includes(who.role)) return;
  throw await refuse(db, who, code, what, roles, echo);
}
