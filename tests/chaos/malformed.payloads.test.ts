import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { parseConfig } from '../../src/config.js';
import { startHallway, type Hallway } from '../../src/main.js';
import { startTestApp } from '../support/app.js';
import { nowSeconds, sign, SIGNING_SECRET, startFakeSlackApi } from '../support/slack.js';
import { messageActivity, startFakeConnector } from '../support/teams.js';
import { openTestDb } from '../support/test-db.js';

/** 1,000 by default; CHAOS_RUNS for a quicker look. */
const RUNS = Number(process.env.CHAOS_RUNS ?? 1000);
const SECRET = 'webhook-secret-0123456789abcdef';

let app: Hallway;
let slackApi: Awaited<ReturnType<typeof startFakeSlackApi>>;
beforeAll(async () => {
  slackApi = await startFakeSlackApi();
  app = await startTestApp({ SLACK_BOT_TOKEN: 'xoxb-fuzz', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: `${slackApi.url}/api/`, HALLWAY_WEBHOOK_SECRET: SECRET });
});
afterAll(async () => {
  await app?.close();
  await slackApi?.close();
});

const anyJson = fc.jsonValue({ maxDepth: 4 });
const personish = fc.record(
  { account: fc.oneof(fc.string(), anyJson), name: fc.oneof(fc.string({ unit: 'grapheme' }), anyJson), title: fc.oneof(fc.string(), anyJson), email: fc.oneof(fc.string(), anyJson), status: fc.oneof(fc.constantFrom('active', 'left'), anyJson) },
  { requiredKeys: [] },
);

describe(`malformed payloads, ${RUNS} per entry point`, () => {
  it('the stakeholder webhook answers 202, 400 or 409 with a message to any signed body, never a 5xx', async () => {
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(fc.oneof(anyJson.map((j) => JSON.stringify(j)), personish.map((p) => JSON.stringify(p)), fc.array(personish, { maxLength: 5 }).map((a) => JSON.stringify(a)), fc.string({ unit: 'binary' })), async (body) => {
        const ts = String(nowSeconds());
        const signature = `sha256=${createHmac('sha256', SECRET).update(`${ts}.${body}`).digest('hex')}`;
        const res = await fetch(`${app.url}/hooks/stakeholders`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hallway-timestamp': ts, 'x-hallway-signature': signature }, body });
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        expect([202, 400, 409]).toContain(res.status);
        const answer = (await res.json()) as { error?: string };
        if (res.status !== 202) expect(answer.error?.length).toBeGreaterThan(0);
      }),
      { numRuns: RUNS, seed: 20261203 },
    );
    console.log(`webhook statuses: ${JSON.stringify(Object.fromEntries(statuses))}`);
  });

  it('Slack: signed requests of any shape are answered below 500, and the app stays healthy', async () => {
    const statuses = new Map<number, number>();
    const form = fc.dictionary(fc.constantFrom('command', 'text', 'team_id', 'user_id', 'channel_id', 'trigger_id', 'payload', 'type', 'x'), fc.oneof(fc.string({ unit: 'grapheme' }), anyJson.map((j) => JSON.stringify(j))));
    // Sent 50 at a time: Bolt answers a request no listener acknowledges after its 3 s timeout (404).
    const payloads = fc.sample(
      fc.oneof(form.map((f) => ({ type: 'application/x-www-form-urlencoded', body: new URLSearchParams(f as Record<string, string>).toString() })), anyJson.map((j) => ({ type: 'application/json', body: JSON.stringify(j) }))),
      { numRuns: RUNS, seed: 20261203 },
    );
    const failures: string[] = [];
    for (let i = 0; i < payloads.length; i += 50) {
      await Promise.all(
        payloads.slice(i, i + 50).map(async ({ type, body }) => {
          const res = await fetch(`${app.url}/slack/events`, { method: 'POST', headers: { 'content-type': type, ...sign(body, nowSeconds()) }, body });
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          if (res.status >= 500) failures.push(`${res.status} for ${type} ${body.slice(0, 200)}`);
          await res.arrayBuffer();
        }),
      );
    }
    expect(failures).toEqual([]);
    console.log(`slack statuses: ${JSON.stringify(Object.fromEntries(statuses))}`);
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
  });

  it('Teams: activities of any shape are answered 200 or 400 with the reason, never a 5xx, never a 200 with an error logged', async () => {
    const connector = await startFakeConnector();
    const logged: Array<{ level: number; msg: string }> = [];
    const log = pino({ level: 'warn' }, { write: (line: string) => void logged.push(JSON.parse(line) as { level: number; msg: string }) });
    const teams = await startHallway({ ...parseConfig({ HALLWAY_SCHEDULER: 'off' }), port: 0 }, { db: await openTestDb(), log });
    const statuses = new Map<number, number>();
    const failures: string[] = [];
    try {
      // A real activity with one to three fields replaced by anything (or removed), or any JSON at all.
      const fields = fc.constantFrom('type', 'id', 'text', 'from', 'conversation', 'recipient', 'entities', 'value', 'channelData', 'replyToId', 'reactionsAdded', 'reactionsRemoved', 'localTimezone', 'timestamp');
      const mutated = fc
        .tuple(fc.string({ unit: 'grapheme', maxLength: 200 }), fc.dictionary(fields, fc.option(anyJson, { nil: undefined }), { minKeys: 1, maxKeys: 3 }))
        .map(([text, change]) => {
          const activity: Record<string, unknown> = messageActivity(connector.url, text, { conversation: { id: 'a:1fuzz', conversationType: 'personal' }, from: { id: '29:1fuzz', name: 'Fuzz' } });
          for (const [key, value] of Object.entries(change)) {
            if (value === undefined) delete activity[key];
            else activity[key] = value;
          }
          return JSON.stringify(activity);
        });
      const payloads = fc.sample(fc.oneof({ arbitrary: mutated, weight: 4 }, { arbitrary: anyJson.map((j) => JSON.stringify(j)), weight: 1 }), { numRuns: RUNS, seed: 20261203 });
      for (let i = 0; i < payloads.length; i += 50) {
        await Promise.all(
          payloads.slice(i, i + 50).map(async (body) => {
            const res = await fetch(`${teams.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
            statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
            const answer = await res.text();
            if (res.status >= 500) failures.push(`${res.status} for ${body.slice(0, 200)}`);
            else if (res.status === 400 && !(JSON.parse(answer) as { error?: string }).error) failures.push(`400 without a reason for ${body.slice(0, 200)}`);
          }),
        );
      }
      await teams.idle();
      expect((await fetch(`${teams.url}/healthz`)).status).toBe(200);
    } finally {
      await teams.close();
      await connector.close();
    }
    expect(failures).toEqual([]);
    expect(logged.filter((l) => l.level >= 50).map((l) => `${l.msg}: ${JSON.stringify((l as { err?: unknown }).err)}`)).toEqual([]);
    console.log(`teams statuses: ${JSON.stringify(Object.fromEntries(statuses))}`);
    // Both kinds were exercised: well-formed activities answered, malformed ones refused.
    expect(statuses.get(200) ?? 0).toBeGreaterThan(0);
    expect(statuses.get(400) ?? 0).toBeGreaterThan(0);
  });
});
