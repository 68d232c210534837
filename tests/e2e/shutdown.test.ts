import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { like } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { createDb, type DbHandle } from '../../src/db/client.js';
import { notes } from '../../src/db/schema.js';
import { postOnce, spawnHallway, waitForHealth, type PostOutcome } from '../support/child.js';
import { nowSeconds, sign, SIGNING_SECRET, slashCommand, startFakeSlackApi } from '../support/slack.js';
import { openTestDb } from '../support/test-db.js';

const cleanup: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const fn of cleanup.reverse()) await fn().catch(() => {});
});

describe('SIGTERM under a load of /callnote', () => {
  it('answers every request it accepted, saves each note once, then closes the database and exits 0', async () => {
    const slackApi = await startFakeSlackApi();
    cleanup.push(() => slackApi.close());
    // Postgres when the suite runs on it (a database of this file's own); else a PGlite folder the child owns.
    const testDb = await openTestDb();
    cleanup.push(() => testDb.close());
    const dataDir = await mkdtemp(join(tmpdir(), 'hallway-shutdown-'));
    cleanup.push(() => rm(dataDir, { recursive: true, force: true }));
    const port = 21000 + (process.pid % 20000);
    const url = `http://127.0.0.1:${port}`;
    const { child, output, exited } = spawnHallway({
      PORT: String(port),
      HOST: '127.0.0.1',
      HALLWAY_DATA_DIR: dataDir,
      HALLWAY_SCHEDULER: 'off',
      SLACK_BOT_TOKEN: 'xoxb-shutdown-test',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: `${slackApi.url}/api/`,
      ...(testDb.driver === 'postgres' ? { DATABASE_URL: testDb.databaseUrl } : {}),
    });
    cleanup.push(async () => child.kill('SIGKILL'));
    await waitForHealth(`${url}/healthz`, 40_000, output);

    const outcomes: Array<{ n: number; outcome: PostOutcome }> = [];
    let sent = 0;
    let inFlightAtSignal = -1;
    let inFlight = 0;
    // The clients act like a load balancer: no new request once /healthz has said 503 (or stopped answering).
    let draining = false;
    const callnote = async (n: number) => {
      const body = slashCommand('/callnote', `Shutdown Co: load note ${n} pain: nothing lost`, {
        trigger_id: `trigger-shutdown-${n}`,
        response_url: `${slackApi.url}/respond`,
      });
      inFlight += 1;
      const outcome = await postOnce(`${url}/slack/events`, body, { 'content-type': 'application/x-www-form-urlencoded', ...sign(body, nowSeconds()) });
      inFlight -= 1;
      outcomes.push({ n, outcome });
    };
    const client = async () => {
      while (!draining && sent < 2000) await callnote(sent++);
    };
    const probe = async () => {
      while (!draining) {
        const status = await fetch(`${url}/healthz`).then((r) => r.status, () => 0);
        if (status !== 200) draining = true;
        else await new Promise((r) => setTimeout(r, 50));
      }
    };
    const clients = Array.from({ length: 24 }, () => client());
    // Signal once the server is busy: a few dozen answered, two dozen under way.
    while (outcomes.length < 40) await new Promise((r) => setTimeout(r, 20));
    inFlightAtSignal = inFlight;
    const answeredBeforeSignal = outcomes.length;
    child.kill('SIGTERM');
    await Promise.all([...clients, probe()]);
    const code = await exited;

    const answered = outcomes.filter((o) => 'status' in o.outcome);
    const dropped = outcomes.filter((o) => 'error' in o.outcome && o.outcome.error !== 'ECONNREFUSED');
    expect(inFlightAtSignal).toBeGreaterThan(0);
    expect(dropped).toEqual([]);
    expect(answered.filter((o) => 'status' in o.outcome && o.outcome.status !== 200)).toEqual([]);
    // Requests under way at the signal were answered after it, by the process that was stopping.
    expect(answered.length).toBeGreaterThan(answeredBeforeSignal);
    expect(code).toBe(0);
    expect(output()).not.toMatch(/CONNECTION_ENDED|"level":50/);
    expect(output()).toContain('shut down');

    // Every answered note is in the database, once; nothing refused was saved.
    const db: DbHandle = testDb.driver === 'postgres' ? testDb : await createDb({ dataDir });
    if (db !== testDb) cleanup.push(() => db.close());
    const saved = await db.db.select({ raw: notes.rawText }).from(notes).where(like(notes.rawText, '%load note%'));
    const savedNumbers = saved.map((s) => Number(/load note (\d+)/.exec(s.raw)?.[1])).sort((a, b) => a - b);
    expect(savedNumbers).toEqual(answered.map((o) => o.n).sort((a, b) => a - b));
  }, 90_000);
});
