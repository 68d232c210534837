import { createHash, randomBytes } from 'node:crypto';
import { and, asc, eq, getTableColumns, gt, is, isNull, ne, sql } from 'drizzle-orm';
import { alias, PgTable as PgTableClass, type PgTable } from 'drizzle-orm/pg-core';
import type { Sealer } from '../../crypto.js';
import type { Database } from '../../db/client.js';
import * as schema from '../../db/schema.js';
import { accounts, auditLog, orgs, pairCodes, users, workspaces } from '../../db/schema.js';

/*
 * Organisations as a whole: which one an operator command or a webhook call
 * means, the organisation's webhook secret, and pairing two organisations
 * into one.
 */

export const PAIR_CODE_MINUTES = 15;

/** Every table whose rows belong to an organisation, read from the schema so a new table is never missed. */
const ORG_TABLES: PgTable[] = (Object.values(schema) as unknown[]).filter(
  (t): t is PgTable => is(t, PgTableClass) && 'orgId' in getTableColumns(t),
);
/** Tables that point at an account, whose rows follow an account that is merged into another. */
const ACCOUNT_TABLES = ORG_TABLES.filter((t) => 'accountId' in getTableColumns(t) && t !== accounts);

export class OrgChoiceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OrgChoiceError';
  }
}

/**
 * The organisation an operator command acts on: the one owning the Slack team
 * or Teams tenant named by --org; the only one there is; or, on a database
 * with none yet, a new one that the first workspace to connect will adopt.
 */
export async function orgForCli(db: Database, workspaceExternalId?: string): Promise<string> {
  if (workspaceExternalId) {
    const [ws] = await db.select({ orgId: workspaces.orgId }).from(workspaces).where(eq(workspaces.externalId, workspaceExternalId));
    if (ws) return ws.orgId;
    throw new OrgChoiceError(`no Slack team or Teams tenant "${workspaceExternalId}" is known; ${await knownWorkspaces(db)}`);
  }
  const all = await db.select({ id: orgs.id }).from(orgs).limit(2);
  if (all.length === 1) return all[0]!.id;
  if (all.length > 1) throw new OrgChoiceError(`there are several organisations: name one with --org <Slack team id | Teams tenant id>; ${await knownWorkspaces(db)}`);
  const [created] = await db.insert(orgs).values({ name: 'Hallway', settings: { adoptable: true } }).returning({ id: orgs.id });
  return created!.id;
}

async function knownWorkspaces(db: Database): Promise<string> {
  const rows = await db.select({ platform: workspaces.platform, id: workspaces.externalId, name: workspaces.name }).from(workspaces).orderBy(asc(workspaces.name)).limit(20);
  if (rows.length === 0) return 'none is known yet';
  return `known: ${rows.map((r) => `${r.id || '(local)'} (${r.platform === 'slack' ? 'Slack' : 'Teams'}, ${r.name})`).join(', ')}`;
}

/** The organisation's own secret for the stakeholder webhook, made on first use. */
export async function webhookSecretOf(db: Database, orgId: string, sealer: Sealer | undefined): Promise<string> {
  const context = `webhook:${orgId}`;
  const [row] = await db.select({ secret: orgs.webhookSecret }).from(orgs).where(eq(orgs.id, orgId));
  if (row?.secret) return sealer && row.secret.startsWith('v1:') ? sealer.open(row.secret, context) : row.secret;
  // Hex: nothing in it that a chat client could read as markup.
  const secret = randomBytes(24).toString('hex');
  const stored = sealer ? sealer.seal(secret, context) : secret;
  // Two admins asking at once: the first secret written wins, and both see it.
  await db.update(orgs).set({ webhookSecret: stored }).where(and(eq(orgs.id, orgId), isNull(orgs.webhookSecret)));
  const [after] = await db.select({ secret: orgs.webhookSecret }).from(orgs).where(eq(orgs.id, orgId));
  return sealer && after!.secret!.startsWith('v1:') ? sealer.open(after!.secret!, context) : after!.secret!;
}

/** Candidate secrets for a webhook call: the named organisation's, or the only organisation's (and HALLWAY_WEBHOOK_SECRET). */
export async function webhookCandidates(
  db: Database,
  orgParam: string | undefined,
  envSecret: string | undefined,
  sealer: Sealer | undefined,
): Promise<{ org: () => Promise<string>; secrets: string[] } | { problem: string }> {
  if (orgParam) {
    if (!/^[0-9a-f-]{36}$/i.test(orgParam)) return { problem: 'the org parameter is not an organisation id: copy the URL /hallway webhook shows' };
    const [org] = await db.select({ id: orgs.id }).from(orgs).where(eq(orgs.id, orgParam));
    if (!org) return { problem: 'no such organisation: copy the URL /hallway webhook shows' };
    return { org: async () => org.id, secrets: [await webhookSecretOf(db, org.id, sealer)] };
  }
  const all = await db.select({ id: orgs.id, secret: orgs.webhookSecret }).from(orgs).limit(2);
  if (all.length > 1) return { problem: 'this Hallway serves several organisations: add ?org=<id> to the URL, as /hallway webhook shows' };
  // Nobody has connected yet: a verified call makes the organisation the first workspace will adopt.
  if (all.length === 0) return { org: () => orgForCli(db), secrets: envSecret ? [envSecret] : [] };
  const only = all[0]!;
  const secrets = [...(envSecret ? [envSecret] : []), ...(only.secret ? [await webhookSecretOf(db, only.id, sealer)] : [])];
  return { org: async () => only.id, secrets };
}

const hashCode = (code: string) => createHash('sha256').update(code.trim().toUpperCase()).digest('hex');

/** A one-time code, e.g. "K7QM-4TXD", valid for 15 minutes. Only its hash is stored. */
export async function createPairCode(db: Database, orgId: string, by: string, now: Date): Promise<{ code: string; expiresAt: Date }> {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = randomBytes(8);
  const chars = [...bytes].map((b) => alphabet[b % alphabet.length]).join('');
  const code = `${chars.slice(0, 4)}-${chars.slice(4)}`;
  const expiresAt = new Date(now.getTime() + PAIR_CODE_MINUTES * 60_000);
  await db.insert(pairCodes).values({ orgId, codeHash: hashCode(code), createdBy: by, expiresAt, createdAt: now });
  await db.insert(auditLog).values({ orgId, actorId: by, action: 'org.pair_code', detail: { expiresAt: expiresAt.toISOString() }, createdAt: now });
  return { code, expiresAt };
}

export type PairResult =
  | { ok: true; orgName: string; merged: { accounts: number; moved: number } }
  | { ok: false; reason: 'unknown' | 'used' | 'expired' | 'same' };

/**
 * Joins the organisation of the workspace that typed the code (`fromOrgId`)
 * to the one that made it. The two become one: every workspace, person and
 * row of the joining organisation moves over; an account of the same name
 * merges into the existing one (its notes, people and changes follow it).
 */
export async function redeemPairCode(db: Database, code: string, fromOrgId: string, by: string, now: Date): Promise<PairResult> {
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(pairCodes).where(eq(pairCodes.codeHash, hashCode(code))).for('update');
    if (!row) return { ok: false, reason: 'unknown' } as const;
    if (row.usedAt) return { ok: false, reason: 'used' } as const;
    if (row.expiresAt.getTime() <= now.getTime()) return { ok: false, reason: 'expired' } as const;
    if (row.orgId === fromOrgId) return { ok: false, reason: 'same' } as const;
    await tx.update(pairCodes).set({ usedAt: now }).where(and(eq(pairCodes.id, row.id), isNull(pairCodes.usedAt)));

    const into = row.orgId;
    // Same name, one account: the joining org's account folds into the existing one.
    const existing = alias(accounts, 'existing');
    const pairs = await tx
      .select({ fromId: accounts.id, intoId: existing.id })
      .from(accounts)
      .innerJoin(existing, and(eq(existing.orgId, into), eq(existing.nameKey, accounts.nameKey)))
      .where(eq(accounts.orgId, fromOrgId));
    for (const { fromId, intoId } of pairs) {
      for (const t of ACCOUNT_TABLES) {
        await tx.execute(sql`update ${t} set account_id = ${intoId} where account_id = ${fromId}`);
      }
      await tx.delete(accounts).where(eq(accounts.id, fromId));
    }
    const moved = (await tx.select({ id: accounts.id }).from(accounts).where(eq(accounts.orgId, fromOrgId))).length;
    for (const t of ORG_TABLES) {
      await tx.execute(sql`update ${t} set org_id = ${into} where org_id = ${fromOrgId}`);
    }
    await tx.delete(orgs).where(eq(orgs.id, fromOrgId));
    const [org] = await tx.select({ name: orgs.name }).from(orgs).where(eq(orgs.id, into));
    await tx.insert(auditLog).values({ orgId: into, actorId: by, action: 'org.pair', subject: fromOrgId, detail: { mergedAccounts: pairs.length, movedAccounts: moved }, createdAt: now });
    return { ok: true, orgName: org?.name ?? '', merged: { accounts: pairs.length, moved } } as const;
  });
}

/** Admins and managers by name, and how many members. */
export async function rolesOf(db: Database, orgId: string) {
  return db
    .select({ id: users.id, name: users.displayName, role: users.role, platform: users.platform })
    .from(users)
    .where(and(eq(users.orgId, orgId), ne(users.role, 'member')))
    .orderBy(asc(users.role), asc(users.displayName));
}

export async function memberCount(db: Database, orgId: string): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(users).where(and(eq(users.orgId, orgId), eq(users.role, 'member')));
  return Number(row?.n ?? 0);
}

export async function adminCount(db: Database, orgId: string, except?: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(users)
    .where(and(eq(users.orgId, orgId), eq(users.role, 'admin'), except ? ne(users.id, except) : undefined));
  return Number(row?.n ?? 0);
}

export async function setRole(db: Database, orgId: string, userId: string, role: schema.UserRole, by: string, now: Date): Promise<void> {
  await db.transaction(async (tx) => {
    const [before] = await tx.select({ role: users.role }).from(users).where(and(eq(users.orgId, orgId), eq(users.id, userId)));
    await tx.update(users).set({ role }).where(and(eq(users.orgId, orgId), eq(users.id, userId)));
    await tx.insert(auditLog).values({ orgId, actorId: by, action: 'user.role', subject: userId, detail: { from: before?.role ?? null, to: role }, createdAt: now });
  });
}

export async function orgWorkspaceCount(db: Database, orgId: string): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(workspaces).where(eq(workspaces.orgId, orgId));
  return Number(row?.n ?? 0);
}

export async function liveCodes(db: Database, orgId: string, now: Date): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(pairCodes)
    .where(and(eq(pairCodes.orgId, orgId), isNull(pairCodes.usedAt), gt(pairCodes.expiresAt, now)));
  return Number(row?.n ?? 0);
}

