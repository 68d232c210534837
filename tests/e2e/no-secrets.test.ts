import { createHmac } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnHallway, waitForHealth } from '../support/child.js';
import { startFakeOpenAi } from '../support/fake-openai.js';
import { nowSeconds, sign, slashCommand, startFakeSlackApi } from '../support/slack.js';
import { openTestDb } from '../support/test-db.js';

// Real-looking secrets, each in the shape its issuer uses.
const SECRETS = {
  SLACK_SIGNING_SECRET: '8f14e45fceea167a5a36dedd4bea2543',
  SLACK_CLIENT_SECRET: 'c9f0f895fb98ab9159f51fd0297e236d',
  SLACK_STATE_SECRET: 'state-45c48cce2e2d7fbdea1afc51c7c6ad26',
  HALLWAY_ENCRYPTION_KEY: 'k3y-d3d9446802a44259755d38e6d163e820',
  HALLWAY_WEBHOOK_SECRET: 'whsec_6512bd43d9caa6e02c990b0a82652dca',
  OPENAI_API_KEY: 'sk-proj-c20ad4d76fe97759aa27a0c99bff6710',
  MicrosoftAppPassword: 'Xq8Q~c51ce410c124a10e0db5e4b97fc2af39',
};
const INSTALLED_BOT_TOKEN = 'xoxb-1234567890-0987654321-aab3238922bcc25a6f606eb5';
const DB_PASSWORD = 'pgpass-9bf31c7ff062936a96d3c8bd1f8f2ff3';

const cleanup: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const fn of cleanup.reverse()) await fn().catch(() => {});
});

describe('logs of a full run at LOG_LEVEL=debug', () => {
  it('print none of the secrets: configured ones, an installed workspace\'s bot token, the database password', async () => {
    const slackApi = await startFakeSlackApi({
      'oauth.v2.access': () => ({
        ok: true,
        access_token: INSTALLED_BOT_TOKEN,
        token_type: 'bot',
        scope: 'commands,chat:write',
        bot_user_id: 'U0BOT',
        app_id: 'A0HALLWAY',
        team: { id: 'T0HALLWAY', name: 'Hallway Test' },
        enterprise: null,
        is_enterprise_install: false,
        authed_user: { id: 'U0MARIA' },
      }),
    });
    cleanup.push(() => slackApi.close());
    const openai = await startFakeOpenAi();
    openai.set({ kind: 'status', status: 500 });
    cleanup.push(() => openai.close());
    const testDb = await openTestDb();
    cleanup.push(() => testDb.close());
    const dataDir = await mkdtemp(join(tmpdir(), 'hallway-secrets-'));
    cleanup.push(() => rm(dataDir, { recursive: true, force: true }));
    const port = 22000 + (process.pid % 20000);
    const url = `http://127.0.0.1:${port}`;
    // Postgres here trusts local connections, so a password in the URL is accepted and ignored.
    const databaseUrl = testDb.driver === 'postgres' ? testDb.databaseUrl.replace('://postgres@', `://postgres:${DB_PASSWORD}@`) : undefined;
    const { child, output, exited } = spawnHallway({
      ...SECRETS,
      LOG_LEVEL: 'debug',
      PORT: String(port),
      HALLWAY_DATA_DIR: dataDir,
      HALLWAY_SCHEDULER: 'off',
      SLACK_CLIENT_ID: '1234567890.0987654321',
      SLACK_API_URL: `${slackApi.url}/api/`,
      OPENAI_BASE_URL: openai.baseURL,
      MicrosoftAppId: '00000000-0000-4000-8000-00000000b07a',
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    });
    cleanup.push(async () => child.kill('SIGKILL'));
    await waitForHealth(`${url}/healthz`, 40_000, output);

    // The OAuth install: Bolt's installer posts client_secret to oauth.v2.access and gets a bot token back.
    const start = await fetch(`${url}/slack/install`, { redirect: 'manual' });
    const cookie = (start.headers.get('set-cookie') ?? '').split(';')[0]!;
    const state = new URL(start.headers.get('location')!).searchParams.get('state')!;
    const installed = await fetch(`${url}/slack/oauth_redirect?code=c0de&state=${encodeURIComponent(state)}`, { headers: { cookie }, redirect: 'manual' });
    expect(installed.status).toBe(200);

    // A signed slash command and a click (the installed token at work), and one with a wrong signature.
    for (const text of ['Acme with Dana Lee: they lose two days at month-end and want auto-matching', '']) {
      const body = slashCommand('/callnote', text, { response_url: `${slackApi.url}/respond` });
      expect((await fetch(`${url}/slack/events`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...sign(body, nowSeconds(), SECRETS.SLACK_SIGNING_SECRET) }, body })).status).toBe(200);
    }
    const forged = slashCommand('/hallway', 'help');
    expect((await fetch(`${url}/slack/events`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...sign(forged, nowSeconds(), 'wrong') }, body: forged })).status).toBe(401);

    // The webhook, signed, and a Teams activity without a token (refused).
    const hookBody = JSON.stringify({ account: 'Acme', name: 'Jim Park', title: 'CFO' });
    const ts = String(nowSeconds());
    const signature = `sha256=${createHmac('sha256', SECRETS.HALLWAY_WEBHOOK_SECRET).update(`${ts}.${hookBody}`).digest('hex')}`;
    expect((await fetch(`${url}/hooks/stakeholders`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hallway-timestamp': ts, 'x-hallway-signature': signature }, body: hookBody })).status).toBe(202);
    await fetch(`${url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${SECRETS.MicrosoftAppPassword}` }, body: '{"type":"message"}' });

    await expect.poll(() => openai.completions().length, { timeout: 15_000 }).toBeGreaterThan(0);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);

    const logs = output();
    // It was a debug run that saw the install and the command.
    expect(logs).toMatch(/"level":20/);
    expect(logs).toContain('oauth.v2.access');
    for (const secret of [...Object.values(SECRETS), INSTALLED_BOT_TOKEN, DB_PASSWORD]) {
      expect(logs.includes(secret), `a log line holds ${secret.slice(0, 6)}…`).toBe(false);
    }
  }, 90_000);
});
