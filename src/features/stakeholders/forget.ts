import { and, eq, ilike, inArray, or } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { accounts, auditLog, followUps, notePeople, notes, people, stories } from '../../db/schema.js';
import { nameKey } from '../../domain/names.js';

export const REMOVED = '[removed]';

export interface Forgotten {
  people: Array<{ id: string; name: string; account: string }>;
  notes: number;
}

export async function peopleNamed(db: Database, orgId: string, name: string) {
  return db
    .select({ id: people.id, name: people.name, account: accounts.name })
    .from(people)
    .innerJoin(accounts, eq(accounts.id, people.accountId))
    .where(and(eq(people.orgId, orgId), eq(people.nameKey, nameKey(name))));
}

/**
 * Erases everyone of this name in the org: the people rows (their roles,
 * changes and note links go with them), and the name inside notes, follow-ups
 * and stories, which keep their text with "[removed]" in its place. In notes
 * that were with the person, their first name alone is removed too. The audit
 * entry records ids and counts, never the name.
 */
export async function forgetPerson(db: Database, orgId: string, name: string, by: string | null, now: Date): Promise<Forgotten> {
  const found = await peopleNamed(db, orgId, name);
  if (found.length === 0) return { people: [], notes: 0 };
  const ids = found.map((p) => p.id);
  const fullNames = [...new Set(found.map((p) => p.name))];
  const firstNames = [...new Set(found.map((p) => p.name.split(/\s+/)[0]!).filter((f) => f.length >= 3 && !fullNames.includes(f)))];

  return db.transaction(async (tx) => {
    const linked = new Set(
      (await tx.select({ noteId: notePeople.noteId }).from(notePeople).where(inArray(notePeople.personId, ids))).map((r) => r.noteId),
    );
    const mentions = or(...fullNames.map((n) => or(ilike(notes.rawText, `%${likeEscape(n)}%`), ilike(notes.summary, `%${likeEscape(n)}%`), ilike(notes.quote, `%${likeEscape(n)}%`))));
    const touched = await tx
      .select()
      .from(notes)
      .where(and(eq(notes.orgId, orgId), linked.size ? or(inArray(notes.id, [...linked]), mentions) : mentions));
    for (const note of touched) {
      const names = linked.has(note.id) ? [...fullNames, ...firstNames] : fullNames;
      const scrub = (s: string) => redact(s, names);
      await tx
        .update(notes)
        .set({
          rawText: scrub(note.rawText),
          summary: note.summary === null ? null : scrub(note.summary),
          quote: note.quote === null ? null : scrub(note.quote),
          pains: note.pains.map(scrub),
          wants: note.wants.map(scrub),
        })
        .where(eq(notes.id, note.id));
    }
    const noteIds = touched.map((n) => n.id);
    if (noteIds.length) {
      for (const f of await tx.select().from(followUps).where(inArray(followUps.noteId, noteIds))) {
        await tx.update(followUps).set({ text: redact(f.text, fullNames) }).where(eq(followUps.id, f.id));
      }
      for (const s of await tx.select().from(stories).where(or(inArray(stories.noteId, noteIds), inArray(stories.personId, ids)))) {
        const names = linked.has(s.noteId) ? [...fullNames, ...firstNames] : fullNames;
        await tx
          .update(stories)
          .set({ title: redact(s.title, names), body: redact(s.body, names), quote: s.quote === null ? null : redact(s.quote, names) })
          .where(eq(stories.id, s.id));
      }
    }
    await tx.delete(people).where(inArray(people.id, ids));
    await tx.insert(auditLog).values({
      orgId,
      actorId: by,
      action: 'person.forget',
      subject: ids.join(','),
      detail: { people: ids.length, notes: noteIds.length },
      createdAt: now,
    });
    return { people: found, notes: noteIds.length };
  });
}

/** Whole-word, case-insensitive; longest names first so "Dana Lee" goes before "Dana". */
export function redact(text: string, names: string[]): string {
  let out = text;
  for (const n of [...names].sort((a, b) => b.length - a.length)) {
    const pattern = n.trim().split(/\s+/).map(escapeRegExp).join('\\s+');
    out = out.replace(new RegExp(`(?<![\\p{L}\\p{N}])${pattern}(?![\\p{L}\\p{N}])`, 'giu'), REMOVED);
  }
  return out;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function likeEscape(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}
