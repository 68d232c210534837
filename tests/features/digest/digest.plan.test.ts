import { eq } from 'drizzle-orm';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config.js';
import { channelSubscriptions, conversations, users } from '../../../src/db/schema.js';
import { ensureActor } from '../../../src/features/identity.js';
import { compose, type Composition } from '../../../src/main.js';
import type { DeliveryKind } from '../../../src/scheduler/types.js';
import { openTestDb } from '../../support/test-db.js';

let app: Composition;
let digest: DeliveryKind;
let subscriptionId: string;
let managerId: string;
const now = new Date('2026-03-23T06:00:00.000Z');

beforeAll(async () => {
  const db = await openTestDb();
  app = await compose({ ...parseConfig({ HALLWAY_SCHEDULER: 'off' }), port: 0 }, { db, clock: { now: () => now }, log: pino({ level: 'silent' }) });
  digest = app.features.flatMap((f) => f.deliveries ?? []).find((k) => k.kind === 'digest')!;
  const who = await ensureActor(db.db, { platform: 'teams', workspaceId: 'tenant-plan', userId: '29:1plan-manager' });
  managerId = who.userId;
  const [conv] = await db.db
    .insert(conversations)
    .values({ orgId: who.orgId, platform: 'teams', externalId: 'a:1plan', workspaceId: who.workspaceId, kind: 'personal', userId: who.userId })
    .returning({ id: conversations.id });
  // Monday 09:00 in Berlin; the week of 29 March 2026 starts summer time.
  const [sub] = await db.db
    .insert(channelSubscriptions)
    .values({ orgId: who.orgId, conversationId: conv!.id, kind: 'digest', userId: who.userId, localTime: '09:00', timezone: 'Europe/Berlin', weekday: 1 })
    .returning({ id: channelSubscriptions.id });
  subscriptionId = sub!.id;
});

afterAll(async () => {
  await app?.db.close();
});

const at = (iso: string) => digest.plan!(new Date(iso));

describe('planning the weekly digest', () => {
  it('plans nothing before the slot or on another day', async () => {
    expect(await at('2026-03-23T07:59:00Z')).toEqual([]);
    expect(await at('2026-03-24T08:30:00Z')).toEqual([]);
  });

  it('plans one DM keyed by subscription and local date, due at the slot, for four hours', async () => {
    const expected = [
      {
        orgId: expect.any(String),
        kind: 'digest',
        dedupeKey: `digest:${subscriptionId}:2026-03-23`,
        dueAt: new Date('2026-03-23T08:00:00Z'),
        target: { type: 'user', platform: 'teams', userId: '29:1plan-manager' },
        payload: { subscriptionId, managerId },
      },
    ];
    expect(await at('2026-03-23T08:00:00Z')).toEqual(expected);
    expect(await at('2026-03-23T11:59:59Z')).toEqual(expected);
    expect(await at('2026-03-23T12:00:00Z')).toEqual([]);
  });

  it('keeps 09:00 local after the clocks change', async () => {
    const [planned] = await at('2026-03-30T07:10:00Z');
    expect(planned?.dueAt).toEqual(new Date('2026-03-30T07:00:00Z'));
    expect(planned?.dedupeKey).toBe(`digest:${subscriptionId}:2026-03-30`);
  });

  it('plans nothing once unsubscribed, and composes nothing for a delivery planned before', async () => {
    const [planned] = await at('2026-03-23T08:00:00Z');
    await app.db.db.update(channelSubscriptions).set({ active: false }).where(eq(channelSubscriptions.id, subscriptionId));
    expect(await at('2026-03-23T08:00:00Z')).toEqual([]);
    expect(await digest.compose({ ...planned!, id: 'd1', attempts: 1 }, new Date('2026-03-23T08:01:00Z'))).toBeNull();
    const [manager] = await app.db.db.select({ role: users.role }).from(users).where(eq(users.id, managerId));
    // Subscribing to the digest grants no role.
    expect(manager?.role).toBe('member');
  });
});
