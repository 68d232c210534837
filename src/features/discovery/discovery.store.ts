import { and, desc, eq, gt, inArray, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { accounts, discoveryValues, notes, people, users, type DiscoverySource, type DiscoveryStatus } from '../../db/schema.js';
import { DISCOVERY_FIELDS, discoveryClauses, staleFields, discoveryRows, type DiscoveryFieldName, type DiscoveryInput, type ReadyLevel } from '../../domain/discovery.js';
import { UserError } from '../errors.js';
import type { Identity } from '../identity.js';

export interface DiscoveryRecord {
  orgId: string;
  personIds: string[];
  input: DiscoveryInput;
  /** When it was said: the call's time for a note, now for a form. */
  at: Date;
  setBy: string | null;
  noteId?: string;
  source: DiscoverySource;
  status?: DiscoveryStatus;
}

/** Adds to each person's history; nothing is overwritten. */
export async function recordDiscovery(db: Database, r: DiscoveryRecord): Promise<void> {
  const rows = discoveryRows(r.input);
  if (!rows.length || !r.personIds.length) return;
  await db.insert(discoveryValues).values(
    r.personIds.flatMap((personId) =>
      rows.map((row) => ({
        orgId: r.orgId,
        personId,
        field: row.field,
        value: row.value,
        level: row.level,
        noteId: r.noteId ?? null,
        setBy: r.setBy,
        source: r.source,
        status: r.status ?? 'confirmed',
        createdAt: r.at,
        confirmedAt: (r.status ?? 'confirmed') === 'confirmed' ? r.at : null,
      })),
    ),
  );
}

/** An edited note says what it says now: its earlier values go, the new ones take their place. */
export async function replaceNoteDiscovery(db: Database, r: DiscoveryRecord & { noteId: string }): Promise<void> {
  await db.delete(discoveryValues).where(and(eq(discoveryValues.orgId, r.orgId), eq(discoveryValues.noteId, r.noteId), eq(discoveryValues.source, 'note')));
  await recordDiscovery(db, r);
}

export interface CurrentValue {
  value: string;
  level: string | null;
  at: Date;
  by: string | null;
  fromNote: boolean;
}

export interface Suggestion {
  id: string;
  field: DiscoveryFieldName;
  value: string;
  level: string | null;
}

export interface PersonDiscovery {
  latest: Partial<Record<DiscoveryFieldName, CurrentValue>>;
  /** The model's proposals newer than the field's confirmed value, awaiting the owner. */
  suggested: Suggestion[];
}

/** Each person's latest confirmed value per field, and pending suggestions. */
export async function loadDiscovery(db: Database, orgId: string, personIds: string[]): Promise<Map<string, PersonDiscovery>> {
  const out = new Map<string, PersonDiscovery>(personIds.map((id) => [id, { latest: {}, suggested: [] }]));
  if (!personIds.length) return out;
  const latest = await db
    .selectDistinctOn([discoveryValues.personId, discoveryValues.field], {
      personId: discoveryValues.personId,
      field: discoveryValues.field,
      value: discoveryValues.value,
      level: discoveryValues.level,
      at: discoveryValues.createdAt,
      by: users.displayName,
      noteId: discoveryValues.noteId,
    })
    .from(discoveryValues)
    .leftJoin(users, eq(users.id, discoveryValues.setBy))
    .where(and(eq(discoveryValues.orgId, orgId), inArray(discoveryValues.personId, personIds), eq(discoveryValues.status, 'confirmed')))
    .orderBy(discoveryValues.personId, discoveryValues.field, desc(discoveryValues.createdAt), desc(discoveryValues.id));
  for (const v of latest) {
    out.get(v.personId)!.latest[v.field] = { value: v.value, level: v.level, at: v.at, by: v.by, fromNote: v.noteId !== null };
  }
  const suggested = await db
    .select({ id: discoveryValues.id, personId: discoveryValues.personId, field: discoveryValues.field, value: discoveryValues.value, level: discoveryValues.level, at: discoveryValues.createdAt })
    .from(discoveryValues)
    .where(and(eq(discoveryValues.orgId, orgId), inArray(discoveryValues.personId, personIds), eq(discoveryValues.status, 'suggested')))
    .orderBy(discoveryValues.createdAt);
  for (const s of suggested) {
    const d = out.get(s.personId)!;
    const current = d.latest[s.field];
    if (current && current.at >= s.at) continue;
    d.suggested = [...d.suggested.filter((x) => x.field !== s.field), { id: s.id, field: s.field, value: s.value, level: s.level }];
  }
  for (const d of out.values()) d.suggested.sort((a, b) => DISCOVERY_FIELDS.indexOf(a.field) - DISCOVERY_FIELDS.indexOf(b.field));
  return out;
}

/** Confirm or dismiss a suggestion: the account's owner, managers and admins may. */
export async function settleSuggestion(db: Database, who: Identity, id: string, status: 'confirmed' | 'dismissed', now: Date) {
  const [row] = await db
    .select({ v: discoveryValues, person: people.name, ownerId: accounts.ownerId })
    .from(discoveryValues)
    .innerJoin(people, eq(people.id, discoveryValues.personId))
    .innerJoin(accounts, eq(accounts.id, people.accountId))
    .where(and(eq(discoveryValues.orgId, who.orgId), eq(discoveryValues.id, id)));
  if (!row) throw new UserError('suggestion_gone', 'That suggestion no longer exists (its note may have been undone).');
  if (row.ownerId !== who.userId && who.role !== 'manager' && who.role !== 'admin') {
    throw new UserError('not_account_owner', "Only the account's owner (or a manager) can confirm what we know about its people.");
  }
  if (row.v.status !== 'suggested') return { person: row.person, field: row.v.field, already: true };
  await db
    .update(discoveryValues)
    .set({ status, setBy: who.userId, confirmedAt: status === 'confirmed' ? now : null })
    .where(and(eq(discoveryValues.id, id), eq(discoveryValues.status, 'suggested')));
  return { person: row.person, field: row.v.field, already: false };
}

/** Active people of the accounts `ownerId` owns whose discovery has a field missing or older than `since`. */
export async function staleDiscoveryOf(db: Database, orgId: string, ownerId: string, since: Date) {
  const rows = await db
    .select({
      personId: people.id,
      name: people.name,
      account: accounts.name,
      // jsonb, not array_agg: parsed alike by both drivers (see POSTGRES_OPTIONS in db/client.ts).
      fresh: sql<DiscoveryFieldName[]>`coalesce(jsonb_agg(distinct ${discoveryValues.field}) filter (where ${discoveryValues.id} is not null), '[]'::jsonb)`,
    })
    .from(people)
    .innerJoin(accounts, eq(accounts.id, people.accountId))
    .leftJoin(
      discoveryValues,
      and(eq(discoveryValues.personId, people.id), eq(discoveryValues.status, 'confirmed'), gt(discoveryValues.createdAt, since)),
    )
    .where(and(eq(people.orgId, orgId), eq(accounts.ownerId, ownerId), eq(people.status, 'active')))
    .groupBy(people.id, people.name, accounts.name)
    .orderBy(accounts.name, people.name);
  return rows
    .map((r) => ({ ...r, stale: DISCOVERY_FIELDS.filter((f) => !r.fresh.includes(f)) }))
    .filter((r) => r.stale.length > 0);
}

/** What a note itself said as discovery clauses (for its edit form): one set, whoever it was about. */
export async function noteDiscoveryClauses(db: Database, orgId: string, noteId: string): Promise<string> {
  const rows = await db
    .selectDistinct({ field: discoveryValues.field, value: discoveryValues.value, level: discoveryValues.level })
    .from(discoveryValues)
    .where(and(eq(discoveryValues.orgId, orgId), eq(discoveryValues.noteId, noteId), eq(discoveryValues.source, 'note')));
  const input: DiscoveryInput = {};
  for (const r of rows) {
    if (r.field === 'ready') input.ready = { level: r.level as ReadyLevel, ...(r.value ? { why: r.value } : {}) };
    else input[r.field] = r.value;
  }
  return discoveryClauses(input).join('; ');
}

/**
 * A person's current goal ("where they want to be") when it may go to an
 * engineering channel: confirmed, and not from an internal note. A goal the
 * team keeps internal is not replaced by an older shared one: that would show
 * where they no longer want to be.
 */
export async function shareableGoal(db: Database, orgId: string, personId: string): Promise<string | undefined> {
  const [latest] = await db
    .select({ value: discoveryValues.value, visibility: notes.visibility })
    .from(discoveryValues)
    .leftJoin(notes, eq(notes.id, discoveryValues.noteId))
    .where(and(eq(discoveryValues.orgId, orgId), eq(discoveryValues.personId, personId), eq(discoveryValues.field, 'goal'), eq(discoveryValues.status, 'confirmed')))
    .orderBy(desc(discoveryValues.createdAt), desc(discoveryValues.id))
    .limit(1);
  return latest && latest.visibility !== 'internal' ? latest.value : undefined;
}

/** What we do not know yet about a person (or knew too long ago), for the stakeholder reminder. */
export async function unknownDiscovery(db: Database, orgId: string, personId: string, now: Date): Promise<DiscoveryFieldName[]> {
  const latest = (await loadDiscovery(db, orgId, [personId])).get(personId)?.latest ?? {};
  return staleFields(latest, now);
}
