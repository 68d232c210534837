import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { accounts, notePeople, notes, people, users, type Account, type Note, type Person } from '../../db/schema.js';
import { nameKey, nameProblem } from '../../domain/names.js';
import type { NoteDraft } from '../../domain/note.types.js';
import type { Identity } from '../identity.js';

/*
 * The common call note, in two round trips instead of a transaction of ten:
 * an account the book already has (by its exact name), people already on its
 * roster, no follow-ups. One read finds the account and its roster; one
 * statement writes the note, its people, their last contact and the author's
 * role (data-modifying CTEs: atomic without BEGIN/COMMIT). Anything else
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

export interface QuickInsert {
  who: Identity;
  accountId: string;
  personIds: string[];
  values: Omit<typeof notes.$inferInsert, 'orgId' | 'authorId' | 'accountId'>;
}

/**
 * Writes the note and what goes with it in one statement. Undefined when a
 * note with the same idempotency key exists (nothing else is written then).
 */
export async function insertNoteAtOnce(db: Database, q: QuickInsert): Promise<Note | undefined> {
  const { who, personIds } = q;
  const metAt = q.values.metAt!;
  const note = db.$with('note').as(
    db
      .insert(notes)
      .values({ ...q.values, orgId: who.orgId, authorId: who.userId, accountId: q.accountId })
      .onConflictDoNothing()
      .returning(),
  );
  const written = sql`exists (select 1 from ${note})`;
  const linked = db.$with('linked').as(
    db.insert(notePeople).select(sql`select ${who.orgId}::uuid, ${note.id}, p from ${note}, unnest(${sql`array[${sql.join(personIds.map((id) => sql`${id}::uuid`), sql`, `)}]::uuid[]`}) as p`),
  );
  const touched = db.$with('touched').as(
    db
      .update(people)
      .set({ lastContactAt: sql`greatest(${people.lastContactAt}, ${metAt.toISOString()}::timestamptz)` })
      .where(and(eq(people.orgId, who.orgId), inArray(people.id, personIds), written)),
  );
  const [row] = personIds.length ? await db.with(note, linked, touched).select().from(note) : await db.with(note).select().from(note);
  return row;
}
