import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { accounts, notePeople, notes, people, type Account, type Note, type Person } from '../../db/schema.js';
import { nameKey, nameProblem } from '../../domain/names.js';
import type { NoteDraft } from '../../domain/note.types.js';
import type { Identity } from '../identity.js';

/*
 * The common call note, in two round trips instead of a transaction of ten:
 * an account the book already has (by its exact name), people already on its
 * roster, no follow-ups. One read finds the account and its roster; one
 * statement writes the note, its people and their last contact
 * (data-modifying CTEs: atomic without BEGIN/COMMIT). Both are prepared once
 * per database, so drizzle builds their SQL once. Anything else
 * (a new or ambiguous account or person, a title to fill in, follow-ups)
 * returns undefined and saveNote takes its transactional path.
 */

export interface QuickRead {
  account: Account;
  roster: Person[];
}

const accountWithRoster = (db: Database) =>
  db
    .select({ account: accounts, person: people })
    .from(accounts)
    .leftJoin(people, and(eq(people.accountId, accounts.id), eq(people.orgId, accounts.orgId)))
    .where(and(eq(accounts.orgId, sql.placeholder('orgId')), eq(accounts.nameKey, sql.placeholder('key'))))
    .prepare('note_account_with_roster');

// Prepared once per database: drizzle builds the SQL text once instead of per call.
const prepared = new WeakMap<Database, ReturnType<typeof accountWithRoster>>();

/** The account named exactly so, with its roster; undefined when none is. */
export async function readAccountWithRoster(db: Database, orgId: string, typed: string): Promise<QuickRead | undefined> {
  if (nameProblem(typed)) return undefined;
  let query = prepared.get(db);
  if (!query) prepared.set(db, (query = accountWithRoster(db)));
  const rows = await query.execute({ orgId, key: nameKey(typed) });
  if (!rows.length) return undefined;
  return { account: rows[0]!.account, roster: rows.flatMap((r) => (r.person ? [r.person] : [])) };
}

/** The roster members a draft names, or undefined if any needs the full path. */
export function quickPeople(draft: NoteDraft, roster: Person[]): Person[] | undefined {
  if (draft.followUps.length) return undefined;
  const out: Person[] = [];
  for (const t of draft.people) {
    const key = nameKey(t.name);
    const exact = roster.find((p) => p.nameKey === key);
    const prefixed = exact ? [] : roster.filter((p) => p.nameKey.startsWith(`${key} `));
    const found = exact ?? (prefixed.length === 1 ? prefixed[0] : undefined);
    // Unknown, ambiguous, or a title to fill in: people.ts decides and explains.
    if (!found || (t.title && !found.title)) return undefined;
    if (!out.includes(found)) out.push(found);
  }
  return out;
}

/** The note's own columns, as saveNote computes them (all of them: a prepared statement has no optional columns). */
export interface QuickNoteValues {
  metAt: Date;
  summary: string | null;
  quote: string | null;
  pains: string[];
  wants: string[];
  sentiment: string | null;
  visibility: Note['visibility'];
  consentToQuote: boolean;
  tags: string[];
  rawText: string;
  idempotencyKey: string | null;
  createdAt: Date;
}

export interface QuickInsert {
  who: Identity;
  accountId: string;
  personIds: string[];
  values: QuickNoteValues;
}

const p = sql.placeholder;

/*
 * The note, its people (an array parameter, so one statement fits any number
 * of them, none included) and their last contact, as one prepared statement.
 */
const noteAtOnce = (db: Database) => {
  const note = db.$with('note').as(
    db
      .insert(notes)
      .values({
        orgId: p('orgId'),
        authorId: p('authorId'),
        accountId: p('accountId'),
        metAt: p('metAt'),
        summary: p('summary'),
        quote: p('quote'),
        pains: p('pains'),
        wants: p('wants'),
        sentiment: p('sentiment'),
        visibility: p('visibility'),
        consentToQuote: p('consentToQuote'),
        tags: p('tags'),
        rawText: p('rawText'),
        idempotencyKey: p('idempotencyKey'),
        createdAt: p('createdAt'),
      })
      .onConflictDoNothing()
      .returning(),
  );
  const personIds = sql`${p('personIds')}::uuid[]`;
  const written = sql`exists (select 1 from ${note})`;
  const linked = db.$with('linked').as(db.insert(notePeople).select(sql`select ${note.orgId}, ${note.id}, unnest(${personIds}) from ${note}`));
  const touched = db.$with('touched').as(
    db
      .update(people)
      .set({ lastContactAt: sql`greatest(${people.lastContactAt}, (select ${note.metAt} from ${note}))` })
      .where(and(eq(people.orgId, p('orgId')), sql`${people.id} = any(${personIds})`, written)),
  );
  return db.with(note, linked, touched).select().from(note).prepare('note_insert_at_once');
};
const preparedInsert = new WeakMap<Database, ReturnType<typeof noteAtOnce>>();

/**
 * Writes the note and what goes with it in one statement. Undefined when a
 * note with the same idempotency key exists (nothing else is written then).
 */
export async function insertNoteAtOnce(db: Database, q: QuickInsert): Promise<Note | undefined> {
  let query = preparedInsert.get(db);
  if (!query) preparedInsert.set(db, (query = noteAtOnce(db)));
  const { values, who } = q;
  const [row] = await query.execute({
    ...values,
    orgId: who.orgId,
    authorId: who.userId,
    accountId: q.accountId,
    // A Postgres array literal (uuids need no quoting): the same text for both drivers.
    personIds: `{${q.personIds.join(',')}}`,
  });
  return row;
}
