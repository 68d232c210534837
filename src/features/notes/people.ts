import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { people, type Person } from '../../db/schema.js';
import { cleanName, nameKey } from '../../domain/names.js';
import type { NotePersonInput } from '../../domain/note.types.js';
import { UserError } from '../errors.js';

export interface ResolvedPerson {
  person: Person;
  /** Not on the account's roster before this note. */
  created: boolean;
}

/**
 * The account's people a note names: the same name in any case, else the one
 * person whose name starts with the typed words ("Dana" → "Dana Lee"; whole
 * words only, so "Jim" never becomes "Jimmy"). Anyone else is added, with
 * the title given. A title for someone known without one is filled in;
 * a different title is left to /stakeholder, which records role changes.
 */
export async function resolvePeople(
  db: Database,
  orgId: string,
  accountId: string,
  typed: NotePersonInput[],
  opts: { now: Date; echo: string },
): Promise<ResolvedPerson[]> {
  if (!typed.length) return [];
  const roster = await db.select().from(people).where(and(eq(people.orgId, orgId), eq(people.accountId, accountId)));
  const out: ResolvedPerson[] = [];
  for (const t of typed) {
    const key = nameKey(t.name);
    const exact = roster.find((p) => p.nameKey === key);
    const prefixed = exact ? [] : roster.filter((p) => p.nameKey.startsWith(`${key} `));
    if (prefixed.length > 1) {
      throw new UserError(
        'person_ambiguous',
        `"${t.name}" could be ${prefixed.map((p) => p.name).join(' or ')}.`,
        opts.echo,
        'Write the full name of the person you met.',
      );
    }
    const found = exact ?? prefixed[0];
    if (found) {
      if (t.title && !found.title) {
        await db.update(people).set({ title: t.title }).where(eq(people.id, found.id));
        found.title = t.title;
      }
      if (!out.some((o) => o.person.id === found.id)) out.push({ person: found, created: false });
      continue;
    }
    const [created] = await db
      .insert(people)
      .values({ orgId, accountId, name: cleanName(t.name), nameKey: key, title: t.title ?? null, createdAt: opts.now })
      .onConflictDoNothing()
      .returning();
    const person =
      created ??
      // Someone added them a moment ago.
      (await db.select().from(people).where(and(eq(people.accountId, accountId), eq(people.nameKey, key))))[0];
    if (!person) throw new Error(`person ${key} vanished while being added`);
    roster.push(person);
    out.push({ person, created: Boolean(created) });
  }
  return out;
}

/** A note is a contact: the people met were last seen then (never moved back in time). */
export async function touchLastContact(db: Database, personIds: string[], at: Date): Promise<void> {
  if (!personIds.length) return;
  await db
    .update(people)
    .set({ lastContactAt: sql`greatest(${people.lastContactAt}, ${at.toISOString()}::timestamptz)` })
    .where(inArray(people.id, personIds));
}
