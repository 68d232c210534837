import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { BOT_SCOPES, createInstallationStore } from '../../../adapters/slack/installation.store.js';
import { NoSlackTokenError } from '../../../adapters/slack/slack.chat.js';
import { createSealer } from '../../../src/crypto.js';
import { workspaces } from '../../../src/db/schema.js';
import { createInstallations } from '../../../src/features/installations.js';
import type { Hallway } from '../../../src/main.js';
import { startTestApp } from '../../support/app.js';
import type { Recorded } from '../../support/recording-server.js';
import { nowSeconds, sign, SIGNING_SECRET, slashCommand, startFakeSlackApi } from '../../support/slack.js';

const ENCRYPTION_KEY = 'test-encryption-key-0123456789abcdef';
const CLIENT_ID = '1234567890.0987654321';

/** Two workspaces that install Hallway, each with its own bot token. */
const TEAMS = {
  ACME: { code: 'code-acme', team: { id: 'T0ACME', name: 'Acme Corp' }, token: 'xoxb-111-222-acmesecrettoken', bot: 'B0ACME', channel: 'C0ACMEENG' },
  GLOBEX: { code: 'code-globex', team: { id: 'T0GLOBEX', name: 'Globex' }, token: 'xoxb-333-444-globexsecrettoken', bot: 'B0GLOBEX', channel: 'C0GLOBEXENG' },
} as const;
const byCode = (code: unknown) => Object.values(TEAMS).find((t) => t.code === code);
const byToken = (req: Recorded) => Object.values(TEAMS).find((t) => req.headers.authorization === `Bearer ${t.token}`);

let app: Hallway;
let slackApi: Awaited<ReturnType<typeof startFakeSlackApi>>;

beforeAll(async () => {
  slackApi = await startFakeSlackApi({
    // Slack's oauth.v2.access answer for a bot install (https://docs.slack.dev/reference/methods/oauth.v2.access).
    'oauth.v2.access': (req) => {
      const t = byCode(req.body.code);
      if (!t || req.body.client_id !== CLIENT_ID || req.body.client_secret !== 'test-client-secret') return { ok: false, error: 'invalid_code' };
      return {
        ok: true,
        access_token: t.token,
        token_type: 'bot',
        scope: BOT_SCOPES.join(','),
        bot_user_id: `U${t.bot.slice(1)}`,
        app_id: 'A0HALLWAY',
        team: t.team,
        enterprise: null,
        is_enterprise_install: false,
        authed_user: { id: 'U0INSTALLER' },
      };
    },
    'auth.test': (req) => {
      const t = byToken(req);
      if (!t) return { ok: false, error: 'invalid_auth' };
      return { ok: true, url: `https://${t.team.id}.slack.com/`, team: t.team.name, user: 'hallway', team_id: t.team.id, user_id: `U${t.bot.slice(1)}`, bot_id: t.bot };
    },
  });
  app = await startTestApp({
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_CLIENT_ID: CLIENT_ID,
    SLACK_CLIENT_SECRET: 'test-client-secret',
    SLACK_STATE_SECRET: 'test-state-secret-0123456789',
    HALLWAY_ENCRYPTION_KEY: ENCRYPTION_KEY,
    SLACK_API_URL: `${slackApi.url}/api/`,
  });
});

afterAll(async () => {
  await app?.close();
  await slackApi?.close();
});

function postSlack(body: string) {
  return fetch(`${app.url}/slack/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...sign(body, nowSeconds()) },
    body,
  });
}

/** The browser side of Slack's OAuth: our install page, then Slack sends the user back with a code. */
async function install(t: (typeof TEAMS)[keyof typeof TEAMS]) {
  const start = await fetch(`${app.url}/slack/install`, { redirect: 'manual' });
  const cookie = (start.headers.get('set-cookie') ?? '').split(';')[0]!;
  const state = new URL(start.headers.get('location')!).searchParams.get('state')!;
  return fetch(`${app.url}/slack/oauth_redirect?code=${t.code}&state=${encodeURIComponent(state)}`, { headers: { cookie }, redirect: 'manual' });
}

describe('Slack OAuth install (multi-workspace)', () => {
  it('GET /slack/install redirects to Slack with our client id, the manifest\'s bot scopes and a state cookie', async () => {
    const res = await fetch(`${app.url}/slack/install`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get('location')!);
    expect(`${location.origin}${location.pathname}`).toBe('https://slack.com/oauth/v2/authorize');
    expect(location.searchParams.get('client_id')).toBe(CLIENT_ID);
    expect(location.searchParams.get('scope')).toBe(BOT_SCOPES.join(','));
    const state = location.searchParams.get('state');
    expect(state).toBeTruthy();
    expect(res.headers.get('set-cookie')).toMatch(new RegExp(`^slack-app-oauth-state=${state!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')};.*HttpOnly`));

    const manifest = parse(await readFile(join(import.meta.dirname, '..', '..', '..', 'manifest', 'slack.yaml'), 'utf8')) as { oauth_config: { scopes: { bot: string[] } } };
    expect(BOT_SCOPES).toEqual(manifest.oauth_config.scopes.bot);
  });

  it('refuses a redirect whose state is not this browser\'s, and stores nothing', async () => {
    const res = await fetch(`${app.url}/slack/oauth_redirect?code=${TEAMS.ACME.code}&state=forged`, { headers: { cookie: 'slack-app-oauth-state=other' } });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(slackApi.calls('oauth.v2.access')).toHaveLength(0);
    expect(await app.db.db.select().from(workspaces).where(eq(workspaces.externalId, TEAMS.ACME.team.id))).toEqual([]);
  });

  it('exchanges the code at oauth.v2.access and stores the installation sealed, never in plaintext', async () => {
    const res = await install(TEAMS.ACME);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Thank you!');
    const [exchange] = slackApi.calls('oauth.v2.access');
    expect(exchange?.body).toMatchObject({ code: TEAMS.ACME.code, client_id: CLIENT_ID });

    const rows = await app.db.db.select().from(workspaces).where(eq(workspaces.externalId, TEAMS.ACME.team.id));
    expect(rows).toHaveLength(1);
    const row = rows[0]!;
    expect(row).toMatchObject({ platform: 'slack', name: 'Acme Corp' });
    expect(row.botTokenEnc).toMatch(/^v1:/);
    expect(JSON.stringify(row)).not.toContain(TEAMS.ACME.token);
    expect(JSON.stringify(row)).not.toContain('acmesecrettoken');

    const installations = createInstallations(app.db.db, createSealer(ENCRYPTION_KEY), { now: () => new Date(0) });
    const found = await installations.find('slack', TEAMS.ACME.team.id);
    expect(found?.botToken).toBe(TEAMS.ACME.token);
    expect(found?.data).toMatchObject({ team: TEAMS.ACME.team, bot: { token: TEAMS.ACME.token, id: 'B0ACME', userId: 'U0ACME' }, appId: 'A0HALLWAY' });
    // Another key cannot read it.
    await expect(createInstallations(app.db.db, createSealer('some-other-key-0123456789abcdefgh'), { now: () => new Date(0) }).find('slack', TEAMS.ACME.team.id)).rejects.toThrow(
      'wrong HALLWAY_ENCRYPTION_KEY',
    );
  });

  it('answers a signed /hallway help from the installed team (Bolt authorizes through the store)', async () => {
    const body = slashCommand('/hallway', 'help', { team_id: TEAMS.ACME.team.id, channel_id: TEAMS.ACME.channel });
    const res = await postSlack(body);
    expect(res.status).toBe(200);
    const reply = (await res.json()) as { response_type: string; blocks: Array<{ type: string }> };
    expect(reply.response_type).toBe('ephemeral');
    expect(reply.blocks[0]).toMatchObject({ type: 'header' });
  });

  it('posts to each workspace\'s stored channel with that workspace\'s own token', async () => {
    expect((await install(TEAMS.GLOBEX)).status).toBe(200);
    for (const t of [TEAMS.ACME, TEAMS.GLOBEX]) {
      // A subscription stores the channel (and its workspace) in conversations.
      const res = await postSlack(slashCommand('/hallway', 'subscribe 09:30', { team_id: t.team.id, channel_id: t.channel, user_id: `U0AM${t.bot}` }));
      expect(res.status).toBe(200);
    }
    const chat = app.chats.slack!;
    for (const t of [TEAMS.GLOBEX, TEAMS.ACME]) {
      const before = slackApi.calls('chat.postMessage').length;
      const posted = await chat.post({ platform: 'slack', key: t.channel }, { text: `hello ${t.team.name}`, blocks: [{ type: 'text', text: `hello ${t.team.name}` }] });
      expect(posted).toMatchObject({ platform: 'slack', conversationKey: t.channel });
      const sent = slackApi.calls('chat.postMessage').slice(before);
      expect(sent).toHaveLength(1);
      expect(sent[0]!.headers.authorization).toBe(`Bearer ${t.token}`);
      expect(sent[0]!.body.channel).toBe(t.channel);
      // The token travels in the header only, never in the request body.
      expect(sent[0]!.body).not.toHaveProperty('token');
    }
    // A DM goes out with the token of the user's workspace.
    const before = slackApi.calls('conversations.open').length;
    await chat.dm({ platform: 'slack', userId: `U0AM${TEAMS.GLOBEX.bot}` }, { text: 'psst', blocks: [{ type: 'text', text: 'psst' }] });
    expect(slackApi.calls('conversations.open').slice(before).map((r) => r.headers.authorization)).toEqual([`Bearer ${TEAMS.GLOBEX.token}`]);
  });

  it('refuses to post to a channel Hallway has never stored, with a clear error and no call to Slack', async () => {
    const before = slackApi.requests.length;
    await expect(app.chats.slack!.post({ platform: 'slack', key: 'C0NEVERSEEN' }, { text: 'x', blocks: [{ type: 'text', text: 'x' }] })).rejects.toThrow(
      new NoSlackTokenError('channel C0NEVERSEEN'),
    );
    expect(slackApi.requests.length).toBe(before);
  });

  it('acknowledges a signed request from a team that never installed, without answering it or failing', async () => {
    const res = await postSlack(slashCommand('/hallway', 'help', { team_id: 'T0NOBODY' }));
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
    // Nothing was recorded for the stranger.
    expect(await app.db.db.select().from(workspaces).where(eq(workspaces.externalId, 'T0NOBODY'))).toEqual([]);
  });

  it('forgets a workspace\'s token when Slack says the app was uninstalled there', async () => {
    const event = JSON.stringify({
      token: 'deprecated',
      team_id: TEAMS.GLOBEX.team.id,
      api_app_id: 'A0HALLWAY',
      event: { type: 'app_uninstalled' },
      type: 'event_callback',
      event_id: 'Ev0UNINSTALL',
      event_time: nowSeconds(),
    });
    const res = await fetch(`${app.url}/slack/events`, { method: 'POST', headers: { 'content-type': 'application/json', ...sign(event, nowSeconds()) }, body: event });
    expect(res.status).toBe(200);
    const installations = createInstallations(app.db.db, createSealer(ENCRYPTION_KEY), { now: () => new Date(0) });
    await expect.poll(() => installations.find('slack', TEAMS.GLOBEX.team.id)).toBeUndefined();
    await expect(app.chats.slack!.post({ platform: 'slack', key: TEAMS.GLOBEX.channel }, { text: 'x', blocks: [{ type: 'text', text: 'x' }] })).rejects.toThrow(NoSlackTokenError);
    // The other workspace is untouched.
    expect((await installations.find('slack', TEAMS.ACME.team.id))?.botToken).toBe(TEAMS.ACME.token);
  });

  it('forgets a workspace\'s token when Slack says its bot token was revoked (tokens_revoked), not for user tokens', async () => {
    const revoked = (tokens: Record<string, string[]>, id: string) =>
      JSON.stringify({
        token: 'deprecated',
        team_id: TEAMS.ACME.team.id,
        api_app_id: 'A0HALLWAY',
        event: { type: 'tokens_revoked', tokens, event_ts: '1700000000.000000' },
        type: 'event_callback',
        event_id: id,
        event_time: nowSeconds(),
      });
    const post = (event: string) => fetch(`${app.url}/slack/events`, { method: 'POST', headers: { 'content-type': 'application/json', ...sign(event, nowSeconds()) }, body: event });
    const installations = createInstallations(app.db.db, createSealer(ENCRYPTION_KEY), { now: () => new Date(0) });

    expect((await post(revoked({ oauth: ['U0SOMEONE'] }, 'Ev0REVOKEUSER'))).status).toBe(200);
    await app.queue.idle();
    expect((await installations.find('slack', TEAMS.ACME.team.id))?.botToken).toBe(TEAMS.ACME.token);

    expect((await post(revoked({ bot: ['U0BOT'] }, 'Ev0REVOKEBOT'))).status).toBe(200);
    await expect.poll(() => installations.find('slack', TEAMS.ACME.team.id)).toBeUndefined();
  });

  it('refuses an org-wide (Enterprise Grid) install with a clear error', async () => {
    const store = createInstallationStore(createInstallations(app.db.db, createSealer(ENCRYPTION_KEY), { now: () => new Date(0) }));
    await expect(
      store.storeInstallation({
        team: undefined,
        enterprise: { id: 'E0GRID', name: 'Grid' },
        user: { token: undefined, scopes: undefined, id: 'U1' },
        bot: { token: 'xoxb-grid', scopes: [], id: 'B1', userId: 'U2' },
        isEnterpriseInstall: true,
        authVersion: 'v2',
      }),
    ).rejects.toThrow('Hallway does not support org-wide (Enterprise Grid) installs');
  });
});
