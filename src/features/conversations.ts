import { and, desc, eq, isNotNull } from 'drizzle-orm';
import type { Actor } from '../chat/inbound.js';
import type { ConversationTarget, Platform } from '../chat/port.js';
import type { Database } from '../db/client.js';
import { conversations, processedRequests, users, workspaces, type Conversation } from '../db/schema.js';
import { ensureActor, ensureWorkspace, findUser } from './identity.js';

export interface ConversationRecord {
  platform: Platform;
  /** The opaque key the core addresses the conversation by. */
  key: string;
  workspaceExternalId: string;
  kind: 'channel' | 'group' | 'personal';
  /** Whose DM it is, for a personal conversation (platform user id). */
  userExternalId?: string;
  /** Whatever the adapter needs to reach it again (Teams: the ConversationReference). */
  reference?: Record<string, unknown>;
}

/**
 * Stored on every inbound activity so proactive posts and DMs keep working
 * after a restart: nothing about a conversation lives only in memory.
 */
export async function saveConversation(db: Database, rec: ConversationRecord, now: Date): Promise<void> {
  const { orgId, workspaceId } = await ensureWorkspace(db, rec.platform, rec.workspaceExternalId);
  const userId = rec.userExternalId
    ? (await ensureActor(db, { platform: rec.platform, workspaceId: rec.workspaceExternalId, userId: rec.userExternalId })).userId
    : null;
  await db
    .insert(conversations)
    .values({
      orgId,
      workspaceId,
      platform: rec.platform,
      externalId: rec.key,
      kind: rec.kind,
      userId,
      reference: rec.reference ?? null,
      updatedAt: now,
    })
    .onConflictDoUpdate({
      target: [conversations.platform, conversations.externalId],
      set: { reference: rec.reference ?? null, kind: rec.kind, updatedAt: now, ...(userId ? { userId } : {}) },
    });
}

export async function findConversationReference(db: Database, platform: Platform, key: string): Promise<Record<string, unknown> | undefined> {
  const [row] = await db
    .select({ reference: conversations.reference })
    .from(conversations)
    .where(and(eq(conversations.platform, platform), eq(conversations.externalId, key)));
  return row?.reference ?? undefined;
}

/** The stored one-to-one conversation with a user, if they ever talked to the bot. */
export async function findPersonalConversation(db: Database, platform: Platform, userExternalId: string) {
  const userId = await userIdOf(db, platform, userExternalId);
  if (!userId) return undefined;
  const [row] = await db
    .select({ key: conversations.externalId, reference: conversations.reference })
    .from(conversations)
    .where(and(eq(conversations.platform, platform), eq(conversations.userId, userId), eq(conversations.kind, 'personal')));
  return row;
}

export async function findConversation(db: Database, to: ConversationTarget): Promise<Conversation | undefined> {
  const [row] = await db
    .select()
    .from(conversations)
    .where(and(eq(conversations.platform, to.platform), eq(conversations.externalId, to.key)));
  return row;
}

/**
 * The stored conversation a command came from. The Teams adapter stores every
 * conversation it hears from; Slack slash commands do not, so the first
 * command that needs a Slack channel (a subscription, a story, a link) records it.
 */
export async function ensureConversation(db: Database, to: ConversationTarget, actor: Actor, now: Date): Promise<Conversation> {
  const known = await findConversation(db, to);
  if (known) return known;
  // Slack ids: D… a DM, G… a private group (older workspaces), C… a channel.
  const kind = to.platform === 'slack' && to.key.startsWith('D') ? 'personal' : to.platform === 'slack' && to.key.startsWith('G') ? 'group' : 'channel';
  await saveConversation(
    db,
    { platform: to.platform, key: to.key, workspaceExternalId: actor.workspaceId, kind, userExternalId: kind === 'personal' ? actor.userId : undefined },
    now,
  );
  const saved = await findConversation(db, to);
  if (!saved) throw new Error(`conversation ${to.platform}:${to.key} was not stored`);
  return saved;
}

/** Any stored conversation reference in the workspace the user belongs to, most recent first. */
export async function findReferenceNear(db: Database, platform: Platform, userExternalId: string) {
  const [row] = await db
    .select({ workspaceExternalId: workspaces.externalId, reference: conversations.reference })
    .from(users)
    .innerJoin(workspaces, eq(workspaces.id, users.workspaceId))
    .innerJoin(conversations, eq(conversations.workspaceId, users.workspaceId))
    .where(and(eq(users.platform, platform), eq(users.externalId, userExternalId), isNotNull(conversations.reference)))
    .orderBy(desc(conversations.updatedAt))
    .limit(1);
  return row?.reference ? { workspaceExternalId: row.workspaceExternalId, reference: row.reference } : undefined;
}

/** True the first time a platform request id is seen; false for a retry or redelivery. */
export async function firstDelivery(db: Database, platform: Platform, requestKey: string): Promise<boolean> {
  const rows = await db
    .insert(processedRequests)
    .values({ platform, requestKey })
    .onConflictDoNothing()
    .returning({ key: processedRequests.requestKey });
  return rows.length > 0;
}

async function userIdOf(db: Database, platform: Platform, externalId: string): Promise<string | null> {
  return (await findUser(db, platform, externalId))?.id ?? null;
}

/** What an adapter needs to remember conversations, bound to the database by main.ts. */
export interface ConversationStore {
  save(rec: ConversationRecord): Promise<void>;
  reference(platform: Platform, key: string): Promise<Record<string, unknown> | undefined>;
  personal(platform: Platform, userExternalId: string): Promise<{ key: string; reference: Record<string, unknown> | null } | undefined>;
  firstDelivery(platform: Platform, requestKey: string): Promise<boolean>;
  /** A stored reference from the user's own workspace (tenant), to open a first DM with them. */
  referenceNear(platform: Platform, userExternalId: string): Promise<{ workspaceExternalId: string; reference: Record<string, unknown> } | undefined>;
}

export function createConversationStore(
  db: Database,
  clock: { now(): Date },
  /** HALLWAY_ALLOWED_WORKSPACES: a conversation of any other workspace is never stored. */
  allowed: (platform: Platform, workspaceExternalId: string) => boolean = () => true,
): ConversationStore {
  return {
    save: async (rec) => {
      if (allowed(rec.platform, rec.workspaceExternalId)) await saveConversation(db, rec, clock.now());
    },
    reference: (platform, key) => findConversationReference(db, platform, key),
    personal: (platform, user) => findPersonalConversation(db, platform, user),
    firstDelivery: (platform, key) => firstDelivery(db, platform, key),
    referenceNear: (platform, user) => findReferenceNear(db, platform, user),
  };
}
