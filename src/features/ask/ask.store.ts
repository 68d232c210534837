import { and, desc, eq, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { accounts, conversations, notePeople, notes, people, stakeholderRoles, users } from '../../db/schema.js';
import type { AskSource } from '../../domain/ask.guardrails.js';
import type { SearchText } from '../../domain/ask.question.js';
import type { Identity } from '../identity.js';
import { noteVisibleTo } from './note.visibility.js';

export const SOURCES_SHOWN = 5;

export interface Named {
  accounts: Array<{ id: string; name: string }>;
  people: Array<{ id: string; name: string; nameKey: string }>;
  /** Name keys found, to leave out of the text search. */
  keys: string[];
}

/** Accounts and people of the organisation whose whole name the question uses. */
export async function findNamed(db: Database, orgId: string, candidates: string[]): Promise<Named> {
  if (!candidates.length) return { accounts: [], people: [], keys: [] };
  const accs = await db
    .select({ id: accounts.id, name: accounts.name, nameKey: accounts.nameKey })
    .from(accounts)
    .where(and(eq(accounts.orgId, orgId), inArray(accounts.nameKey, candidates)));
  const ppl = await db
    .select({ id: people.id, name: people.name, nameKey: people.nameKey })
    .from(people)
    .where(and(eq(people.orgId, orgId), inArray(people.nameKey, candidates)))
    .limit(50);
  return { accounts: accs, people: ppl, keys: [...new Set([...accs, ...ppl].map((x) => x.nameKey))] };
}

/** notes.search is a generated column added by migration, kept out of schema.ts so ordinary reads never fetch it. */
const SEARCH = sql.raw('"notes"."search"');

/** Whether websearch_to_tsquery finds any word to search for (it drops stop words such as "the"). */
export async function hasSearchWords(db: Database, text: string): Promise<boolean> {
  if (!text) return false;
  const [row] = await db
    .select({ n: sql<number>`numnode(websearch_to_tsquery('english', ${text}))`.mapWith(Number) })
    .from(sql`(values (1)) as one(x)`);
  return (row?.n ?? 0) > 0;
}

export interface Ranked {
  ids: string[];
  total: number;
}

/**
 * The notes the asker may see that answer the question, best first: the
 * text rank, plus a half for a note with every word, plus one for a note at
 * an account the question names and one for a note with a person it names.
 * Without search words, the named accounts' and people's notes, newest first.
 */
export async function rankNotes(db: Database, who: Identity, q: { text?: SearchText; named: Named }): Promise<Ranked> {
  const accountIds = q.named.accounts.map((a) => a.id);
  const personIds = q.named.people.map((p) => p.id);
  const atAccount = accountIds.length ? inArray(notes.accountId, accountIds) : undefined;
  const withPerson = personIds.length
    ? sql`exists (select 1 from ${notePeople} where ${notePeople.noteId} = ${notes.id} and ${inArray(notePeople.personId, personIds)})`
    : undefined;
  const query = (text: string) => sql`websearch_to_tsquery('english', ${text})`;
  const match: SQL | undefined = q.text ? sql`${SEARCH} @@ ${query(q.text.any)}` : or(atAccount, withPerson);
  if (!match) return { ids: [], total: 0 };
  const boost = (cond: SQL | undefined, by = 1) => (cond ? sql`(case when ${cond} then ${sql.raw(String(by))} else 0 end)` : sql`0`);
  const rank = q.text ? sql`ts_rank(${SEARCH}, ${query(q.text.any)}) + ${boost(sql`${SEARCH} @@ ${query(q.text.all)}`, 0.5)}` : sql`0`;
  const rows = await db
    .select({
      id: notes.id,
      score: sql<number>`${rank} + ${boost(atAccount)} + ${boost(withPerson)}`.as('score'),
      total: sql<number>`count(*) over ()`.mapWith(Number),
    })
    .from(notes)
    .innerJoin(accounts, eq(accounts.id, notes.accountId))
    .where(and(eq(notes.orgId, who.orgId), match, noteVisibleTo(who)))
    .orderBy(desc(sql`score`), desc(notes.metAt), desc(notes.id))
    .limit(SOURCES_SHOWN);
  return { ids: rows.map((r) => r.id), total: rows[0]?.total ?? 0 };
}

/** The notes as sources, in the order of `ids`; only those the reader may see. */
export async function loadSources(db: Database, who: Identity, ids: string[]): Promise<AskSource[]> {
  if (!ids.length) return [];
  const rows = await db
    .select({
      noteId: notes.id,
      account: accounts.name,
      quote: notes.quote,
      consentToQuote: notes.consentToQuote,
      summary: notes.summary,
      pains: notes.pains,
      wants: notes.wants,
      visibility: notes.visibility,
      metAt: notes.metAt,
      loggedBy: users.displayName,
    })
    .from(notes)
    .innerJoin(accounts, eq(accounts.id, notes.accountId))
    .innerJoin(users, eq(users.id, notes.authorId))
    .where(and(eq(notes.orgId, who.orgId), inArray(notes.id, ids), noteVisibleTo(who)));
  const met = await db
    .select({ noteId: notePeople.noteId, personId: people.id, name: people.name, title: people.title })
    .from(notePeople)
    .innerJoin(people, eq(people.id, notePeople.personId))
    .where(and(eq(notePeople.orgId, who.orgId), inArray(notePeople.noteId, ids)))
    .orderBy(people.name);
  const roles = met.length
    ? await db
        .select({ personId: stakeholderRoles.personId, role: stakeholderRoles.role })
        .from(stakeholderRoles)
        .where(and(eq(stakeholderRoles.orgId, who.orgId), inArray(stakeholderRoles.personId, met.map((m) => m.personId)), isNull(stakeholderRoles.until)))
        .orderBy(stakeholderRoles.since)
    : [];
  const byId = new Map(rows.map((r) => [r.noteId, r]));
  return ids.flatMap((id): AskSource[] => {
    const r = byId.get(id);
    if (!r) return [];
    return [
      {
        noteId: r.noteId,
        account: r.account,
        people: met
          .filter((m) => m.noteId === id)
          .map((m) => {
            const role = roles.find((x) => x.personId === m.personId)?.role ?? m.title ?? undefined;
            return role ? { name: m.name, role } : { name: m.name };
          }),
        ...(r.quote ? { quote: r.quote } : {}),
        consentToQuote: r.consentToQuote,
        ...(r.summary ? { summary: r.summary } : {}),
        pains: r.pains,
        wants: r.wants,
        internal: r.visibility === 'internal',
        metAt: r.metAt,
        loggedBy: r.loggedBy,
      },
    ];
  });
}

/** The customer account a (Slack Connect) channel is shared with, if any. */
export async function channelCustomer(db: Database, orgId: string, platform: string, key: string): Promise<string | undefined> {
  const [row] = await db
    .select({ name: accounts.name })
    .from(conversations)
    .innerJoin(accounts, eq(accounts.id, conversations.accountId))
    .where(and(eq(conversations.orgId, orgId), eq(conversations.platform, platform as 'slack' | 'teams'), eq(conversations.externalId, key)));
  return row?.name;
}
