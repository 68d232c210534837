import { and, eq } from 'drizzle-orm';
import type { NoteEnrichment } from '../../ai/note.enricher.js';
import type { Database } from '../../db/client.js';
import { discoveryValues, notePeople, type Note } from '../../db/schema.js';
import { DISCOVERY_FIELDS, hasDiscovery, type DiscoveryInput } from '../../domain/discovery.js';
import { recordDiscovery } from './discovery.store.js';

/**
 * What the model read about discovery in a note, kept as suggestions for the
 * people it names: shown as "suggested" until the account owner confirms
 * one. Fields the author wrote as clauses in the same note are left alone.
 */
export async function suggestDiscovery(db: Database, note: Note, found: NoteEnrichment['discovery']): Promise<number> {
  if (!found) return 0;
  const input: DiscoveryInput = {
    ...(found.need ? { need: found.need } : {}),
    ...(found.now ? { now: found.now } : {}),
    ...(found.goal ? { goal: found.goal } : {}),
    ...(found.ready ? { ready: { level: found.ready, ...(found.ready_why ? { why: found.ready_why } : {}) } } : {}),
    ...(found.capacity ? { capacity: found.capacity } : {}),
  };
  const written = await db
    .select({ field: discoveryValues.field })
    .from(discoveryValues)
    .where(and(eq(discoveryValues.orgId, note.orgId), eq(discoveryValues.noteId, note.id), eq(discoveryValues.source, 'note')));
  for (const w of written) delete input[w.field];
  if (!hasDiscovery(input)) return 0;
  const met = await db.select({ id: notePeople.personId }).from(notePeople).where(and(eq(notePeople.orgId, note.orgId), eq(notePeople.noteId, note.id)));
  if (!met.length) return 0;
  await recordDiscovery(db, { orgId: note.orgId, personIds: met.map((m) => m.id), input, at: note.metAt, setBy: null, noteId: note.id, source: 'ai', status: 'suggested' });
  return DISCOVERY_FIELDS.filter((f) => input[f] !== undefined).length;
}
