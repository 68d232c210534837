import { and, eq, ne } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { followUps, notes, people, replanFlows, stakeholderChanges, type ReplanFlow } from '../../db/schema.js';
import { fill, planOf, type ReplanTree } from './replan.engine.js';
import type { Situation } from './replan.facts.js';

export interface SavedPlan {
  summary: { label: string; value: string }[];
  followUp?: { text: string; dueOn: string };
  changeClosed: boolean;
}

/**
 * The last step: what was answered goes on the person (objectives, style,
 * preferences: only what was answered, so a skipped step keeps what is on
 * file), the summary becomes an internal plan note on the account that
 * carries the intro-call follow-up, the change is closed and the re-plan
 * done. The plan note names nobody in note_people: it is not a call, so it
 * must not count as contact with the person (going cold, closing changes).
 */
export async function savePlan(db: Database, tree: ReplanTree, flow: ReplanFlow, s: Situation, by: string, now: Date): Promise<SavedPlan> {
  const plan = planOf(tree, [...flow.trail, flow.step], flow.answers);
  const summaryText = [`Re-plan for ${s.person.name}`, ...plan.lines.map((l) => `${l.label}: ${l.value}`)].join('\n');
  const followUp = plan.firstTouchBy ? { text: fill(tree.followUp, s.words), dueOn: plan.firstTouchBy } : undefined;
  return db.transaction(async (tx) => {
    const [done] = await tx
      .update(replanFlows)
      .set({ status: 'done', summary: summaryText, completedAt: now, updatedAt: now })
      .where(and(eq(replanFlows.id, flow.id), eq(replanFlows.orgId, flow.orgId), eq(replanFlows.status, 'open')))
      .returning({ id: replanFlows.id });
    // Saved twice (a double click): the first save stands.
    if (!done) return { summary: plan.lines, changeClosed: false };
    const person: Partial<typeof people.$inferInsert> = {};
    if (plan.objectives) person.objectives = plan.objectives;
    if (plan.operatingStyle) person.operatingStyle = plan.operatingStyle;
    if (plan.preferences) person.preferences = plan.preferences;
    if (Object.keys(person).length) await tx.update(people).set(person).where(and(eq(people.id, s.person.id), eq(people.orgId, flow.orgId)));
    const [note] = await tx
      .insert(notes)
      .values({
        orgId: flow.orgId,
        authorId: by,
        accountId: s.account.id,
        metAt: now,
        summary: summaryText,
        rawText: summaryText,
        visibility: 'internal',
        consentToQuote: false,
        tags: ['replan'],
        createdAt: now,
      })
      .returning({ id: notes.id });
    if (followUp) await tx.insert(followUps).values({ orgId: flow.orgId, noteId: note!.id, ownerId: by, text: followUp.text, dueOn: followUp.dueOn, createdAt: now });
    await tx.update(replanFlows).set({ noteId: note!.id }).where(eq(replanFlows.id, flow.id));
    if (flow.changeId) {
      await tx
        .update(stakeholderChanges)
        .set({ status: 'done', acknowledgedAt: now, snoozedUntil: null })
        .where(and(eq(stakeholderChanges.id, flow.changeId), eq(stakeholderChanges.orgId, flow.orgId), ne(stakeholderChanges.status, 'done')));
    }
    return { summary: plan.lines, ...(followUp ? { followUp } : {}), changeClosed: Boolean(flow.changeId) };
  });
}
