import { and, eq } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { replanFlows, type ReplanFlow } from '../../db/schema.js';

/** The re-plan rows: one open per person, every query scoped by org. */
export function createReplanStore(db: Database) {
  return {
    async byId(orgId: string, id: string): Promise<ReplanFlow | undefined> {
      const [row] = await db.select().from(replanFlows).where(and(eq(replanFlows.id, id), eq(replanFlows.orgId, orgId)));
      return row;
    },

    async openFor(orgId: string, personId: string): Promise<ReplanFlow | undefined> {
      const [row] = await db
        .select()
        .from(replanFlows)
        .where(and(eq(replanFlows.orgId, orgId), eq(replanFlows.personId, personId), eq(replanFlows.status, 'open')));
      return row;
    },

    /** The open re-plan of this person, started now if there is none (two clicks at once get the same one). */
    async openOrStart(orgId: string, personId: string, start: { changeId: string | null; by: string; step: string; now: Date }): Promise<{ flow: ReplanFlow; resumed: boolean }> {
      const existing = await this.openFor(orgId, personId);
      if (existing) return { flow: existing, resumed: true };
      const [created] = await db
        .insert(replanFlows)
        .values({ orgId, personId, changeId: start.changeId, startedBy: start.by, step: start.step, createdAt: start.now, updatedAt: start.now })
        .onConflictDoNothing()
        .returning();
      if (created) return { flow: created, resumed: false };
      const raced = await this.openFor(orgId, personId);
      if (!raced) throw new Error('a re-plan was started and vanished');
      return { flow: raced, resumed: true };
    },

    async move(flow: ReplanFlow, to: { step: string; trail: string[]; answers: Record<string, string>; now: Date }): Promise<ReplanFlow> {
      const [row] = await db
        .update(replanFlows)
        .set({ step: to.step, trail: to.trail, answers: to.answers, updatedAt: to.now })
        .where(and(eq(replanFlows.id, flow.id), eq(replanFlows.orgId, flow.orgId), eq(replanFlows.status, 'open')))
        .returning();
      return row ?? flow;
    },
  };
}

export type ReplanStore = ReturnType<typeof createReplanStore>;
