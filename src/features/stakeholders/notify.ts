import { and, eq } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { accounts, users, type StakeholderChange } from '../../db/schema.js';
import type { DeliveryQueue, NewDelivery } from '../../scheduler/types.js';

export interface Notifier {
  /** Queues the first reminder of a change at once (the tick would find it too) and wakes the queue. */
  changed(change: StakeholderChange, now: Date): Promise<void>;
}

export function createNotifier(queue: DeliveryQueue, planChange: (c: StakeholderChange, now: Date) => Promise<NewDelivery[]>): Notifier {
  return {
    async changed(change, now) {
      const planned = await planChange(change, now);
      for (const d of planned) await queue.enqueue(d);
      if (planned.length) queue.poke();
    },
  };
}

/** "Maria Jensen gets a reminder", for confirmations. */
export async function whoHears(db: Database, orgId: string, accountId: string): Promise<string> {
  const [owner] = await db
    .select({ name: users.displayName })
    .from(accounts)
    .innerJoin(users, eq(users.id, accounts.ownerId))
    .where(and(eq(accounts.orgId, orgId), eq(accounts.id, accountId)));
  if (owner) return `${owner.name} (the owner) gets a reminder.`;
  const [manager] = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.orgId, orgId), eq(users.role, 'manager')))
    .limit(1);
  return manager
    ? 'The account has no owner, so the managers get the reminder. Set one with /hallway owner <account> <@user>.'
    : 'The account has no owner and the org no manager, so nobody is reminded yet. Set one with /hallway owner <account> <@user>.';
}
