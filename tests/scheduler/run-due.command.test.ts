import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../src/cli.js';
import type { DbHandle } from '../../src/db/client.js';
import type { CliContext } from '../../src/features/feature.js';
import { runDueCommand } from '../../src/scheduler/run-due.command.js';
import { openTestDb } from '../support/test-db.js';
import { delivery, makeQueue, manualTime, newOrg, recordingChat, row, textKind } from './harness.js';

let handle: DbHandle;
beforeAll(async () => {
  handle = await openTestDb();
});
afterAll(() => handle?.close());

describe('hallway run-due', () => {
  it('--at plans and sends what is due at that instant, exactly as a tick then would', async () => {
    const db = handle.db;
    const orgId = await newOrg(db);
    const time = manualTime('2027-03-02T12:00:00.000Z');
    const { chat, calls } = recordingChat('slack', time.clock);
    const { queue } = makeQueue(db, time, { slack: chat });
    const planned: Date[] = [];
    queue.register({
      ...textKind(),
      async plan(now) {
        planned.push(now);
        return [delivery(orgId, `story:${now.toISOString().slice(0, 10)}`, { dueAt: now })];
      },
    });
    await queue.enqueue(delivery(orgId, 'not-yet', { dueAt: new Date('2027-03-01T09:31:00.000Z') }));
    const out: string[] = [];
    const ctx: CliContext = { db, org: async () => orgId, queue, clock: time.clock, timezone: 'UTC', out: (l) => out.push(l), isTTY: false };

    await runDueCommand(ctx, { at: '2027-03-01T09:30:00Z' });
    expect(planned).toEqual([new Date('2027-03-01T09:30:00.000Z')]);
    expect(out).toEqual(['run-due at 2027-03-01T09:30:00.000Z: planned 1, sent 1, retried 0, dead 0, skipped 0']);
    expect(calls.map((c) => c.text)).toEqual(['message story:2027-03-01']);
    expect((await row(db, orgId, 'test:not-yet')).status).toBe('pending');

    // Without --at: the clock's now.
    await runDueCommand(ctx, {});
    expect(planned.at(-1)).toEqual(new Date('2027-03-02T12:00:00.000Z'));
    expect(out.at(-1)).toBe('run-due at 2027-03-02T12:00:00.000Z: planned 1, sent 2, retried 0, dead 0, skipped 0');
  });

  it('rejects an --at that is not a date-time, naming what is expected', async () => {
    const time = manualTime('2027-03-02T12:00:00.000Z');
    const { queue } = makeQueue(handle.db, time, {});
    const ctx: CliContext = { db: handle.db, org: async () => '', queue, clock: time.clock, timezone: 'UTC', out: () => {}, isTTY: false };
    await expect(runDueCommand(ctx, { at: 'tomorrow 9am' })).rejects.toThrow('--at: "tomorrow 9am" is not an ISO date-time such as 2027-01-04T14:30:00Z');
  });

  it('works end to end through the CLI: exit 0 and one report line; a bad --at exits 1 with one line', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hallway-run-due-'));
    const env = handle.driver === 'postgres' ? { DATABASE_URL: handle.databaseUrl } : { HALLWAY_DATA_DIR: dir };
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      expect(await runCli(['run-due', '--at', '2027-03-01T09:30:00Z'], env)).toBe(0);
      expect(log.mock.calls.map((c) => String(c[0]))).toEqual([expect.stringMatching(/^run-due at 2027-03-01T09:30:00\.000Z: planned \d+, sent \d+, retried \d+, dead \d+, skipped \d+$/)]);
      expect(await runCli(['run-due', '--at', 'yesterday'], env)).toBe(1);
      expect(error.mock.calls.map((c) => String(c[0]))).toEqual(['hallway: --at: "yesterday" is not an ISO date-time such as 2027-01-04T14:30:00Z']);
    } finally {
      log.mockRestore();
      error.mockRestore();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
