import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../src/db/client.js';
import { deliveries } from '../../src/db/schema.js';
import { backoffMs, DEFAULT_POLICY } from '../../src/scheduler/delivery.queue.js';
import type { DeliveryKind, NewDelivery } from '../../src/scheduler/types.js';
import { openTestDb } from '../support/test-db.js';
import { captureLog, delivery, makeQueue, manualTime, newOrg, recordingChat, row, textKind } from './harness.js';

let handle: DbHandle;
beforeAll(async () => {
  handle = await openTestDb();
});
afterAll(() => handle?.close());
// Each test's deliveries are its own: nothing left due leaks into the next test's runs.
afterEach(async () => {
  await handle.db.delete(deliveries);
});

const T0 = '2027-03-01T09:30:00.000Z';

describe('planning', () => {
  it('inserts each dedupe key once, however often the same instant is planned', async () => {
    const db = handle.db;
    const orgId = await newOrg(db);
    const time = manualTime(T0);
    const { chat, calls } = recordingChat('slack', time.clock);
    const { queue } = makeQueue(db, time, { slack: chat });
    const planned: Date[] = [];
    const kind: DeliveryKind = {
      ...textKind('test.planned'),
      async plan(now) {
        planned.push(now);
        return [1, 2, 3].map((n) => delivery(orgId, `plan-${n}`, { kind: 'test.planned', dueAt: now }));
      },
    };
    queue.register(kind);

    expect(await queue.runDue(new Date(T0))).toEqual({ planned: 3, sent: 3, retried: 0, dead: 0, skipped: 0 });
    expect(await queue.runDue(new Date(T0))).toEqual({ planned: 0, sent: 0, retried: 0, dead: 0, skipped: 0 });
    expect(planned).toEqual([new Date(T0), new Date(T0)]);
    expect(calls.map((c) => c.text).sort()).toEqual(['message plan-1', 'message plan-2', 'message plan-3']);
    const rows = await db.select().from(deliveries).where(eq(deliveries.orgId, orgId));
    expect(rows.map((r) => r.status)).toEqual(['sent', 'sent', 'sent']);
  });

  it('enqueue answers false for a dedupe key already queued', async () => {
    const db = handle.db;
    const orgId = await newOrg(db);
    const { queue } = makeQueue(db, manualTime(T0), {});
    expect(await queue.enqueue(delivery(orgId, 'once'))).toBe(true);
    expect(await queue.enqueue(delivery(orgId, 'once', { payload: { text: 'changed' } }))).toBe(false);
    expect((await row(db, orgId, 'test:once')).payload).toEqual({ text: 'message once' });
  });

  it('a kind whose plan throws does not stop the other kinds nor the sending', async () => {
    const db = handle.db;
    const orgId = await newOrg(db);
    const time = manualTime(T0);
    const { chat, calls } = recordingChat('slack', time.clock);
    const { log, lines } = captureLog();
    const { queue } = makeQueue(db, time, { slack: chat }, { log });
    queue.register(
      { ...textKind('test.broken'), plan: async () => Promise.reject(new Error('subscriptions table on fire')) },
      { ...textKind('test.fine'), plan: async (now) => [delivery(orgId, 'fine', { kind: 'test.fine', dueAt: now })] },
    );
    expect(await queue.runDue(time.clock.now())).toMatchObject({ planned: 1, sent: 1 });
    expect(calls.map((c) => c.text)).toEqual(['message fine']);
    expect(lines.find((l) => l.msg === 'planning deliveries failed')).toMatchObject({ kind: 'test.broken', level: 50 });
  });
});

describe('sending', () => {
  it('sends a due delivery once with the delivery id as idempotency key, records it, and calls kind.sent', async () => {
    const db = handle.db;
    const orgId = await newOrg(db);
    const time = manualTime(T0);
    const { chat, calls } = recordingChat('slack', time.clock);
    const sent: unknown[] = [];
    const { queue } = makeQueue(db, time, { slack: chat });
    queue.register(textKind('test.text', { sent: sent as never }));
    await queue.enqueue(delivery(orgId, 'one'));
    await queue.enqueue(delivery(orgId, 'later', { dueAt: new Date('2027-03-01T09:31:00Z') }));

    expect(await queue.runDue(time.clock.now())).toMatchObject({ sent: 1 });
    const r = await row(db, orgId, 'test:one');
    expect(calls).toEqual([{ to: { platform: 'slack', key: 'Cone' }, text: 'message one', idempotencyKey: r.id, at: new Date(T0) }]);
    expect(r).toMatchObject({ status: 'sent', attempts: 1, leaseUntil: null, sentAt: new Date(T0), messageRef: { platform: 'slack', conversationKey: 'Cone', messageId: 'm1' } });
    expect(sent).toHaveLength(1);
    expect((await row(db, orgId, 'test:later')).status).toBe('pending');
  });

  it('DMs a user target through chat.dm', async () => {
    const db = handle.db;
    const orgId = await newOrg(db);
    const time = manualTime(T0);
    const { chat, calls } = recordingChat('slack', time.clock);
    const { queue } = makeQueue(db, time, { slack: chat });
    queue.register(textKind());
    await queue.enqueue(delivery(orgId, 'dm', { target: { type: 'user', platform: 'slack', userId: 'U0OWNER' } }));
    await queue.runDue(time.clock.now());
    expect(calls.map((c) => c.to)).toEqual([{ platform: 'slack', userId: 'U0OWNER' }]);
  });

  it('marks a delivery whose compose returns null as skipped, without sending', async () => {
    const db = handle.db;
    const orgId = await newOrg(db);
    const time = manualTime(T0);
    const { chat, calls } = recordingChat('slack', time.clock);
    const { queue } = makeQueue(db, time, { slack: chat });
    queue.register(textKind());
    await queue.enqueue(delivery(orgId, 'gone', { payload: { gone: true } }));
    expect(await queue.runDue(time.clock.now())).toMatchObject({ sent: 0, skipped: 1 });
    expect(calls).toEqual([]);
    expect(await row(db, orgId, 'test:gone')).toMatchObject({ status: 'skipped', lastError: 'compose returned nothing to send' });
  });

  it('leaves a delivery for a platform with no chat configured pending, with a clear last_error, without counting attempts', async () => {
    const db = handle.db;
    const orgId = await newOrg(db);
    const time = manualTime(T0);
    const { chat } = recordingChat('slack', time.clock);
    const { queue } = makeQueue(db, time, { slack: chat });
    queue.register(textKind());
    await queue.enqueue(delivery(orgId, 'teams', { target: { type: 'conversation', platform: 'teams', key: '19:x@thread.tacv2' } }));
    for (let i = 0; i < 3; i++) await queue.runDue(time.advance(60 * 60_000));
    expect(await row(db, orgId, 'test:teams')).toMatchObject({
      status: 'pending',
      attempts: 0,
      lastError: 'no chat configured for platform "teams" in this instance; waiting',
    });
  });
});

describe('failures', () => {
  it('backs off exponentially and marks the delivery dead at the 8th failure, logged with the last error and counted', async () => {
    const db = handle.db;
    const orgId = await newOrg(db);
    const time = manualTime(T0);
    let n = 0;
    const { chat, calls } = recordingChat('slack', time.clock, () => {
      n += 1;
      throw new Error(`channel_not_found #${n}`);
    });
    const { log, lines } = captureLog();
    const { queue, metrics } = makeQueue(db, time, { slack: chat }, { log });
    queue.register(textKind());
    await queue.enqueue(delivery(orgId, 'doomed'));

    const delays: number[] = [];
    for (let attempt = 1; attempt <= 7; attempt++) {
      const at = time.clock.now();
      expect(await queue.runDue(at)).toMatchObject({ retried: 1, dead: 0 });
      const r = await row(db, orgId, 'test:doomed');
      expect(r).toMatchObject({ status: 'pending', attempts: attempt, lastError: `channel_not_found #${attempt}` });
      delays.push(r.nextAttemptAt.getTime() - at.getTime());
      // Just before the retry is due nothing happens.
      time.set(new Date(r.nextAttemptAt.getTime() - 1));
      expect(await queue.runDue(time.clock.now())).toMatchObject({ sent: 0, retried: 0 });
      time.set(r.nextAttemptAt);
    }
    expect(delays).toEqual([30_000, 60_000, 120_000, 240_000, 480_000, 960_000, 1_920_000]);

    expect(await queue.runDue(time.clock.now())).toMatchObject({ dead: 1, retried: 0 });
    expect(await row(db, orgId, 'test:doomed')).toMatchObject({ status: 'dead', attempts: 8, lastError: 'channel_not_found #8' });
    expect(await queue.runDue(time.advance(24 * 3600_000))).toMatchObject({ sent: 0, dead: 0, retried: 0 });
    expect(calls).toEqual([]);
    expect(n).toBe(8);
    expect(lines.find((l) => l.level === 50)).toMatchObject({ msg: 'delivery is dead after 8 attempts', lastError: 'channel_not_found #8', kind: 'test.text' });
    expect(await metrics.registry.getSingleMetricAsString('hallway_deliveries_total')).toContain('hallway_deliveries_total{kind="test.text",outcome="dead"} 1');
  });

  it('caps the backoff at an hour', () => {
    expect([1, 2, 7, 8, 20].map((a) => backoffMs(a, DEFAULT_POLICY))).toEqual([30_000, 60_000, 1_920_000, 3_600_000, 3_600_000]);
  });
});

describe('pacing', () => {
  it('spaces sends to one channel by a second on the injected clock, while other channels go in between', async () => {
    const db = handle.db;
    const orgId = await newOrg(db);
    const time = manualTime(T0);
    const { chat, calls } = recordingChat('slack', time.clock);
    const { queue } = makeQueue(db, time, { slack: chat });
    queue.register(textKind());
    const sameChannel = (n: number): NewDelivery => delivery(orgId, `busy-${n}`, { target: { type: 'conversation', platform: 'slack', key: 'CBUSY' } });
    for (const d of [sameChannel(1), sameChannel(2), sameChannel(3), delivery(orgId, 'other-a'), delivery(orgId, 'other-b')]) await queue.enqueue(d);

    expect(await queue.runDue(time.clock.now())).toMatchObject({ sent: 5 });
    const at = (key: string) => calls.filter((c) => 'key' in c.to && c.to.key === key).map((c) => c.at.getTime() - Date.parse(T0));
    // CBUSY: one a second. The others only wait for the workspace ceiling (5/s): 200 ms slots.
    const busy = at('CBUSY');
    expect(busy.map((t) => t - busy[0]!)).toEqual([0, 1000, 2000]);
    expect([busy[0]!, ...at('Cother-a'), ...at('Cother-b')].sort((a, b) => a - b)).toEqual([0, 200, 400]);
  });

  it('when a pacing wait outlasts the lease, renews it before sending, and never sends what another runner took over', async () => {
    const db = handle.db;
    const orgId = await newOrg(db);
    const time = manualTime(T0);
    const policy = { leaseMs: 2500 };
    // Each time runner A sends, runner B wakes up at that instant and takes whatever lease has run out.
    let b: ReturnType<typeof makeQueue> | undefined;
    let inB = false;
    const world = recordingChat('slack', time.clock, async () => {
      if (inB || !b) return;
      inB = true;
      await b.queue.runDue(time.clock.now());
      inB = false;
    });
    const a = makeQueue(db, time, { slack: world.chat }, { policy });
    b = makeQueue(db, time, { slack: world.chat }, { policy });
    for (const q of [a, b]) q.queue.register(textKind());
    const busy = { type: 'conversation', platform: 'slack', key: 'CBUSY' } as const;
    for (let n = 1; n <= 5; n++) await a.queue.enqueue(delivery(orgId, `busy-${n}`, { target: busy }));

    await a.queue.runDue(time.clock.now());
    // A's slots are 0,1,2,3,4 s with a 2.5 s lease: busy-4 and busy-5 are past their lease when B
    // looks at 3 s, B takes them; A then finds its claim gone and leaves them alone.
    expect(world.calls.map((c) => c.text).sort()).toEqual(['message busy-1', 'message busy-2', 'message busy-3', 'message busy-4', 'message busy-5']);
    const rows = await db.select().from(deliveries).where(eq(deliveries.orgId, orgId));
    expect(rows.map((r) => r.status)).toEqual(['sent', 'sent', 'sent', 'sent', 'sent']);
  });

  it('spaces Teams sends at 7 per second per conversation', async () => {
    const db = handle.db;
    const orgId = await newOrg(db);
    const time = manualTime(T0);
    const { chat, calls } = recordingChat('teams', time.clock);
    const { queue } = makeQueue(db, time, { teams: chat });
    queue.register(textKind());
    for (let n = 0; n < 8; n++) await queue.enqueue(delivery(orgId, `t-${n}`, { target: { type: 'conversation', platform: 'teams', key: '19:eng@thread.tacv2' } }));
    await queue.runDue(time.clock.now());
    const offsets = calls.map((c) => c.at.getTime() - Date.parse(T0));
    expect(offsets).toHaveLength(8);
    // 1000/7 ms apart (the manual clock's Dates keep whole ms): the 8th goes out a second after the first.
    expect(offsets[0]).toBe(0);
    expect(offsets.at(-1)).toBeGreaterThanOrEqual(999);
    for (let i = 1; i < offsets.length; i++) expect(offsets[i]! - offsets[i - 1]!).toBeOneOf([142, 143]);
  });
});
