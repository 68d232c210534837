import { and, eq, inArray, isNotNull } from 'drizzle-orm';
import type { Platform } from '../chat/port.js';
import { coalesce } from '../coalesce.js';
import type { Sealer } from '../crypto.js';
import type { Database } from '../db/client.js';
import { auditLog, conversations, users, workspaces } from '../db/schema.js';
import { ensureWorkspace } from './identity.js';

/**
 * App installations per workspace (a Slack team that ran the OAuth install).
 * The core does not know what an installation looks like: the adapter hands
 * over its bot token and whatever else it must get back (`data`, JSON), and
 * both are sealed together into workspaces.bot_token_enc. The sealed value is
 * bound to (platform, external id), so it cannot be moved to another row.
 * Nothing here logs a token; lookups answer undefined when nothing is known.
 *
 * A token is looked up for every post. Lookups made while one is under way
 * go together in one query (a fan-out posts to many channels at once), and
 * a sealed value opened once is not opened again (the channels of a
 * workspace share it); the database is still asked every time, so a removed
 * or replaced token is never used.
 */
export interface InstallationRecord {
  botToken: string;
  /** Adapter-owned, opaque to the core (for Slack: Bolt's Installation). */
  data: unknown;
}

/** Thrown for a workspace outside HALLWAY_ALLOWED_WORKSPACES: nothing is stored. */
export class WorkspaceRefusedError extends Error {
  constructor(readonly externalId: string) {
    super(`workspace ${externalId} is not in HALLWAY_ALLOWED_WORKSPACES`);
    this.name = 'WorkspaceRefusedError';
  }
}

export interface Installations {
  /** `installer`: the platform user who installed the app, who becomes an admin of the organisation. */
  save(platform: Platform, externalId: string, name: string, record: InstallationRecord, installer?: string): Promise<void>;
  find(platform: Platform, externalId: string): Promise<InstallationRecord | undefined>;
  /** Forgets the token; the workspace, its users and conversations stay. */
  remove(platform: Platform, externalId: string): Promise<void>;
  /** The bot token of the workspace a stored conversation belongs to. */
  tokenForConversation(platform: Platform, key: string): Promise<string | undefined>;
  /** The bot token of the workspace a known user belongs to. */
  tokenForUser(platform: Platform, userId: string): Promise<string | undefined>;
}

const contextOf = (platform: Platform, externalId: string) => `workspace:${platform}:${externalId}`;

/** Opened tokens kept, by sealed value; the oldest goes first. */
const OPENED_KEPT = 1_000;

export function createInstallations(
  db: Database,
  sealer: Sealer,
  clock: { now(): Date },
  allowed: (platform: Platform, externalId: string) => boolean = () => true,
): Installations {
  const open = (platform: Platform, externalId: string, sealed: string | null | undefined): InstallationRecord | undefined => {
    if (!sealed) return undefined;
    return JSON.parse(sealer.open(sealed, contextOf(platform, externalId))) as InstallationRecord;
  };
  // The context is part of the key: a sealed value copied onto another workspace's row must still fail to open.
  const opened = new Map<string, string | undefined>();
  const tokenOf = (platform: Platform, row: { externalId: string; sealed: string | null } | undefined): string | undefined => {
    if (!row?.sealed) return undefined;
    const key = `${contextOf(platform, row.externalId)} ${row.sealed}`;
    if (opened.has(key)) return opened.get(key);
    const token = open(platform, row.externalId, row.sealed)?.botToken;
    if (opened.size >= OPENED_KEPT) opened.delete(opened.keys().next().value!);
    opened.set(key, token);
    return token;
  };
  /** The workspace (external id, sealed record) of each conversation or user asked for, in one query per platform. */
  const lookup = (source: typeof conversations | typeof users) =>
    coalesce(async (wanted: Array<{ platform: Platform; key: string }>) => {
      const found = new Map<string, { externalId: string; sealed: string | null }>();
      for (const platform of new Set(wanted.map((w) => w.platform))) {
        const keys = [...new Set(wanted.filter((w) => w.platform === platform).map((w) => w.key))];
        const rows = await db
          .select({ key: source.externalId, externalId: workspaces.externalId, sealed: workspaces.botTokenEnc })
          .from(source)
          .innerJoin(workspaces, eq(workspaces.id, source.workspaceId))
          .where(and(eq(source.platform, platform), inArray(source.externalId, keys), isNotNull(workspaces.botTokenEnc)));
        for (const r of rows) found.set(`${platform} ${r.key}`, r);
      }
      return wanted.map((w) => found.get(`${w.platform} ${w.key}`));
    });
  const conversationWorkspace = lookup(conversations);
  const userWorkspace = lookup(users);

  return {
    async save(platform, externalId, name, record, installer) {
      if (!allowed(platform, externalId)) throw new WorkspaceRefusedError(externalId);
      const { orgId, workspaceId } = await ensureWorkspace(db, platform, externalId, name);
      const botTokenEnc = sealer.seal(JSON.stringify(record), contextOf(platform, externalId));
      const now = clock.now();
      await db.update(workspaces).set({ name, botTokenEnc, installedAt: now }).where(eq(workspaces.id, workspaceId));
      if (!installer) return;
      // Whoever installs the app is an admin of its organisation.
      const [user] = await db
        .insert(users)
        .values({ orgId, workspaceId, platform, externalId: installer, displayName: '', role: 'admin' })
        .onConflictDoUpdate({ target: [users.platform, users.externalId], set: { role: 'admin' } })
        .returning({ id: users.id });
      await db.insert(auditLog).values({ orgId, actorId: user!.id, action: 'user.role', subject: user!.id, detail: { to: 'admin', why: 'installed the app' }, createdAt: now });
    },

    async find(platform, externalId) {
      const [row] = await db
        .select({ sealed: workspaces.botTokenEnc })
        .from(workspaces)
        .where(and(eq(workspaces.platform, platform), eq(workspaces.externalId, externalId)));
      return open(platform, externalId, row?.sealed);
    },

    async remove(platform, externalId) {
      await db
        .update(workspaces)
        .set({ botTokenEnc: null })
        .where(and(eq(workspaces.platform, platform), eq(workspaces.externalId, externalId)));
    },

    async tokenForConversation(platform, key) {
      return tokenOf(platform, await conversationWorkspace({ platform, key }));
    },

    async tokenForUser(platform, userId) {
      return tokenOf(platform, await userWorkspace({ platform, key: userId }));
    },
  };
}
