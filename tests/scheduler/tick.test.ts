import cron from 'node-cron';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type DbHandle } from '../../src/db/client.js';
import { createTick, TICK_OVERRUN_MS } from '../../src/scheduler/tick.js';
import { startTestApp } from '../support/app.js';
import { openTestDb } from '../support/test-db.js';
import { captureLog, delivery, makeQueue, manualTime, newOrg, recordingChat, row, strandingChat, textKind } from './harness.js';

let handle: DbHandle;
beforeAll(async () => {
  handle = await openTestDb();
});
afterAll(() => handle?.close());

describe('the minute tick', () => {
  it('runs runDue at the clock’s now, and skips a tick while the previous one is still running', async () => {
    const db = handle.db;
    const orgId = await newOrg(db);
    const time = manualTime('2027-03-01T09:30:00.000Z');
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const { chat, calls } = recordingChat('slack', time.clock, () => gate);
    const { queue } = makeQueue(db, time, { slack: chat });
    const planned: Date[] = [];
    queue.register({ ...textKind(), plan: async (now) => (planned.push(now), []) });
    await queue.enqueue(delivery(orgId, 'tick'));
    const { log, lines } = captureLog();
    const tick = createTick({ queue, clock: time.clock, log });

    const first = tick.run();
    // The first tick is held up in the send; a second one arrives a minute later.
    while (planned.length === 0) await new Promise<void>((resolve) => setImmediate(resolve));
    time.advance(60_000);
    expect(await tick.run()).toBe(false);
    expect(lines.find((l) => l.level === 40)?.msg).toBe('the previous tick is still running; skipping this one');
    release();
    expect(await first).toBe(true);

    expect(planned).toEqual([new Date('2027-03-01T09:30:00.000Z')]);
    expect(calls.map((c) => c.text)).toEqual(['message tick']);
    expect((await row(db, orgId, 'test:tick')).status).toBe('sent');
    expect(lines.find((l) => l.msg === 'tick')).toMatchObject({ level: 30, sent: 1 });
    // Once the first is done, the next tick runs again.
    expect(await tick.run()).toBe(true);
  });

  it('stops waiting for a tick stranded for 10 minutes (a query that never came back), so sending goes on', async () => {
    const db = handle.db;
    const orgId = await newOrg(db);
    const time = manualTime('2027-03-01T09:30:00.000Z');
    const { chat, calls, stranded } = strandingChat('slack', time.clock);
    const { queue } = makeQueue(db, time, { slack: chat });
    queue.register(textKind());
    await queue.enqueue(delivery(orgId, 'stranded-1'));
    const { log, lines } = captureLog();
    const tick = createTick({ queue, clock: time.clock, log });

    void tick.run();
    await stranded();
    await queue.enqueue(delivery(orgId, 'stranded-2'));
    // Nine minutes on, a long tick is still given the benefit of the doubt.
    time.advance(9 * 60_000);
    expect(await tick.run()).toBe(false);
    time.advance(TICK_OVERRUN_MS - 9 * 60_000);
    expect(await tick.run()).toBe(true);
    expect(lines.find((l) => l.level === 50)).toMatchObject({ msg: 'the previous tick has been running too long (stranded?); no longer waiting for it', since: '2027-03-01T09:30:00.000Z' });
    // The next tick sent what was due, the stranded one's delivery too (its lease ran out long ago).
    expect(calls.map((c) => c.text).sort()).toEqual(['message stranded-1', 'message stranded-2']);
    expect((await row(db, orgId, 'test:stranded-2')).status).toBe('sent');
    // And the tick after it runs as usual.
    time.advance(60_000);
    expect(await tick.run()).toBe(true);
  });

  it('logs a failing tick instead of throwing, so the next minute tries again', async () => {
    const broken = await createDb({ dataDir: 'memory://' });
    await broken.close();
    const time = manualTime('2027-03-01T09:30:00.000Z');
    const { queue } = makeQueue(broken.db, time, { slack: recordingChat('slack', time.clock).chat });
    const { log, lines } = captureLog();
    const tick = createTick({ queue, clock: time.clock, log });
    expect(await tick.run()).toBe(true);
    expect(lines.find((l) => l.level === 50)).toMatchObject({ msg: 'tick failed; the next one will try again', at: '2027-03-01T09:30:00.000Z' });
  });

  it('starts a cron schedule and stops it cleanly', async () => {
    const time = manualTime('2027-03-01T09:30:00.000Z');
    const { queue } = makeQueue(handle.db, time, {});
    const tick = createTick({ queue, clock: time.clock, log: captureLog().log });
    tick.start();
    await tick.stop();
    await tick.stop();
  });

  it('is started by the app when HALLWAY_SCHEDULER is on, and stopped when it closes', async () => {
    const ticks = () => [...cron.getTasks().values()].filter((t) => t.name === 'hallway-run-due' && t.getStatus() !== 'destroyed');
    const app = await startTestApp({ HALLWAY_SCHEDULER: 'on' });
    try {
      expect(ticks().map((t) => [t.getPattern(), t.getStatus()])).toEqual([['* * * * *', 'idle']]);
    } finally {
      await app.close();
    }
    expect(ticks()).toEqual([]);
    const off = await startTestApp({ HALLWAY_SCHEDULER: 'off' });
    await off.close();
    expect(ticks()).toEqual([]);
  });
});
