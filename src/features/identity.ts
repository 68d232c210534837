import { and, eq, sql } from 'drizzle-orm';
import type { Actor } from '../chat/inbound.js';
import type { ChatDirectory, Platform, UserProfile } from '../chat/port.js';
import type { Database } from '../db/client.js';
import { orgs, users, workspaces, type UserRole } from '../db/schema.js';
import type { Clock } from '../domain/clock.js';
import { UserError } from './errors.js';

/**
 * The organisation that existed before there were several: rows from the
 * first wave keep it, and the CLI uses it on a database with no workspace yet.
 */
export const DEFAULT_ORG_ID = '00000000-0000-4000-8000-000000000001';

/** Who is acting, resolved once at the inbound boundary from the verified workspace. */
export interface Identity {
  orgId: string;
  workspaceId: string;
  userId: string;
  timezone: string | null;
  role: UserRole;
  displayName: string;
  /** This request made them the first admin of a new organisation: the reply tells them. */
  firstAdmin?: boolean;
}

async function hasAdmin(db: Database, orgId: string): Promise<boolean> {
  const [row] = await db.select({ id: users.id }).from(users).where(and(eq(users.orgId, orgId), eq(users.role, 'admin'))).limit(1);
  return Boolean(row);
}

/** Serialises creating organisations (hashtext('hallway.orgs')): two new workspaces never share one. */
const ORG_LOCK = sql`select pg_advisory_xact_lock(hashtext('hallway.orgs'))`;

/**
 * The organisation of a workspace (Slack team, Teams tenant), created on first
 * contact. A new workspace gets an organisation of its own; the one exception
 * is an organisation the operator CLI made before anyone connected
 * (`hallway seed-demo`, `import`), which the first workspace to connect adopts.
 */
export async function ensureWorkspace(db: Database, platform: Platform, externalId: string, name?: string): Promise<{ orgId: string; workspaceId: string; created: boolean }> {
  const known = await findWorkspace(db, platform, externalId);
  if (known) return { ...known, created: false };
  return db.transaction(async (tx) => {
    await tx.execute(ORG_LOCK);
    const raced = await findWorkspace(tx, platform, externalId);
    if (raced) return { ...raced, created: false };
    const label = name || (externalId ? `${platform === 'slack' ? 'Slack' : 'Teams'} ${externalId}` : `local ${platform}`);
    const [adopted] = await tx
      .update(orgs)
      .set({ settings: sql`${orgs.settings} - 'adoptable'` })
      .where(eq(orgs.id, sql`(select id from orgs where settings ->> 'adoptable' = 'true' order by created_at limit 1)`))
      .returning({ id: orgs.id });
    const orgId = adopted?.id ?? (await tx.insert(orgs).values({ name: label }).returning({ id: orgs.id }))[0]!.id;
    const [ws] = await tx.insert(workspaces).values({ orgId, platform, externalId, name: label }).returning({ id: workspaces.id });
    return { orgId, workspaceId: ws!.id, created: true };
  });
}

export async function findWorkspace(db: Database, platform: Platform, externalId: string): Promise<{ orgId: string; workspaceId: string } | undefined> {
  const [ws] = await db
    .select({ orgId: workspaces.orgId, workspaceId: workspaces.id })
    .from(workspaces)
    .where(and(eq(workspaces.platform, platform), eq(workspaces.externalId, externalId)));
  return ws;
}

/**
 * Records a platform user without asking the platform about them: someone
 * mentioned in a command, or the owner of a personal chat. Their name is
 * filled in from their profile the first time they are resolved.
 */
export async function ensureActor(db: Database, actor: Actor): Promise<Identity> {
  const { orgId, workspaceId } = await ensureWorkspace(db, actor.platform, actor.workspaceId);
  const [user] = await db
    .insert(users)
    .values({
      orgId,
      workspaceId,
      platform: actor.platform,
      externalId: actor.userId,
      displayName: actor.displayName ?? '',
      timezone: actor.timezone ?? null,
    })
    .onConflictDoUpdate({
      target: [users.platform, users.externalId],
      set: {
        displayName: sql`coalesce(nullif(${actor.displayName ?? ''}, ''), ${users.displayName})`,
        timezone: sql`coalesce(${actor.timezone ?? null}, ${users.timezone})`,
      },
    })
    .returning();
  if (!user) throw new Error('user upsert returned no row');
  return { orgId: user.orgId, workspaceId: user.workspaceId, userId: user.id, timezone: user.timezone, role: user.role, displayName: user.displayName };
}

export async function findUser(db: Database, platform: Actor['platform'], externalId: string) {
  const [row] = await db
    .select()
    .from(users)
    .where(and(eq(users.platform, platform), eq(users.externalId, externalId)));
  return row;
}

export interface IdentityOptions {
  db: Database;
  clock: Clock;
  directory: ChatDirectory;
  /** HALLWAY_ADMINS: `slack:<user id>` / `teams:<AAD object id>`. */
  admins: ReadonlySet<string>;
  /** HALLWAY_ALLOWED_WORKSPACES; undefined = every workspace is welcome. */
  allowedWorkspaces?: ReadonlySet<string>;
  /** How long a resolved identity is reused without asking the database (default 60 s). */
  ttlMs?: number;
  /** How long a platform profile (name, zone, admin flag) is trusted (default 24 h). */
  profileTtlMs?: number;
}

export interface Identities {
  /** Refuses workspaces outside HALLWAY_ALLOWED_WORKSPACES, before anything is written. */
  allowed(platform: Platform, workspaceExternalId: string): boolean;
  /** Who is acting: organisation, role and name, from a short-lived cache. */
  resolve(actor: Actor): Promise<Identity>;
  /** Drops what is cached about a user (their role or name changed). */
  forget(platform: Platform, userExternalId: string): void;
  /** Drops every cached identity (organisations were merged). */
  clear(): void;
  /** Re-reads a user's profile now (Slack `user_change`). */
  refresh(platform: Platform, userExternalId: string): Promise<void>;
  /** Why a workspace is refused, for the adapters' replies. */
  readonly refusal: string;
}

/**
 * Resolves the actor of every inbound request. Names come from the platform
 * profile (Slack users.info display name, else real name; Teams from.name),
 * never from a handle, and are refreshed once a day. Admin comes from the
 * platform (Slack workspace owners and admins), HALLWAY_ADMINS, a grant by
 * another admin, or being the first person of an organisation that has none.
 */
export function createIdentities(opts: IdentityOptions): Identities {
  const { db, clock, directory, admins } = opts;
  const ttl = opts.ttlMs ?? 60_000;
  const profileTtl = opts.profileTtlMs ?? 24 * 3600_000;
  const cache = new Map<string, { at: number; identity: Identity }>();
  const keyOf = (platform: Platform, userId: string) => `${platform}:${userId}`;

  async function profileOf(actor: Actor): Promise<UserProfile | undefined> {
    // Teams hands the person's name with every activity; Slack only a handle.
    if (actor.platform === 'teams') return { displayName: actor.displayName, timezone: actor.timezone };
    return directory.profile(actor.platform, actor.userId).catch(() => undefined);
  }

  async function load(actor: Actor): Promise<Identity> {
    const now = clock.now();
    const ws = await ensureWorkspace(db, actor.platform, actor.workspaceId);
    const existing = await findUser(db, actor.platform, actor.userId);
    const stale = !existing || !existing.profileAt || now.getTime() - existing.profileAt.getTime() > profileTtl || (actor.platform === 'teams' && actor.displayName && actor.displayName !== existing.displayName);
    const profile = stale ? await profileOf(actor) : undefined;
    // A Slack handle (the slash command's user_name) only when the profile cannot be read at all.
    const named = profile?.displayName || existing?.displayName || actor.displayName || '';
    const timezone = actor.timezone ?? profile?.timezone ?? existing?.timezone ?? null;
    const grantedAdmin = admins.has(keyOf(actor.platform, actor.userId)) || profile?.admin === true;

    const role: UserRole = grantedAdmin ? 'admin' : (existing?.role ?? 'member');
    const values = { displayName: named, timezone, role, ...(profile ? { profileAt: now } : {}) };
    const toIdentity = (user: typeof users.$inferSelect, firstAdmin = false): Identity => ({
      orgId: user.orgId,
      workspaceId: user.workspaceId,
      userId: user.id,
      timezone: user.timezone,
      role: user.role,
      displayName: user.displayName,
      firstAdmin,
    });

    if (role !== 'admin' && !(await hasAdmin(db, ws.orgId))) {
      // The first person of an organisation with no admin becomes one, and is told.
      return db.transaction(async (tx) => {
        await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`hallway.admins.${ws.orgId}`}))`);
        const first = !(await hasAdmin(tx, ws.orgId));
        const user = await write(tx, { ...values, role: first ? 'admin' : role });
        return toIdentity(user, first);
      });
    }
    const changed = !existing || profile || existing.role !== role || existing.timezone !== timezone;
    return toIdentity(changed ? await write(db, values) : existing);

    async function write(q: Database, v: typeof values) {
      const [user] = existing
        ? await q.update(users).set(v).where(eq(users.id, existing.id)).returning()
        : await q
            .insert(users)
            .values({ orgId: ws.orgId, workspaceId: ws.workspaceId, platform: actor.platform, externalId: actor.userId, ...v })
            .onConflictDoUpdate({ target: [users.platform, users.externalId], set: v })
            .returning();
      return user!;
    }
  }

  const identities: Identities = {
    refusal: 'This Hallway serves only the workspaces its operator allowed (HALLWAY_ALLOWED_WORKSPACES); nothing was saved. Ask whoever runs Hallway for your company to add this workspace.',
    allowed(_platform, workspaceExternalId) {
      return !opts.allowedWorkspaces || opts.allowedWorkspaces.has(workspaceExternalId);
    },
    async resolve(actor) {
      if (!identities.allowed(actor.platform, actor.workspaceId)) throw new UserError('workspace_not_allowed', identities.refusal);
      const key = keyOf(actor.platform, actor.userId);
      const hit = cache.get(key);
      const now = clock.now().getTime();
      if (hit && now - hit.at < ttl && (!actor.displayName || actor.platform !== 'teams' || actor.displayName === hit.identity.displayName)) return hit.identity;
      const identity = await load(actor);
      // The first-admin notice is said once; later hits are plain.
      cache.set(key, { at: now, identity: { ...identity, firstAdmin: false } });
      return identity;
    },
    forget(platform, userExternalId) {
      cache.delete(keyOf(platform, userExternalId));
    },
    clear() {
      cache.clear();
    },
    async refresh(platform, userExternalId) {
      const user = await findUser(db, platform, userExternalId);
      identities.forget(platform, userExternalId);
      if (!user) return;
      const profile = await directory.profile(platform, userExternalId).catch(() => undefined);
      if (!profile) return;
      await db
        .update(users)
        .set({
          ...(profile.displayName ? { displayName: profile.displayName } : {}),
          ...(profile.timezone ? { timezone: profile.timezone } : {}),
          ...(profile.admin ? { role: 'admin' as const } : {}),
          profileAt: clock.now(),
        })
        .where(eq(users.id, user.id));
    },
  };
  return identities;
}
