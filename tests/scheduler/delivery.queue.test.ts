import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../src/db/client.js';
import { deliveries, paceBuckets } from '../../src/db/schema.js';
import { backoffMs, DEFAULT_POLICY, PASS_OVERRUN_MS } from '../../src/scheduler/delivery.queue.js';
import type { DeliveryKind, NewDelivery } from '../../src/scheduler/types.js';
import { openTestDb } from '../support/test-db.js';
import { captureLog, delivery, makeQueue, manualTime, newOrg, recordingChat, row, strandingChat, textKind } from './harness.js';

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
  it('spaces sends to one channel by 1.2 s (a second and a margin) on the injected clock, while other channels go in between', async () => {
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
    // CBUSY: one every 1.2 s. The others only wait for the workspace ceiling (5/s): 200 ms slots.
    const busy = at('CBUSY');
    expect(busy.map((t) => t - busy[0]!)).toEqual([0, 1200, 2400]);
    expect([busy[0]!, ...at('Cother-a'), ...at('Cother-b')].sort((a, b) => a - b)).toEqual([0, 200, 400]);
  });

  /*
   * Pacing can make a claimed delivery wait longer than is safe for its lease.
   * Runner B acts at chosen moments inside A's run (its sleep, its send), so
   * the interleaving is exact rather than left to timing.
   */
  async function twoRunners(hooks: { aSleeps?: (ms: number) => Promise<void>; onSend?: (text: string) => Promise<void> }) {
    const db = handle.db;
    const orgId = await newOrg(db);
    const time = manualTime(T0);
    const policy = { leaseMs: 1500 };
    let busyWorld = false;
    const world = recordingChat('slack', time.clock, async (call) => {
      if (busyWorld) return;
      busyWorld = true;
      await hooks.onSend?.(call.text);
      busyWorld = false;
    });
    const exact = async (ms: number) => void time.advance(ms);
    const b = makeQueue(db, time, { slack: world.chat }, { policy, sleep: exact });
    const a = makeQueue(db, time, { slack: world.chat }, { policy, sleep: (ms) => (hooks.aSleeps ?? exact)(ms) });
    for (const q of [a, b]) q.queue.register(textKind());
    const busy = { type: 'conversation', platform: 'slack', key: 'CBUSY' } as const;
    for (const n of [1, 2]) await a.queue.enqueue(delivery(orgId, `busy-${n}`, { target: busy }));
    /** Until A has recorded its first send: B should only see what this test is about. */
    const firstRecorded = async () => {
      for (;;) {
        const rows = await db.select({ status: deliveries.status }).from(deliveries).where(eq(deliveries.orgId, orgId));
        if (rows.some((r) => r.status === 'sent')) return;
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    };
    return { time, world, a, b, orgId, firstRecorded };
  }

  const texts = (calls: Array<{ text: string }>) => calls.map((c) => c.text).sort();
  const attempts = async (orgId: string) =>
    (await handle.db.select().from(deliveries).where(eq(deliveries.orgId, orgId))).map((r) => `${r.status} ${r.attempts}`).sort();

  it('renews the lease before a send whose pacing wait ate more than half of it', async () => {
    let setup!: Awaited<ReturnType<typeof twoRunners>>;
    let sends = 0;
    setup = await twoRunners({
      // While A makes its second send (claimed at 0 with a 1.5 s lease, sent at 1 s), B looks at 1.6 s.
      onSend: async () => {
        if (++sends !== 2) return;
        await setup.firstRecorded();
        setup.time.advance(600);
        await setup.b.queue.runDue(setup.time.clock.now());
      },
    });
    expect(await setup.a.queue.runDue(setup.time.clock.now())).toMatchObject({ sent: 2 });
    expect(texts(setup.world.calls)).toEqual(['message busy-1', 'message busy-2']);
    expect(await attempts(setup.orgId)).toEqual(['sent 1', 'sent 1']);
  });

  it('does not send a delivery that another runner took over while it waited for its pacing slot', async () => {
    let setup!: Awaited<ReturnType<typeof twoRunners>>;
    setup = await twoRunners({
      // A's wait for its second slot overruns by a second (a stalled process): the lease is over and B takes it.
      aSleeps: async (ms) => {
        await setup.firstRecorded();
        setup.time.advance(ms + 1000);
        await setup.b.queue.runDue(setup.time.clock.now());
      },
    });
    expect(await setup.a.queue.runDue(setup.time.clock.now())).toMatchObject({ sent: 1 });
    expect(texts(setup.world.calls)).toEqual(['message busy-1', 'message busy-2']);
    expect(await attempts(setup.orgId)).toEqual(['sent 1', 'sent 2']);
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

describe('housekeeping', () => {
  it("sweeps idle pacing buckets on the tick's runDue only: a poke, run in one organisation's request, leaves other organisations' rows alone", async () => {
    const db = handle.db;
    const [quiet, busy] = [await newOrg(db), await newOrg(db)];
    const time = manualTime(T0);
    const { chat, calls } = recordingChat('slack', time.clock);
    const { queue } = makeQueue(db, time, { slack: chat });
    queue.register(textKind());
    await queue.enqueue(delivery(quiet, 'quiet'));
    await queue.runDue(time.clock.now());
    const bucketsOf = async (orgId: string) => (await db.select({ key: paceBuckets.key }).from(paceBuckets).where(eq(paceBuckets.orgId, orgId))).map((r) => r.key).sort();
    expect(await bucketsOf(quiet)).toEqual(['slack', 'slack:c:Cquiet']);

    time.advance(2 * 3600_000);
    await queue.enqueue(delivery(busy, 'busy', { dueAt: time.clock.now() }));
    queue.poke();
    await queue.idle();
    expect(calls.map((c) => c.text)).toEqual(['message quiet', 'message busy']);
    expect(await bucketsOf(quiet), 'a poke for another organisation').toEqual(['slack', 'slack:c:Cquiet']);

    await queue.runDue(time.clock.now());
    expect(await bucketsOf(quiet), 'the tick, two hours on').toEqual([]);
    expect(await bucketsOf(busy)).toEqual(['slack', 'slack:c:Cbusy']);
  });
});

describe('stopping (shutdown)', () => {
  it('finishes the send under way, hands back the sends still waiting for a pacing slot unsent, and claims nothing more', async () => {
    const db = handle.db;
    const orgId = await newOrg(db);
    const time = manualTime(T0);
    const { chat, calls } = recordingChat('slack', time.clock);
    // Pacing waits never end by themselves: only stop() can end them.
    const { queue } = makeQueue(db, time, { slack: chat }, { sleep: () => new Promise(() => {}) });
    queue.register(textKind());
    const busy = { type: 'conversation', platform: 'slack', key: 'CBUSY' } as const;
    // Due a second apart, so the claim order is certain: busy-1 first.
    for (const n of [1, 2, 3]) await queue.enqueue(delivery(orgId, `busy-${n}`, { target: busy, dueAt: new Date(Date.parse(T0) - (4 - n) * 1000) }));

    const run = queue.runDue(time.clock.now());
    while (calls.length === 0) await new Promise<void>((resolve) => setImmediate(resolve));
    queue.stop();
    expect(await run).toMatchObject({ sent: 1, released: 2 });
    expect(calls.map((c) => c.text)).toEqual(['message busy-1']);
    // Back to pending, due now, the attempt handed back: another runner sends them at once.
    const rows = await db.select().from(deliveries).where(eq(deliveries.orgId, orgId));
    expect(rows.map((r) => `${r.dedupeKey} ${r.status} ${r.attempts}`).sort()).toEqual(['test:busy-1 sent 1', 'test:busy-2 pending 0', 'test:busy-3 pending 0']);
    expect(await queue.runDue(time.clock.now())).toMatchObject({ sent: 0 });
    queue.poke();
    await queue.idle();
    expect(calls).toHaveLength(1);
  });
});

describe('background passes (poke)', () => {
  it('coalesces pokes behind a running pass, but not behind one stranded for 10 minutes', async () => {
    const db = handle.db;
    const orgId = await newOrg(db);
    const time = manualTime(T0);
    const { chat, calls, stranded } = strandingChat('slack', time.clock);
    const { queue } = makeQueue(db, time, { slack: chat });
    queue.register(textKind());
    const settle = async () => {
      for (let i = 0; i < 50; i++) await new Promise<void>((resolve) => setImmediate(resolve));
    };

    await queue.enqueue(delivery(orgId, 'poke-1', { dueAt: new Date(T0) }));
    queue.poke();
    await stranded();
    await queue.enqueue(delivery(orgId, 'poke-2', { dueAt: new Date(T0) }));
    queue.poke();
    time.advance(9 * 60_000);
    queue.poke();
    await settle();
    // Waiting behind the pass that is still sending (it might yet finish).
    expect(calls).toEqual([]);

    time.advance(PASS_OVERRUN_MS - 9 * 60_000);
    await queue.enqueue(delivery(orgId, 'poke-3', { dueAt: time.clock.now() }));
    queue.poke();
    // Real round trips to the database (Postgres too): wait for them, not for a number of turns.
    for (const until = performance.now() + 10_000; calls.length < 3 && performance.now() < until; ) await settle();
    // A new pass sent everything due, the stranded send's delivery too (its lease ran out long ago).
    expect(calls.map((c) => c.text).sort()).toEqual(['message poke-1', 'message poke-2', 'message poke-3']);
  });
});
