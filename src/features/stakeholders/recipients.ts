import { and, asc, eq } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { accounts, users } from '../../db/schema.js';
import type { DeliveryTarget } from '../../scheduler/types.js';

export interface Recipient {
  /** users.id */
  id: string;
  target: DeliveryTarget;
  timezone: string;
}

/**
 * Who hears about an account: its owner, or when it has none, every manager
 * of the org, so that no change goes unseen.
 */
export async function recipientsFor(db: Database, orgId: string, accountId: string, defaultZone: string): Promise<Recipient[]> {
  const [owner] = await db
    .select({ user: users })
    .from(accounts)
    .innerJoin(users, eq(users.id, accounts.ownerId))
    .where(and(eq(accounts.orgId, orgId), eq(accounts.id, accountId)));
  const chosen = owner
    ? [owner.user]
    : await db
        .select()
        .from(users)
        .where(and(eq(users.orgId, orgId), eq(users.role, 'manager')))
        .orderBy(asc(users.createdAt));
  return chosen.map((u) => ({
    id: u.id,
    target: { type: 'user', platform: u.platform, userId: u.externalId },
    timezone: u.timezone ?? defaultZone,
  }));
}
