import { and, desc, eq, inArray, isNull, ne, or } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Database } from '../../db/client.js';
import { localDate } from '../../domain/local.date.js';
import { accounts, followUps, notePeople, notes, people, stakeholderChanges, stakeholderRoles, users, type Note } from '../../db/schema.js';
import type { AccountOverview } from '../../messages/note.account.message.js';
import type { NoteSummary } from '../../messages/note.messages.js';
import { seesAccountInternals } from '../access.js';
import { loadDiscovery } from '../discovery/discovery.store.js';
import { discoveryView } from '../discovery/discovery.view.js';
import type { Identity } from '../identity.js';
import type { SavedNote } from './note.store.js';

const NOTES_SHOWN = 5;

export async function loadAccountOverview(db: Database, who: Identity, accountId: string, zone: string, now: Date): Promise<AccountOverview> {
  const day = (d: Date) => localDate(d, zone);
  const today = now ? day(now) : undefined;
  const [account] = await db
    .select({ name: accounts.name, owner: users.displayName, ownerId: accounts.ownerId })
    .from(accounts)
    .leftJoin(users, eq(users.id, accounts.ownerId))
    .where(and(eq(accounts.orgId, who.orgId), eq(accounts.id, accountId)));
  if (!account) throw new Error(`account ${accountId} is not in organisation ${who.orgId}`);

  const roster = await db.select().from(people).where(eq(people.accountId, accountId)).orderBy(people.name);
  const roles = await db
    .select({ personId: stakeholderRoles.personId, role: stakeholderRoles.role })
    .from(stakeholderRoles)
    .where(and(eq(stakeholderRoles.accountId, accountId), isNull(stakeholderRoles.until)));

  const discovery = await loadDiscovery(db, who.orgId, roster.filter((p) => p.status === 'active').map((p) => p.id));
  // Internal notes: the owner, managers and admins see them all; anyone else only the ones they wrote.
  const internalOk = seesAccountInternals(who, account);
  const shown = internalOk ? undefined : or(ne(notes.visibility, 'internal'), eq(notes.authorId, who.userId));
  const visible = and(eq(notes.accountId, accountId), shown);
  const recent = await db
    .select({ note: notes, author: users.displayName })
    .from(notes)
    .innerJoin(users, eq(users.id, notes.authorId))
    .where(visible)
    .orderBy(desc(notes.metAt), desc(notes.createdAt))
    .limit(NOTES_SHOWN);
  const hiddenInternal = internalOk
    ? 0
    : (await db.select({ id: notes.id }).from(notes).where(and(eq(notes.accountId, accountId), eq(notes.visibility, 'internal'), ne(notes.authorId, who.userId)))).length;
  const summaries = await summarise(db, recent.map((r) => r.note), zone);

  const previous = alias(people, 'previous');
  const changes = await db
    .select({ c: stakeholderChanges, person: people.name, previous: previous.name })
    .from(stakeholderChanges)
    .innerJoin(people, eq(people.id, stakeholderChanges.personId))
    .leftJoin(previous, eq(previous.id, stakeholderChanges.previousPersonId))
    .where(and(eq(stakeholderChanges.accountId, accountId), inArray(stakeholderChanges.status, ['open', 'snoozed'])))
    .orderBy(desc(stakeholderChanges.createdAt));

  const open = await db
    .select({ f: followUps, owner: users.displayName, visibility: notes.visibility })
    .from(followUps)
    .innerJoin(notes, eq(notes.id, followUps.noteId))
    .innerJoin(users, eq(users.id, followUps.ownerId))
    .where(and(eq(notes.accountId, accountId), eq(followUps.status, 'open'), shown))
    .orderBy(followUps.dueOn);

  return {
    name: account?.name ?? '',
    owner: account?.owner ?? undefined,
    people: roster.map((p) => ({
      personId: p.id,
      name: p.name,
      title: p.title,
      roles: roles.filter((r) => r.personId === p.id).map((r) => r.role),
      objectives: p.objectives,
      lastContact: p.lastContactAt ? day(p.lastContactAt) : undefined,
      left: p.status === 'left',
      ...(p.status === 'active' ? { discovery: discoveryView(discovery.get(p.id), now, zone) } : {}),
    })),
    notes: recent.map((r, i) => ({ ...summaries[i]!, author: r.author })),
    hiddenInternal,
    changes: changes.map(({ c, person, previous: prev }) => ({
      text: changeText(c.kind, person, c.role, prev),
      status: c.status,
      since: day(c.createdAt),
    })),
    followUps: open.map((o) => ({ text: o.f.text, dueOn: o.f.dueOn, owner: o.owner })),
    today,
  };
}

function changeText(kind: string, person: string, role: string | null, previous: string | null): string {
  const as = role ? ` as ${role}` : '';
  switch (kind) {
    case 'joined':
      return `${person} joined${as}`;
    case 'left':
      return `${person} left`;
    case 'replaced':
      return `${person} replaced ${previous ?? 'someone'}${as}`;
    default:
      return `${person} changed role${role ? ` to ${role}` : ''}`;
  }
}

/** A note just written, summarised from what was written: no query. */
export function summaryOfSaved(saved: SavedNote, zone: string): NoteSummary {
  return {
    ...summaryFields(saved.note, zone),
    account: saved.account.name,
    people: saved.people.map((p) => ({ name: p.name, title: p.title })),
    followUps: saved.followUps.map((f) => ({ text: f.text, dueOn: f.dueOn, ownerName: f.ownerName })),
  };
}

function summaryFields(n: Note, zone: string) {
  return {
    noteId: n.id,
    metOn: localDate(n.metAt, zone),
    summary: n.summary,
    quote: n.quote,
    pains: n.pains,
    wants: n.wants,
    sentiment: n.sentiment,
    internal: n.visibility === 'internal',
    consentToQuote: n.consentToQuote,
    tags: n.tags,
  };
}

/** Notes as their summaries: people met and follow-ups included. */
export async function summarise(db: Database, list: Note[], zone: string): Promise<NoteSummary[]> {
  if (!list.length) return [];
  const ids = list.map((n) => n.id);
  const met = await db
    .select({ noteId: notePeople.noteId, name: people.name, title: people.title })
    .from(notePeople)
    .innerJoin(people, eq(people.id, notePeople.personId))
    .where(inArray(notePeople.noteId, ids))
    .orderBy(people.name);
  const fus = await db
    .select({ noteId: followUps.noteId, text: followUps.text, dueOn: followUps.dueOn, ownerName: users.displayName })
    .from(followUps)
    .innerJoin(users, eq(users.id, followUps.ownerId))
    .where(inArray(followUps.noteId, ids))
    .orderBy(followUps.createdAt, followUps.text);
  const [acc] = await db.select({ name: accounts.name }).from(accounts).where(eq(accounts.id, list[0]!.accountId));
  return list.map((n) => ({
    ...summaryFields(n, zone),
    account: acc?.name ?? '',
    people: met.filter((m) => m.noteId === n.id),
    followUps: fus.filter((f) => f.noteId === n.id),
  }));
}
