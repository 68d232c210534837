import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createSlackChat } from '../../adapters/slack/slack.chat.js';
import { type ChatPort, type Posted, RateLimitedError } from '../../src/chat/port.js';
import { createDb, type DbHandle } from '../../src/db/client.js';
import { deliveries } from '../../src/db/schema.js';
import type { DeliveryRecord, RunReport } from '../../src/scheduler/types.js';
import type { Recorded } from '../support/recording-server.js';
import { startRecordingServer } from '../support/recording-server.js';
import { startFakeSlackApi } from '../support/slack.js';
import { openTestDb } from '../support/test-db.js';
import { delivery, makeQueue, manualTime, newOrg, recordingChat, row, textKind } from './harness.js';

let handle: DbHandle;
beforeAll(async () => {
  handle = await openTestDb();
});
afterAll(() => handle?.close());
afterEach(async () => {
  await handle.db.delete(deliveries);
});

const T0 = '2027-03-01T09:30:00.000Z';
const LEASE_MS = 2 * 60_000;

/**
 * Slack's Web API at a recording server that also remembers what was posted
 * and answers conversations.history with it, metadata included only when
 * asked for (include_all_metadata), newest first, as Slack does.
 */
async function slackWithHistory() {
  const posted: Array<{ channel: string; ts: string; text: string; metadata?: unknown }> = [];
  const api = await startFakeSlackApi({
    'chat.postMessage': (req: Recorded) => {
      const ts = `1772357400.${String(posted.length + 1).padStart(6, '0')}`;
      posted.push({ channel: String(req.body.channel), ts, text: String(req.body.text), metadata: req.body.metadata });
      return { ok: true, channel: req.body.channel, ts };
    },
    'conversations.history': (req: Recorded) => ({
      ok: true,
      has_more: false,
      messages: posted
        .filter((m) => m.channel === req.body.channel)
        .reverse()
        .map((m) => ({ type: 'message', ts: m.ts, text: m.text, ...(req.body.include_all_metadata === 'true' && m.metadata ? { metadata: m.metadata } : {}) })),
    }),
  });
  return { api, posted, chat: createSlackChat({ token: 'xoxb-test', apiUrl: `${api.url}/api/` }) };
}

describe('a runner that dies between sending and recording', () => {
  it('is taken over once its lease runs out, and the new runner records the post it finds instead of posting again', async () => {
    const db = handle.db;
    const orgId = await newOrg(db);
    const time = manualTime(T0);
    const slack = await slackWithHistory();
    try {
      // Runner A's process freezes right after Slack accepted its post: it never records anything.
      let landed!: () => void;
      const postLanded = new Promise<void>((resolve) => (landed = resolve));
      const freezesAfterPosting = {
        ...slack.chat,
        async post(...args: Parameters<ChatPort['post']>): Promise<Posted> {
          await slack.chat.post(...args);
          landed();
          return new Promise<Posted>(() => {});
        },
      } satisfies ChatPort;
      const sentA: DeliveryRecord[] = [];
      const sentB: DeliveryRecord[] = [];
      const a = makeQueue(db, time, { slack: freezesAfterPosting });
      a.queue.register(textKind('test.text', { sent: sentA }));
      const b = makeQueue(db, time, { slack: slack.chat });
      b.queue.register(textKind('test.text', { sent: sentB }));
      await a.queue.enqueue(delivery(orgId, 'story', { target: { type: 'conversation', platform: 'slack', key: 'C0ENG' } }));

      void a.queue.runDue(time.clock.now());
      await postLanded;
      const id = (await row(db, orgId, 'test:story')).id;
      expect(await row(db, orgId, 'test:story')).toMatchObject({ status: 'sending', attempts: 1 });

      // While A's lease holds, B leaves the delivery alone.
      time.advance(LEASE_MS - 1);
      expect(await b.queue.runDue(time.clock.now())).toMatchObject({ sent: 0 });
      expect(slack.api.calls('conversations.history')).toHaveLength(0);

      time.advance(1);
      expect(await b.queue.runDue(time.clock.now())).toMatchObject({ sent: 1, retried: 0, dead: 0 });
      expect(slack.api.calls('chat.postMessage')).toHaveLength(1);
      expect(slack.api.calls('conversations.history').map((r) => r.body)).toEqual([
        { channel: 'C0ENG', oldest: '1803893400.000000', inclusive: 'true', include_all_metadata: 'true', limit: '200' },
      ]);
      expect(await row(db, orgId, 'test:story')).toMatchObject({
        status: 'sent',
        attempts: 2,
        messageRef: { platform: 'slack', conversationKey: 'C0ENG', messageId: '1772357400.000001' },
      });
      expect(slack.posted[0]?.metadata).toEqual({ event_type: 'hallway_delivery', event_payload: { delivery_id: id } });
      // The kind records the found post (story_posts…) once, by the runner that found it.
      expect([sentA.length, sentB.length]).toEqual([0, 1]);
    } finally {
      await slack.api.close();
    }
  });

  it('after a send that failed once the message had landed, the retry finds it and does not post again', async () => {
    const db = handle.db;
    const orgId = await newOrg(db);
    const time = manualTime(T0);
    const slack = await slackWithHistory();
    try {
      let first = true;
      const timesOutAfterPosting = {
        ...slack.chat,
        async post(...args: Parameters<ChatPort['post']>): Promise<Posted> {
          const posted = await slack.chat.post(...args);
          if (first) {
            first = false;
            throw new Error('socket hang up');
          }
          return posted;
        },
      } satisfies ChatPort;
      const { queue } = makeQueue(db, time, { slack: timesOutAfterPosting });
      queue.register(textKind());
      await queue.enqueue(delivery(orgId, 'story', { target: { type: 'conversation', platform: 'slack', key: 'C0ENG' } }));

      expect(await queue.runDue(time.clock.now())).toMatchObject({ sent: 0, retried: 1 });
      expect(await row(db, orgId, 'test:story')).toMatchObject({ status: 'pending', attempts: 1, lastError: 'socket hang up' });
      expect(await queue.runDue(time.advance(30_000))).toMatchObject({ sent: 1 });
      expect(slack.api.calls('chat.postMessage')).toHaveLength(1);
      expect(await row(db, orgId, 'test:story')).toMatchObject({ status: 'sent', messageRef: { messageId: '1772357400.000001' } });
    } finally {
      await slack.api.close();
    }
  });
});

describe('a 429 from Slack', () => {
  it('ends in exactly one post after the Retry-After wait, nothing before it, and does not count toward dead', async () => {
    const db = handle.db;
    const orgId = await newOrg(db);
    const time = manualTime(T0);
    let limited = 1;
    const api = await startRecordingServer((req) => {
      if (req.path.endsWith('chat.postMessage') && limited-- > 0) return { status: 429, headers: { 'retry-after': '30' }, body: { ok: false, error: 'ratelimited' } };
      return { body: { ok: true, channel: req.body.channel, ts: '1772357400.000001' } };
    });
    try {
      const { queue } = makeQueue(db, time, { slack: createSlackChat({ token: 'xoxb-test', apiUrl: `${api.url}/api/` }) });
      queue.register(textKind());
      await queue.enqueue(delivery(orgId, 'story'));

      expect(await queue.runDue(time.clock.now())).toMatchObject({ sent: 0, retried: 1, dead: 0 });
      expect(await row(db, orgId, 'test:story')).toMatchObject({
        status: 'pending',
        attempts: 0,
        nextAttemptAt: new Date(Date.parse(T0) + 30_000),
        lastError: 'rate limited; retry after 30s',
      });
      expect(await queue.runDue(time.advance(29_999))).toMatchObject({ sent: 0, retried: 0 });
      expect(api.calls('chat.postMessage')).toHaveLength(1);

      expect(await queue.runDue(time.advance(1))).toMatchObject({ sent: 1, retried: 0 });
      expect(api.calls('chat.postMessage')).toHaveLength(2);
      expect(await row(db, orgId, 'test:story')).toMatchObject({ status: 'sent', attempts: 1 });
      // The attempt was handed back, so the retry had no earlier post to look for.
      expect(api.calls('conversations.history')).toHaveLength(0);
    } finally {
      await api.close();
    }
  });
});

describe('a 429 in the middle of a run', () => {
  it('holds back the rest of that channel’s sends until Retry-After, while other channels go on', async () => {
    const db = handle.db;
    const orgId = await newOrg(db);
    const time = manualTime(T0);
    // A hand-written chat here: the virtual clock would otherwise run ahead of a real HTTP round trip.
    let limited = 1;
    const tried: string[] = [];
    const slack = recordingChat('slack', time.clock, (call) => {
      const key = 'key' in call.to ? call.to.key : call.to.userId;
      tried.push(key);
      if (key === 'CBUSY' && limited-- > 0) throw new RateLimitedError(30);
    });
    const { queue } = makeQueue(db, time, { slack: slack.chat });
    queue.register(textKind());
    const busy = { type: 'conversation', platform: 'slack', key: 'CBUSY' } as const;
    // CBUSY's are due a moment earlier, so they are claimed (and paced) first.
    const earlier = new Date(Date.parse(T0) - 1);
    await queue.enqueue(delivery(orgId, 'busy-1', { target: busy, dueAt: earlier }));
    await queue.enqueue(delivery(orgId, 'busy-2', { target: busy, dueAt: earlier }));
    await queue.enqueue(delivery(orgId, 'quiet', { target: { type: 'conversation', platform: 'slack', key: 'CQUIET' } }));

    expect(await queue.runDue(time.clock.now())).toMatchObject({ sent: 1, retried: 2 });
    // The first CBUSY send was told off, the second never tried; CQUIET went out.
    expect(tried).toEqual(['CBUSY', 'CQUIET']);
    for (const key of ['test:busy-1', 'test:busy-2']) {
      expect(await row(db, orgId, key)).toMatchObject({ status: 'pending', attempts: 0, nextAttemptAt: new Date(Date.parse(T0) + 30_000) });
    }

    time.set(new Date(Date.parse(T0) + 30_000));
    expect(await queue.runDue(time.clock.now())).toMatchObject({ sent: 2, retried: 0 });
    // CQUIET in the first run's next workspace slot; CBUSY only from 30 s on, 1.2 s apart.
    expect(slack.calls.map((c) => [('key' in c.to ? c.to.key : ''), c.at.getTime() - Date.parse(T0)])).toEqual([
      ['CQUIET', 200],
      ['CBUSY', 30_000],
      ['CBUSY', 31_200],
    ]);
  });
});

const onPostgres = Boolean(process.env.DATABASE_URL);

describe('two runners racing over the same due set', () => {
  it.skipIf(!onPostgres)(
    'send each of 50 deliveries exactly once (real Postgres only: PGlite is one connection, so two runners cannot hold competing locks)',
    async () => {
      if (handle.driver !== 'postgres') throw new Error('expected Postgres');
      const second = await createDb({ databaseUrl: handle.databaseUrl, dataDir: '' });
      try {
        const orgId = await newOrg(handle.db);
        const time = manualTime(T0);
        // One outside world, two runners: a shared recording of every send. Small batches
        // mean many claims, so the runners' claims overlap (without SKIP LOCKED this double-sends).
        const yieldToOthers = () => new Promise<void>((resolve) => setImmediate(resolve));
        const slack = recordingChat('slack', time.clock, yieldToOthers);
        const policy = { batchSize: 3 };
        const a = makeQueue(handle.db, time, { slack: slack.chat }, { policy });
        const b = makeQueue(second.db, time, { slack: slack.chat }, { policy });
        for (const r of [a, b]) r.queue.register(textKind());
        for (let n = 0; n < 50; n++) await a.queue.enqueue(delivery(orgId, n));

        const reports: RunReport[] = await Promise.all([a.queue.runDue(time.clock.now()), b.queue.runDue(time.clock.now())]);
        const keys = slack.calls.map((c) => c.idempotencyKey);
        expect(keys).toHaveLength(50);
        expect(new Set(keys).size).toBe(50);
        expect(reports[0]!.sent + reports[1]!.sent).toBe(50);
        // Both really took part.
        expect(Math.min(reports[0]!.sent, reports[1]!.sent)).toBeGreaterThan(0);
        const rows = await handle.db.select().from(deliveries);
        expect(rows.filter((r) => r.status === 'sent' && r.attempts === 1)).toHaveLength(50);
      } finally {
        await second.close();
      }
    },
  );
});
