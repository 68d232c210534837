import { and, desc, eq, gte, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { accounts, conversations, notePeople, notes, people, stakeholderRoles, users } from '../../db/schema.js';
import type { AskSource } from '../../domain/ask.guardrails.js';
import { nameCandidates, searchText, type SearchText } from '../../domain/ask.question.js';
import type { Identity } from '../identity.js';
import { noteVisibleTo } from '../access.js';

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
  /** Notes that match: within `windowDays` when the search stopped at a window. */
  total: number;
  windowDays?: number;
}

/**
 * A common word matches a large share of a big book, and ranking every match
 * costs a visit to each. So the search looks at the last week first and
 * widens only when that finds too few: the cost follows the matches of a
 * week, not of the book, and what people said lately comes first.
 */
const WINDOWS_DAYS = [7, 90, 365, undefined] as const;

export interface RankInput {
  text?: SearchText;
  named: Named;
  now: Date;
}

/**
 * The notes the asker may see that answer the question, best first. The
 * notes of an account or a person the question names come first (their own
 * few, ranked by the text when there is one); the rest are ranked by the
 * text: its rank, plus a half for a note with every word; newest first on a tie.
 */
export async function rankNotes(db: Database, who: Identity, q: RankInput): Promise<Ranked> {
  const ids: string[] = [];
  let total = 0;
  let windowDays: number | undefined;
  const entity = entityQuery(db, who, q);
  if (entity) {
    const rows = await entity;
    ids.push(...rows.map((r) => r.id));
    total = rows[0]?.total ?? 0;
  }
  if (q.text) {
    for (const days of WINDOWS_DAYS) {
      const since = days === undefined ? undefined : new Date(q.now.getTime() - days * 86_400_000);
      const found = await textQuery(db, who, q.text, since, days === WINDOWS_DAYS[0]);
      for (const r of found) if (!ids.includes(r.id) && ids.length < SOURCES_SHOWN) ids.push(r.id);
      // The window's count comes with its ranking (count(*) over ()), so "N more" costs no second scan.
      total = Math.max(total, found[0]?.total ?? 0, ids.length);
      windowDays = days;
      if (ids.length >= SOURCES_SHOWN) break;
    }
  }
  return { ids, total, ...(windowDays ? { windowDays } : {}) };
}

const tsQuery = (text: string) => sql`websearch_to_tsquery('english', ${text})`;
const textRank = (text: SearchText) => sql`ts_rank(${SEARCH}, ${tsQuery(text.any)}) + (case when ${SEARCH} @@ ${tsQuery(text.all)} then 0.5 else 0 end)`;
const matchCount = sql<number>`count(*) over ()`.mapWith(Number);

function entityMatch(named: Named): SQL | undefined {
  const accountIds = named.accounts.map((a) => a.id);
  const personIds = named.people.map((p) => p.id);
  return or(
    accountIds.length ? inArray(notes.accountId, accountIds) : undefined,
    personIds.length ? sql`exists (select 1 from ${notePeople} where ${notePeople.noteId} = ${notes.id} and ${inArray(notePeople.personId, personIds)})` : undefined,
  );
}

/** The named accounts' and people's notes that match (all of them, without words). */
function entityQuery(db: Database, who: Identity, q: RankInput) {
  const entity = entityMatch(q.named);
  if (!entity) return undefined;
  return db
    .select({ id: notes.id, total: matchCount })
    .from(notes)
    .where(and(eq(notes.orgId, who.orgId), entity, q.text ? sql`${SEARCH} @@ ${tsQuery(q.text.any)}` : undefined, noteVisibleTo(who)))
    .orderBy(...(q.text ? [desc(textRank(q.text))] : []), desc(notes.metAt), desc(notes.id))
    .limit(SOURCES_SHOWN);
}

/**
 * The ranking query over the book, since a day or over all time (bench/ask.ts
 * explains it). For the first week the match is written so the word index is
 * not used: a common word's posting list over the whole book costs more to
 * read (bench: ~100 ms for 110k notes) than the week's notes do by date.
 */
export function textQuery(db: Database, who: Identity, text: SearchText, since?: Date, byDate = false) {
  const searched = byDate ? sql`coalesce(${SEARCH}, ''::tsvector)` : SEARCH;
  return db
    .select({ id: notes.id, total: matchCount })
    .from(notes)
    .where(and(eq(notes.orgId, who.orgId), sql`${searched} @@ ${tsQuery(text.any)}`, since ? gte(notes.metAt, since) : undefined, noteVisibleTo(who)))
    .orderBy(desc(textRank(text)), desc(notes.metAt), desc(notes.id))
    .limit(SOURCES_SHOWN);
}

/**
 * Everything an answer without a model needs: the names the question uses,
 * its words, the best notes the asker may see, and how many matched.
 */
export async function findSources(db: Database, who: Identity, question: string, now: Date): Promise<{ sources: AskSource[]; total: number; windowDays?: number }> {
  const named = await findNamed(db, who.orgId, nameCandidates(question));
  const words = searchText(question, named.keys);
  const text = (await hasSearchWords(db, words.any)) ? words : undefined;
  const ranked = await rankNotes(db, who, { text, named, now });
  return { sources: await loadSources(db, who, ranked.ids), total: ranked.total, ...(ranked.windowDays ? { windowDays: ranked.windowDays } : {}) };
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
