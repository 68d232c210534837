import { and, desc, eq, inArray, isNull, isNotNull } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import {
  accounts,
  people,
  stakeholderChanges,
  stakeholderRoles,
  type Person,
  type StakeholderChange,
  type StakeholderChangeSource,
} from '../../db/schema.js';
import { cleanName, nameKey } from '../../domain/names.js';
import type { KnownPerson } from '../../domain/roster.diff.js';

/** Who records a change, from where, and when; every change of the roster goes through here. */
export interface ChangeContext {
  orgId: string;
  source: StakeholderChangeSource;
  /** users.id of whoever typed or clicked it; absent for feeds. */
  by?: string;
  now: Date;
}

export interface PersonFields {
  name: string;
  title?: string;
  email?: string;
  division?: string;
}

/** Enough of a person to record a change about them. */
export type PersonRef = Pick<Person, 'id' | 'accountId' | 'name' | 'title'>;

export async function findPerson(db: Database, orgId: string, accountId: string, name: string): Promise<Person | undefined> {
  const [row] = await db
    .select()
    .from(people)
    .where(and(eq(people.orgId, orgId), eq(people.accountId, accountId), eq(people.nameKey, nameKey(name))));
  return row;
}

/** The people of these accounts, as the roster diff wants them. */
export async function loadKnown(db: Database, orgId: string, accountIds: string[]): Promise<KnownPerson[]> {
  if (accountIds.length === 0) return [];
  const rows = await db
    .select({ person: people, accountKey: accounts.nameKey })
    .from(people)
    .innerJoin(accounts, eq(accounts.id, people.accountId))
    .where(and(eq(people.orgId, orgId), inArray(people.accountId, accountIds)));
  return rows.map(({ person: p, accountKey }) => ({
    id: p.id,
    accountKey,
    name: p.name,
    title: p.title,
    email: p.email,
    division: p.division,
    status: p.status,
  }));
}

/**
 * Someone takes a role: a new person, someone back after leaving, or
 * (with `replacing`) the successor of someone who is gone. Their earlier
 * role, if any, ends now.
 */
export async function recordJoined(
  db: Database,
  c: ChangeContext,
  accountId: string,
  fields: PersonFields & { title: string },
  replacing?: Pick<Person, 'id'>,
): Promise<{ change: StakeholderChange; person: Person }> {
  return db.transaction(async (tx) => {
    const person = await upsertPerson(tx, c.orgId, accountId, fields);
    if (replacing) await endRoles(tx, replacing.id, c.now, 'left');
    await startRole(tx, c, person, fields.title);
    const change = await insertChange(tx, c, {
      accountId,
      personId: person.id,
      kind: replacing ? 'replaced' : 'joined',
      previousPersonId: replacing?.id ?? null,
      role: fields.title,
    });
    return { change, person };
  });
}

/** Someone left the customer: their roles end, they stay in history. */
export async function recordLeft(db: Database, c: ChangeContext, person: PersonRef): Promise<StakeholderChange> {
  return db.transaction(async (tx) => {
    await endRoles(tx, person.id, c.now, 'left');
    return insertChange(tx, c, { accountId: person.accountId, personId: person.id, kind: 'left', previousPersonId: null, role: person.title });
  });
}

/** Same person, new title. */
export async function recordRoleChanged(db: Database, c: ChangeContext, person: PersonRef, title: string, extra: Omit<PersonFields, 'name' | 'title'> = {}): Promise<StakeholderChange> {
  return db.transaction(async (tx) => {
    const updated = await upsertPerson(tx, c.orgId, person.accountId, { ...extra, name: person.name, title });
    await startRole(tx, c, updated, title);
    return insertChange(tx, c, { accountId: person.accountId, personId: person.id, kind: 'role_changed', previousPersonId: null, role: title });
  });
}

/** Records an existing person (e.g. one a call note created) as having joined in their current title. */
export async function recordJoinedExisting(db: Database, c: ChangeContext, person: Person, role: string): Promise<StakeholderChange> {
  return db.transaction(async (tx) => {
    const [updated] = await tx.update(people).set({ status: 'active', title: person.title ?? role }).where(eq(people.id, person.id)).returning();
    await startRole(tx, c, updated ?? person, role);
    return insertChange(tx, c, { accountId: person.accountId, personId: person.id, kind: 'joined', previousPersonId: null, role });
  });
}

/** New e-mail or division: stored, no change recorded. */
export async function updateDetails(db: Database, personId: string, fields: { email?: string; division?: string }): Promise<void> {
  await db
    .update(people)
    .set({ email: fields.email ?? null, division: fields.division ?? null })
    .where(eq(people.id, personId));
}

/** The roles a person holds now. */
export async function currentRoles(db: Database, personId: string): Promise<string[]> {
  const rows = await db
    .select({ role: stakeholderRoles.role })
    .from(stakeholderRoles)
    .where(and(eq(stakeholderRoles.personId, personId), isNull(stakeholderRoles.until)));
  return rows.map((r) => r.role);
}

/** The role a person held before the one they hold now, for "is now CTO (was VP)". */
export async function previousRole(db: Database, personId: string, before: Date): Promise<string | undefined> {
  const [row] = await db
    .select({ role: stakeholderRoles.role, until: stakeholderRoles.until })
    .from(stakeholderRoles)
    .where(and(eq(stakeholderRoles.personId, personId), isNotNull(stakeholderRoles.until)))
    .orderBy(desc(stakeholderRoles.until));
  return row && row.until && row.until.getTime() <= before.getTime() ? row.role : undefined;
}

async function upsertPerson(db: Database, orgId: string, accountId: string, f: PersonFields): Promise<Person> {
  const name = cleanName(f.name);
  const set = {
    status: 'active' as const,
    ...(f.title !== undefined ? { title: f.title } : {}),
    ...(f.email !== undefined ? { email: f.email || null } : {}),
    ...(f.division !== undefined ? { division: f.division || null } : {}),
  };
  const [row] = await db
    .insert(people)
    .values({ orgId, accountId, name, nameKey: nameKey(name), ...set })
    .onConflictDoUpdate({ target: [people.accountId, people.nameKey], set })
    .returning();
  if (!row) throw new Error('person upsert returned no row');
  return row;
}

async function startRole(db: Database, c: ChangeContext, person: Person, role: string): Promise<void> {
  await endRoles(db, person.id, c.now);
  await db.insert(stakeholderRoles).values({ orgId: c.orgId, personId: person.id, accountId: person.accountId, role, since: c.now });
}

async function endRoles(db: Database, personId: string, now: Date, status?: 'left'): Promise<void> {
  await db
    .update(stakeholderRoles)
    .set({ until: now })
    .where(and(eq(stakeholderRoles.personId, personId), isNull(stakeholderRoles.until)));
  if (status) await db.update(people).set({ status }).where(eq(people.id, personId));
}

async function insertChange(
  db: Database,
  c: ChangeContext,
  v: Pick<StakeholderChange, 'accountId' | 'personId' | 'kind' | 'previousPersonId' | 'role'>,
): Promise<StakeholderChange> {
  const [row] = await db
    .insert(stakeholderChanges)
    .values({ ...v, orgId: c.orgId, source: c.source, createdBy: c.by ?? null, createdAt: c.now })
    .returning();
  if (!row) throw new Error('stakeholder change insert returned no row');
  return row;
}
