import { and, eq, inArray, ne } from 'drizzle-orm';
import { DateTime } from 'luxon';
import type { Actor, CommandName } from '../../chat/inbound.js';
import type { Database } from '../../db/client.js';
import {
  accounts,
  followUps,
  notePeople,
  notes,
  people,
  stakeholderChanges,
  stakeholderRoles,
  users,
  type Account,
  type FollowUp,
  type Note,
  type Person,
} from '../../db/schema.js';
import { localDate } from '../../domain/local.date.js';
import type { NoteDraft } from '../../domain/note.types.js';
import { resolveAccount } from '../accounts/account.resolver.js';
import { recordDiscovery, replaceNoteDiscovery } from '../discovery/discovery.store.js';
import { UserError } from '../errors.js';
import type { Identity } from '../identity.js';
import { ensureActor } from '../identity.js';
import { insertNoteAtOnce, quickPeople, readAccountWithRoster } from './note.quick.js';
import { resolvePeople, touchLastContact } from './people.js';

export interface SavedNote {
  note: Note;
  account: Account;
  people: Person[];
  /** People this note added to the account's roster. */
  newPeople: Person[];
  followUps: Array<FollowUp & { ownerName: string }>;
  /** True when this was a retried request and the note already existed. */
  replay: boolean;
}

export interface SaveOptions {
  actor: Actor;
  now: Date;
  /** The author's zone, for "when" and due dates. */
  timezone: string;
  /** `<platform>:<request id>`: a retried request saves nothing new. */
  idempotencyKey?: string;
  /** The command to re-run after picking one of several accounts, and to echo back. */
  retry: { command: CommandName; text: string };
  /** Platform user id chosen as follow-up owner in the form. */
  followUpOwner?: string;
}

/** Thrown inside the transaction to roll back what a retried request created. */
class AlreadySaved extends Error {}

/** The instant of the call: now if it was today, else midday of that day in the author's zone. */
export function metAtOf(metOn: string | undefined, now: Date, timezone: string): Date {
  const today = localDate(now, timezone);
  if (!metOn || metOn === today) return now;
  return DateTime.fromISO(metOn, { zone: timezone }).set({ hour: 12 }).toJSDate();
}

export async function saveNote(db: Database, who: Identity, draft: NoteDraft, opts: SaveOptions): Promise<SavedNote> {
  const key = opts.idempotencyKey;
  const metAt = metAtOf(draft.metOn, opts.now, opts.timezone);
  const values = { ...noteColumns(draft, metAt), rawText: rawTextOf(opts), idempotencyKey: key ?? null, createdAt: opts.now };
  const replayed = async (): Promise<SavedNote> => {
    const existing = key ? await findByKey(db, who.orgId, key) : undefined;
    if (!existing) throw new Error('a note with this idempotency key was saved and then vanished');
    return loadSaved(db, existing, true);
  };

  const read = await readAccountWithRoster(db, who.orgId, draft.account);
  // Discovery clauses take the full path: they are kept per person, with their history.
  const met = read && !draft.discovery && quickPeople(draft, read.roster);
  if (read && met) {
    const personIds = met.map((p) => p.id);
    const note = await insertNoteAtOnce(db, { who, accountId: read.account.id, personIds, values }).catch((err: unknown) => {
      // Someone removed a person or the account since the read: the full path sorts it out.
      if (isForeignKeyViolation(err)) return 'retry' as const;
      throw err;
    });
    if (note === undefined) return replayed();
    if (note !== 'retry') {
      const people = met
        .map((p) => ({ ...p, lastContactAt: p.lastContactAt && p.lastContactAt > metAt ? p.lastContactAt : metAt }))
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      // The same rule as loadSaved, so a replay of this request answers the same.
      const newPeople = people.filter((p) => p.createdAt.getTime() === note.createdAt.getTime());
      return { note, account: read.account, people, newPeople, followUps: [], replay: false };
    }
  }

  try {
    const note = await db.transaction(async (tx) => {
      const { account } = await resolveAccount(tx, who.orgId, draft.account, { createFor: who.userId, retry: opts.retry });
      const echo = `/${opts.retry.command} ${opts.retry.text}`.trim();
      const resolved = await resolvePeople(tx, who.orgId, account.id, draft.people, { now: opts.now, echo });
      const [note] = await tx
        .insert(notes)
        .values({ ...values, orgId: who.orgId, authorId: who.userId, accountId: account.id })
        .onConflictDoNothing()
        .returning();
      if (!note) throw new AlreadySaved();
      await linkPeople(tx, who.orgId, note.id, resolved.map((r) => r.person.id));
      if (draft.discovery) await recordDiscovery(tx, { orgId: who.orgId, personIds: resolved.map((r) => r.person.id), input: draft.discovery, at: metAt, setBy: who.userId, noteId: note.id, source: 'note' });
      await addFollowUps(tx, who, note.id, draft, opts);
      await touchLastContact(tx, resolved.map((r) => r.person.id), metAt);
      return note;
    });
    return loadSaved(db, note, false);
  } catch (err) {
    if (!(err instanceof AlreadySaved) || !key) throw err;
    return replayed();
  }
}

function isForeignKeyViolation(err: unknown): boolean {
  for (let e: unknown = err; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    if ((e as { code?: unknown }).code === '23503') return true;
  }
  return false;
}

/** Edit: the note takes the submitted values; follow-ups already done stay done. */
export async function updateNote(db: Database, who: Identity, noteId: string, draft: NoteDraft, opts: SaveOptions): Promise<SavedNote> {
  const newIds = await db.transaction(async (tx) => {
    const note = await ownNote(tx, who, noteId);
    const { account } = await resolveAccount(tx, who.orgId, draft.account, { createFor: who.userId, retry: opts.retry });
    const echo = `/${opts.retry.command} ${opts.retry.text}`.trim();
    const resolved = await resolvePeople(tx, who.orgId, account.id, draft.people, { now: opts.now, echo });
    const metAt = metAtOf(draft.metOn, opts.now, opts.timezone);
    await tx
      .update(notes)
      .set({ ...noteColumns(draft, metAt), accountId: account.id, rawText: `${note.rawText}\n(edited) ${rawTextOf(opts)}` })
      .where(eq(notes.id, note.id));
    await tx.delete(notePeople).where(eq(notePeople.noteId, note.id));
    await linkPeople(tx, who.orgId, note.id, resolved.map((r) => r.person.id));
    await replaceNoteDiscovery(tx, { orgId: who.orgId, personIds: resolved.map((r) => r.person.id), input: draft.discovery ?? {}, at: metAt, setBy: who.userId, noteId: note.id, source: 'note' });
    const done = await tx.select({ text: followUps.text }).from(followUps).where(and(eq(followUps.noteId, note.id), eq(followUps.status, 'done')));
    await tx.delete(followUps).where(and(eq(followUps.noteId, note.id), ne(followUps.status, 'done')));
    const open = { ...draft, followUps: draft.followUps.filter((f) => !done.some((d) => d.text === f.text)) };
    await addFollowUps(tx, who, note.id, open, opts);
    await touchLastContact(tx, resolved.map((r) => r.person.id), metAt);
    return resolved.filter((r) => r.created).map((r) => r.person.id);
  });
  const saved = await loadSaved(db, (await db.select().from(notes).where(eq(notes.id, noteId)))[0]!, false);
  return { ...saved, newPeople: saved.people.filter((p) => newIds.includes(p.id)) };
}

/** Undo: the note goes, with its follow-ups and anyone it alone added who has not been used since. */
export async function deleteNote(db: Database, who: Identity, noteId: string): Promise<{ account: string } | undefined> {
  return db.transaction(async (tx) => {
    const [note] = await tx.select().from(notes).where(and(eq(notes.id, noteId), eq(notes.orgId, who.orgId)));
    if (!note) return undefined;
    if (note.authorId !== who.userId) throw new UserError('not_your_note', 'Only the author of a note can undo it.');
    const [account] = await tx.select({ name: accounts.name }).from(accounts).where(eq(accounts.id, note.accountId));
    const added = await tx
      .select({ id: people.id })
      .from(notePeople)
      .innerJoin(people, eq(people.id, notePeople.personId))
      .where(and(eq(notePeople.noteId, note.id), eq(people.createdAt, note.createdAt)));
    await tx.delete(notes).where(eq(notes.id, note.id));
    const addedIds = added.map((a) => a.id);
    if (addedIds.length) {
      const stillUsed = [
        ...(await tx.select({ id: notePeople.personId }).from(notePeople).where(inArray(notePeople.personId, addedIds))),
        ...(await tx.select({ id: stakeholderRoles.personId }).from(stakeholderRoles).where(inArray(stakeholderRoles.personId, addedIds))),
        ...(await tx.select({ id: stakeholderChanges.personId }).from(stakeholderChanges).where(inArray(stakeholderChanges.personId, addedIds))),
      ].map((r) => r.id);
      const unused = addedIds.filter((id) => !stillUsed.includes(id));
      if (unused.length) await tx.delete(people).where(inArray(people.id, unused));
    }
    return { account: account?.name ?? 'the account' };
  });
}

export async function ownNote(db: Database, who: Identity, noteId: string): Promise<Note> {
  const [note] = await db.select().from(notes).where(and(eq(notes.id, noteId), eq(notes.orgId, who.orgId)));
  if (!note) throw new UserError('note_gone', 'That note no longer exists (it may have been undone).');
  if (note.authorId !== who.userId) throw new UserError('not_your_note', 'Only the author of a note can change it.');
  return note;
}

function noteColumns(draft: NoteDraft, metAt: Date) {
  return {
    metAt,
    summary: draft.summary || null,
    quote: draft.quote ?? null,
    pains: draft.pains,
    wants: draft.wants,
    sentiment: draft.sentiment ?? null,
    visibility: draft.internal ? ('internal' as const) : ('shared' as const),
    consentToQuote: draft.consentToQuote,
    tags: draft.tags,
  };
}

function rawTextOf(opts: SaveOptions): string {
  return opts.retry.text || '(form)';
}

async function linkPeople(db: Database, orgId: string, noteId: string, personIds: string[]): Promise<void> {
  if (personIds.length) await db.insert(notePeople).values(personIds.map((personId) => ({ orgId, noteId, personId }))).onConflictDoNothing();
}

async function addFollowUps(db: Database, who: Identity, noteId: string, draft: NoteDraft, opts: SaveOptions): Promise<void> {
  for (const f of draft.followUps) {
    const platformOwner = f.ownerUserId ?? opts.followUpOwner;
    const ownerId =
      platformOwner && platformOwner !== opts.actor.userId
        ? (await ensureActor(db, { platform: opts.actor.platform, workspaceId: opts.actor.workspaceId, userId: platformOwner })).userId
        : who.userId;
    await db.insert(followUps).values({ orgId: who.orgId, noteId, ownerId, text: f.text, dueOn: f.dueOn ?? null, createdAt: opts.now });
  }
}

async function findByKey(db: Database, orgId: string, key: string): Promise<Note | undefined> {
  const [note] = await db.select().from(notes).where(and(eq(notes.orgId, orgId), eq(notes.idempotencyKey, key)));
  return note;
}

/** A saved note with what its confirmation shows. */
export async function loadSaved(db: Database, note: Note, replay: boolean): Promise<SavedNote> {
  const [account] = await db.select().from(accounts).where(eq(accounts.id, note.accountId));
  const met = await db
    .select({ person: people })
    .from(notePeople)
    .innerJoin(people, eq(people.id, notePeople.personId))
    .where(eq(notePeople.noteId, note.id))
    .orderBy(people.name);
  const fus = await db
    .select({ followUp: followUps, ownerName: users.displayName })
    .from(followUps)
    .innerJoin(users, eq(users.id, followUps.ownerId))
    .where(eq(followUps.noteId, note.id))
    .orderBy(followUps.createdAt, followUps.text);
  const all = met.map((m) => m.person);
  return {
    note,
    account: account!,
    people: all,
    // Added in the same instant as the note: by it (people.ts writes both from one clock reading).
    newPeople: all.filter((p) => p.createdAt.getTime() === note.createdAt.getTime()),
    followUps: fus.map((f) => ({ ...f.followUp, ownerName: f.ownerName })),
    replay,
  };
}
