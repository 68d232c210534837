import { and, eq, lt } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { webhookSignatures } from '../../db/schema.js';
import type { Clock } from '../../domain/clock.js';
import { WEBHOOK_WINDOW_SECONDS } from '../../domain/stakeholder.webhook.js';

/**
 * Signatures seen within the webhook's window, per organisation (each signs
 * with its own secret), so the same signed request cannot be played twice:
 * a replayed "active" after a "left" would otherwise bring someone back.
 * Older rows cannot be replayed anyway (their timestamp is stale) and go.
 */
export interface ReplayGuard {
  /** True the first time this organisation sees `signature`; false for a replay. */
  firstUse(orgId: string, signature: string): Promise<boolean>;
  /** Forgets a signature whose request failed on our side, so the sender may retry it as it was. */
  release(orgId: string, signature: string): Promise<void>;
}

export function createReplayGuard(db: Database, clock: Clock): ReplayGuard {
  return {
    async firstUse(orgId, signature) {
      const now = clock.now();
      // Either side of now: a timestamp may be up to the window ahead of our clock.
      const expired = new Date(now.getTime() - 2 * WEBHOOK_WINDOW_SECONDS * 1000);
      await db.delete(webhookSignatures).where(and(eq(webhookSignatures.orgId, orgId), lt(webhookSignatures.seenAt, expired)));
      const rows = await db
        .insert(webhookSignatures)
        .values({ orgId, signature, seenAt: now })
        .onConflictDoNothing()
        .returning({ signature: webhookSignatures.signature });
      return rows.length > 0;
    },
    async release(orgId, signature) {
      await db.delete(webhookSignatures).where(and(eq(webhookSignatures.orgId, orgId), eq(webhookSignatures.signature, signature)));
    },
  };
}
