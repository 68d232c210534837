import { spawnSync } from 'node:child_process';
import { networkInterfaces } from 'node:os';
import { eq } from 'drizzle-orm';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isLoopbackAddress, isLoopbackUrl } from '../../../adapters/teams/local-mode.guard.js';
import { conversations, users } from '../../../src/db/schema.js';
import { parseConfig } from '../../../src/config.js';
import { startHallway, type Hallway } from '../../../src/main.js';
import { startTestApp } from '../../support/app.js';
import { openTestDb } from '../../support/test-db.js';
import { messageActivity, startFakeConnector } from '../../support/teams.js';

/*
 * No MicrosoftAppId: nothing checks a Bot Framework token, so only this
 * machine may call /api/messages, and replies only go back to this machine.
 */

let app: Hallway;
let connector: Awaited<ReturnType<typeof startFakeConnector>>;

beforeAll(async () => {
  connector = await startFakeConnector();
  app = await startTestApp({});
});

afterAll(async () => {
  await app?.close();
  await connector?.close();
});

function post(body: unknown, opts: { base?: string; headers?: Record<string, string> } = {}) {
  return fetch(`${opts.base ?? app.url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...opts.headers },
    body: JSON.stringify(body),
  });
}

async function nothingWritten(conversationId: string, userId: string) {
  expect(await app.db.db.select().from(conversations).where(eq(conversations.externalId, conversationId))).toEqual([]);
  expect(await app.db.db.select().from(users).where(eq(users.externalId, userId))).toEqual([]);
}

/** An address of this machine that is not loopback, so a request from it is "from elsewhere". */
const outside = Object.values(networkInterfaces())
  .flat()
  .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;

describe('Teams local mode (no MicrosoftAppId)', () => {
  it.skipIf(!outside)('refuses a client that is not on this machine, and writes nothing', async () => {
    const port = new URL(app.url).port;
    const activity = messageActivity(connector.url, 'hallway help', { from: { id: '29:1from-the-lan', name: 'Intruder' }, conversation: { id: 'a:1lan', conversationType: 'personal' } });
    const res = await post(activity, { base: `http://${outside}:${port}` });
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({
      error:
        'Teams local mode (MicrosoftAppId is not set) answers only clients on this machine. Set MicrosoftAppId and MicrosoftAppPassword to accept Bot Framework traffic from Teams.',
    });
    expect(connector.requests).toHaveLength(0);
    await nothingWritten('a:1lan', '29:1from-the-lan');
  });

  it.each([['203.0.113.7'], ['127.0.0.1, 203.0.113.7']])('refuses a request a local proxy relayed for %s', async (xff) => {
    const activity = messageActivity(connector.url, 'hallway help', { from: { id: '29:1proxied', name: 'Proxied' }, conversation: { id: 'a:1proxied', conversationType: 'personal' } });
    const res = await post(activity, { headers: { 'x-forwarded-for': xff } });
    expect(res.status).toBe(403);
    expect(connector.requests).toHaveLength(0);
    await nothingWritten('a:1proxied', '29:1proxied');
  });

  it('refuses a local caller that names a serviceUrl elsewhere, and writes nothing', async () => {
    const activity = messageActivity('https://smba.trafficmanager.net/emea/', 'hallway account Acme', {
      from: { id: '29:1victim', name: 'Victim' },
      conversation: { id: '19:stolen@thread.tacv2', conversationType: 'channel' },
    });
    const res = await post(activity);
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({
      error:
        'Teams local mode (MicrosoftAppId is not set) replies only to a serviceUrl on this machine (localhost, 127.x or [::1]); this activity names another host.',
    });
    expect(connector.requests).toHaveLength(0);
    await nothingWritten('19:stolen@thread.tacv2', '29:1victim');
  });

  it('answers a local caller whose serviceUrl is local, and a relay that says so', async () => {
    expect((await post(messageActivity(connector.url, 'help'))).status).toBe(200);
    expect((await post(messageActivity(connector.url, 'help'), { headers: { 'x-forwarded-for': '::1' } })).status).toBe(200);
    expect(connector.requests).toHaveLength(2);
  });

  it('sends nothing proactively to a non-local serviceUrl stored before', async () => {
    const [known] = await app.db.db.select().from(conversations).limit(1);
    await app.db.db.insert(conversations).values({
      ...known!,
      id: undefined,
      externalId: '19:old@thread.tacv2',
      kind: 'channel',
      userId: null,
      reference: { serviceUrl: 'https://smba.trafficmanager.net/emea/', conversation: { id: '19:old@thread.tacv2' }, bot: { id: '28:hallway-bot' } },
    });
    const before = connector.requests.length;
    await expect(app.chats.teams!.post({ platform: 'teams', key: '19:old@thread.tacv2' }, { text: 'A story', blocks: [] })).rejects.toThrow(/not sending: .*serviceUrl on this machine/);
    expect(connector.requests.length).toBe(before);
  });
});

describe('starting in local mode', () => {
  it('says so loudly in the log', async () => {
    const lines: Array<{ level: number; msg: string }> = [];
    const log = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line) as { level: number; msg: string }) });
    const local = await startHallway({ ...parseConfig({ HALLWAY_SCHEDULER: 'off' }), port: 0 }, { db: await openTestDb(), log });
    await local.close();
    expect(lines.filter((l) => l.level === 40).map((l) => l.msg)).toContain(
      'TEAMS LOCAL MODE: MicrosoftAppId is not set, so /api/messages checks no Bot Framework token. It answers only clients on this machine and replies only to a loopback serviceUrl. Set MicrosoftAppId before connecting Teams.',
    );
  });
});

describe('what counts as this machine', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.8.9.10', true],
    ['::1', true],
    ['::ffff:127.0.0.1', true],
    ['0:0:0:0:0:0:0:1', true],
    ['192.0.2.2', false],
    ['::ffff:10.0.0.1', false],
    ['128.0.0.1', false],
    ['fd00::2', false],
    ['localhost', false],
    ['', false],
  ])('client address %s → %s', (address, loopback) => {
    expect(isLoopbackAddress(address)).toBe(loopback);
  });

  it.each([
    ['http://localhost:56150', true],
    ['http://127.0.0.1:3978/', true],
    ['http://[::1]:8080', true],
    ['https://LOCALHOST/', true],
    ['https://smba.trafficmanager.net/emea/', false],
    ['http://127.0.0.1.evil.example/', false],
    ['http://localhost@evil.example/', false],
    ['http://192.0.2.2:3978', false],
    ['not a url', false],
  ])('serviceUrl %s → %s', (url, loopback) => {
    expect(isLoopbackUrl(url)).toBe(loopback);
  });
});

describe('NODE_ENV=production', () => {
  it('refuses to start without MicrosoftAppId, in one line, exit 1', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'production' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr.trim().split('\n')).toEqual([
      'hallway: MicrosoftAppId: required when NODE_ENV=production, since without it /api/messages has no authentication (local mode is for development)',
    ]);
  });

  it('serves no Teams endpoint on a Slack-only deployment', async () => {
    const slackOnly = await startTestApp({ NODE_ENV: 'production', SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'secret', SLACK_API_URL: 'http://127.0.0.1:9/api/' });
    try {
      const res = await fetch(`${slackOnly.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(messageActivity(connector.url, 'help')) });
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({ error: 'Teams is not configured on this server (MicrosoftAppId is not set).' });
    } finally {
      await slackOnly.close();
    }
  });
});
