import { eq } from 'drizzle-orm';
import { pino } from 'pino';
import { parseConfig } from '../../../src/config.js';
import type { Database } from '../../../src/db/client.js';
import { accounts, notePeople, notes, people, users } from '../../../src/db/schema.js';
import type { Clock } from '../../../src/domain/clock.js';
import { ensureActor } from '../../../src/features/identity.js';
import { compose } from '../../../src/main.js';
import type { DeliveryKind } from '../../../src/scheduler/types.js';
import { openTestDb } from '../../support/test-db.js';

/*
 * The book of customers a story test needs, written straight to the
 * database: the notes feature is built elsewhere and tests here must not
 * depend on how it parses a note.
 */

export function manualClock(iso: string): Clock & { set(iso: string): void; current: Date } {
  const clock = {
    current: new Date(iso),
    now: () => clock.current,
    set: (to: string) => {
      clock.current = new Date(to);
    },
  };
  return clock;
}

/** The app as main.ts composes it (no HTTP), on this file's test database. */
export async function composeTestApp(clock: Clock, env: Record<string, string> = {}) {
  const db = await openTestDb();
  return compose(parseConfig({ HALLWAY_SCHEDULER: 'off', ...env }), { db, clock, log: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }) });
}

export function deliveryKind(app: { features: Array<{ name: string; deliveries?: DeliveryKind[] }> }, kind: string): DeliveryKind {
  const found = app.features.flatMap((f) => f.deliveries ?? []).find((d) => d.kind === kind);
  if (!found) throw new Error(`no delivery kind ${kind}`);
  return found;
}

export async function user(db: Database, p: { platform?: 'slack' | 'teams'; id: string; name: string; role?: 'admin' | 'manager' | 'member'; workspace?: string }) {
  const who = await ensureActor(db, { platform: p.platform ?? 'slack', workspaceId: p.workspace ?? 'T0HALLWAY', userId: p.id, displayName: p.name });
  if (p.role) await db.update(users).set({ role: p.role }).where(eq(users.id, who.userId));
  return who;
}

export async function account(db: Database, orgId: string, name: string, opts: { ownerId?: string; tags?: string[] } = {}) {
  const [row] = await db
    .insert(accounts)
    .values({ orgId, name, nameKey: name.toLowerCase(), ownerId: opts.ownerId ?? null, tags: opts.tags ?? [] })
    .returning();
  return row!;
}

export interface NoteSpec {
  orgId: string;
  authorId: string;
  accountId: string;
  people?: Array<{ name: string; title?: string }>;
  quote?: string | null;
  summary?: string | null;
  pains?: string[];
  wants?: string[];
  metAt: Date;
  visibility?: 'shared' | 'internal';
  consentToQuote?: boolean;
  tags?: string[];
}

export async function note(db: Database, spec: NoteSpec) {
  const [row] = await db
    .insert(notes)
    .values({
      orgId: spec.orgId,
      authorId: spec.authorId,
      accountId: spec.accountId,
      metAt: spec.metAt,
      quote: spec.quote ?? null,
      summary: spec.summary ?? null,
      pains: spec.pains ?? [],
      wants: spec.wants ?? [],
      visibility: spec.visibility ?? 'shared',
      consentToQuote: spec.consentToQuote ?? true,
      tags: spec.tags ?? [],
      rawText: [spec.summary, spec.quote, ...(spec.pains ?? []), ...(spec.wants ?? [])].filter(Boolean).join(' '),
      createdAt: spec.metAt,
    })
    .returning();
  for (const p of spec.people ?? [{ name: 'Dana Lee', title: 'VP Engineering' }]) {
    const [person] = await db
      .insert(people)
      .values({ orgId: spec.orgId, accountId: spec.accountId, name: p.name, nameKey: p.name.toLowerCase(), title: p.title ?? null })
      .onConflictDoUpdate({ target: [people.accountId, people.nameKey], set: { title: p.title ?? null } })
      .returning();
    await db.insert(notePeople).values({ orgId: spec.orgId, noteId: row!.id, personId: person!.id });
  }
  return row!;
}
