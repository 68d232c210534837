import { and, eq, inArray } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { accounts, type Account, type StakeholderChange } from '../../db/schema.js';
import { cleanName, nameKey } from '../../domain/names.js';
import { describeRosterChange, type RosterChange, type RosterDiff, type RosterRow } from '../../domain/roster.diff.js';
import { loadKnown, recordJoined, recordLeft, recordRoleChanged, updateDetails, type ChangeContext } from './roster.store.js';

/**
 * The accounts a feed names, created when new (owned by nobody until
 * `/hallway owner`), keyed by their matching key. Feeds name accounts
 * exactly: a prefix that happens to match would file people at the wrong
 * customer.
 */
export async function accountsFor(db: Database, orgId: string, names: string[]): Promise<Map<string, Account>> {
  const byKey = new Map<string, string>();
  for (const n of names) if (!byKey.has(nameKey(n))) byKey.set(nameKey(n), cleanName(n));
  if (byKey.size === 0) return new Map();
  await db
    .insert(accounts)
    .values([...byKey].map(([key, name]) => ({ orgId, name, nameKey: key })))
    .onConflictDoNothing();
  const rows = await db
    .select()
    .from(accounts)
    .where(and(eq(accounts.orgId, orgId), inArray(accounts.nameKey, [...byKey.keys()])));
  return new Map(rows.map((a) => [a.nameKey, a]));
}

export async function knownPeopleOf(db: Database, orgId: string, accountsByKey: Map<string, Account>) {
  return loadKnown(db, orgId, [...accountsByKey.values()].map((a) => a.id));
}

export interface Applied {
  line: string;
  change: StakeholderChange;
}

/** Records every change of a diff (and stores new details); `tick` after each, for a progress bar. */
export async function applyRosterDiff(
  db: Database,
  c: ChangeContext,
  diff: RosterDiff,
  accountsByKey: Map<string, Account>,
  tick: () => void = () => {},
): Promise<Applied[]> {
  const applied: Applied[] = [];
  const accountName = (key: string) => accountsByKey.get(key)?.name ?? key;
  for (const ch of diff.changes) {
    const change = await applyOne(db, c, ch, accountsByKey);
    applied.push({ line: describeRosterChange(ch, accountName), change });
    tick();
  }
  for (const d of diff.details) {
    await updateDetails(db, d.person.id, { email: d.row.email, division: d.row.division });
    tick();
  }
  return applied;
}

async function applyOne(db: Database, c: ChangeContext, ch: RosterChange, accountsByKey: Map<string, Account>): Promise<StakeholderChange> {
  const accountOf = (name: string) => {
    const a = accountsByKey.get(nameKey(name));
    if (!a) throw new Error(`account "${name}" was not prepared`);
    return a;
  };
  const fields = (row: RosterRow) => ({ name: row.name, title: row.title, email: row.email ?? '', division: row.division ?? '' });
  switch (ch.kind) {
    case 'joined':
      return (await recordJoined(db, c, accountOf(ch.row.account).id, fields(ch.row))).change;
    case 'replaced':
      return (await recordJoined(db, c, accountOf(ch.row.account).id, fields(ch.row), { id: ch.previous.id })).change;
    case 'role_changed': {
      const accountId = accountOf(ch.row.account).id;
      return recordRoleChanged(db, c, { id: ch.person.id, accountId, name: ch.person.name, title: ch.person.title }, ch.row.title, {
        email: ch.row.email ?? '',
        division: ch.row.division ?? '',
      });
    }
    case 'left': {
      const account = accountsByKey.get(ch.person.accountKey);
      if (!account) throw new Error(`account "${ch.person.accountKey}" was not prepared`);
      return recordLeft(db, c, { id: ch.person.id, accountId: account.id, name: ch.person.name, title: ch.person.title });
    }
  }
}
