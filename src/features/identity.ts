import { and, eq, sql } from 'drizzle-orm';
import type { Actor } from '../chat/inbound.js';
import type { Database } from '../db/client.js';
import { orgs, users, workspaces } from '../db/schema.js';

/**
 * One company installs Hallway: every Slack workspace and Teams tenant it
 * connects shares this organisation's book of customers.
 */
export const DEFAULT_ORG_ID = '00000000-0000-4000-8000-000000000001';

export interface Identity {
  orgId: string;
  workspaceId: string;
  userId: string;
  timezone: string | null;
  role: string;
}

export async function ensureOrg(db: Database): Promise<string> {
  await db.insert(orgs).values({ id: DEFAULT_ORG_ID, name: 'Hallway' }).onConflictDoNothing();
  return DEFAULT_ORG_ID;
}

export async function ensureWorkspace(db: Database, platform: Actor['platform'], externalId: string): Promise<{ orgId: string; workspaceId: string }> {
  const orgId = await ensureOrg(db);
  const [ws] = await db
    .insert(workspaces)
    .values({ orgId, platform, externalId, name: externalId || `local ${platform}` })
    .onConflictDoUpdate({ target: [workspaces.platform, workspaces.externalId], set: { externalId } })
    .returning({ id: workspaces.id, orgId: workspaces.orgId });
  if (!ws) throw new Error('workspace upsert returned no row');
  return { orgId: ws.orgId, workspaceId: ws.id };
}

/** Records (or refreshes) who is acting; called on every inbound request. */
export async function ensureActor(db: Database, actor: Actor): Promise<Identity> {
  const { orgId, workspaceId } = await ensureWorkspace(db, actor.platform, actor.workspaceId);
  const [user] = await db
    .insert(users)
    .values({
      orgId,
      workspaceId,
      platform: actor.platform,
      externalId: actor.userId,
      displayName: actor.displayName ?? actor.userId,
      timezone: actor.timezone ?? null,
    })
    .onConflictDoUpdate({
      target: [users.platform, users.externalId],
      set: {
        displayName: sql`coalesce(${actor.displayName ?? null}, ${users.displayName})`,
        timezone: sql`coalesce(${actor.timezone ?? null}, ${users.timezone})`,
      },
    })
    .returning({ id: users.id, timezone: users.timezone, role: users.role });
  if (!user) throw new Error('user upsert returned no row');
  return { orgId, workspaceId, userId: user.id, timezone: user.timezone, role: user.role };
}

export async function findUser(db: Database, platform: Actor['platform'], externalId: string) {
  const [row] = await db
    .select()
    .from(users)
    .where(and(eq(users.platform, platform), eq(users.externalId, externalId)));
  return row;
}
