import { eq } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { AiModel } from '../../ai/client.js';
import { extractNoteFields } from '../../ai/note.enricher.js';
import type { Database } from '../../db/client.js';
import { notePeople, notes } from '../../db/schema.js';
import type { Clock } from '../../domain/clock.js';
import { suggestDiscovery } from '../discovery/discovery.suggest.js';
import { UserError } from '../errors.js';
import { resolvePeople, touchLastContact } from './people.js';

export type EnrichOutcome = 'enriched' | 'skipped' | 'failed';

/** True for a note written as free text: no quote, pains or wants of the author's own. */
export function wantsEnrichment(n: { quote: string | null; pains: string[]; wants: string[]; summary: string | null }): boolean {
  return !n.quote && !n.pains.length && !n.wants.length && Boolean(n.summary?.trim());
}

/**
 * Fills in the empty parts of a saved note from its text with the model.
 * Whatever the author wrote stays: only empty fields are set, read again
 * under a row lock so an edit made meanwhile wins. Never throws.
 */
export async function enrichNote(deps: { db: Database; ai: AiModel; log: Logger; clock: Clock }, noteId: string): Promise<EnrichOutcome> {
  const { db, log } = deps;
  try {
    const [before] = await db.select().from(notes).where(eq(notes.id, noteId));
    if (!before || !wantsEnrichment(before)) return 'skipped';
    const found = await extractNoteFields(deps.ai, before.summary!);
    if (!found) {
      log.warn({ noteId }, 'note enrichment: the model answered nothing usable; the note stays as typed');
      return 'failed';
    }
    await db.transaction(async (tx) => {
      const [note] = await tx.select().from(notes).where(eq(notes.id, noteId)).for('update');
      if (!note) return;
      await tx
        .update(notes)
        .set({
          quote: note.quote ?? found.quote,
          pains: note.pains.length ? note.pains : found.pains,
          wants: note.wants.length ? note.wants : found.wants,
          sentiment: note.sentiment ?? found.sentiment,
          enrichedAt: deps.clock.now(),
        })
        .where(eq(notes.id, noteId));
      const linked = await tx.select({ id: notePeople.personId }).from(notePeople).where(eq(notePeople.noteId, noteId));
      if (linked.length || !found.people.length) return;
      // One at a time: a name the model found that matches two people is skipped, not fatal.
      const resolved = [];
      for (const p of found.people) {
        try {
          resolved.push(...(await resolvePeople(tx, note.orgId, note.accountId, [p.title ? { name: p.name, title: p.title } : { name: p.name }], { now: deps.clock.now(), echo: note.rawText })));
        } catch (err) {
          if (!(err instanceof UserError)) throw err;
        }
      }
      if (!resolved.length) return;
      const ids = resolved.map((r) => r.person.id);
      await tx.insert(notePeople).values(ids.map((personId) => ({ orgId: note.orgId, noteId, personId }))).onConflictDoNothing();
      await touchLastContact(tx, ids, note.metAt);
    });
    await suggestDiscovery(db, before, found.discovery);
    return 'enriched';
  } catch (err) {
    log.warn({ err, noteId }, 'note enrichment failed; the note stays as typed');
    return 'failed';
  }
}
