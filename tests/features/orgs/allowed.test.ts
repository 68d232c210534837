import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOT_SCOPES } from '../../../adapters/slack/installation.store.js';
import { conversations, users, workspaces } from '../../../src/db/schema.js';
import type { Hallway } from '../../../src/main.js';
import { startTestApp } from '../../support/app.js';
import { slackUser, teamsUser } from '../../support/drivers.js';
import { nowSeconds, sign, SIGNING_SECRET, startFakeSlackApi } from '../../support/slack.js';
import { startFakeConnector } from '../../support/teams.js';

/*
 * HALLWAY_ALLOWED_WORKSPACES locks a deployment to its own company: any other
 * Slack team or Teams tenant is refused at every door (install page, commands,
 * events, activities) with a clear message, and nothing of it is written.
 */

const INSTALLS = {
  'code-good': { team: { id: 'T0GOOD', name: 'Good Co' }, token: 'xoxb-1-good' },
  'code-bad': { team: { id: 'T0BAD', name: 'Bad Co' }, token: 'xoxb-2-bad' },
} as const;

let app: Hallway;
let slackApi: Awaited<ReturnType<typeof startFakeSlackApi>>;
let connector: Awaited<ReturnType<typeof startFakeConnector>>;

beforeAll(async () => {
  slackApi = await startFakeSlackApi({
    'oauth.v2.access': (req) => {
      const t = INSTALLS[req.body.code as keyof typeof INSTALLS];
      if (!t) return { ok: false, error: 'invalid_code' };
      return { ok: true, access_token: t.token, token_type: 'bot', scope: BOT_SCOPES.join(','), bot_user_id: 'U0BOT', app_id: 'A0HALLWAY', team: t.team, enterprise: null, is_enterprise_install: false, authed_user: { id: 'U0INSTALLER' } };
    },
    'auth.test': (req) => {
      const t = Object.values(INSTALLS).find((i) => req.headers.authorization === `Bearer ${i.token}`);
      return t ? { ok: true, team_id: t.team.id, user_id: 'U0BOT', bot_id: 'B0BOT' } : { ok: false, error: 'invalid_auth' };
    },
    'users.info': (req) => ({ ok: true, user: { id: req.body.user, real_name: 'Ida Installer', tz: 'UTC', profile: {} } }),
  });
  connector = await startFakeConnector();
  app = await startTestApp({
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_CLIENT_ID: '1.2',
    SLACK_CLIENT_SECRET: 'test-client-secret',
    SLACK_STATE_SECRET: 'test-state-secret-0123456789',
    HALLWAY_ENCRYPTION_KEY: 'test-encryption-key-0123456789abcdef',
    SLACK_API_URL: `${slackApi.url}/api/`,
    HALLWAY_ALLOWED_WORKSPACES: 'T0GOOD, tenant-good',
  });
}, 60_000);

afterAll(async () => {
  await app?.close();
  await slackApi?.close();
  await connector?.close();
});

async function install(code: keyof typeof INSTALLS) {
  const start = await fetch(`${app.url}/slack/install`, { redirect: 'manual' });
  const cookie = (start.headers.get('set-cookie') ?? '').split(';')[0]!;
  const state = new URL(start.headers.get('location')!).searchParams.get('state')!;
  return fetch(`${app.url}/slack/oauth_redirect?code=${code}&state=${encodeURIComponent(state)}`, { headers: { cookie }, redirect: 'manual' });
}

const workspaceIds = async () => (await app.db.db.select({ id: workspaces.externalId }).from(workspaces)).map((w) => w.id).sort();

describe('HALLWAY_ALLOWED_WORKSPACES', () => {
  it('refuses to install into another Slack workspace, saying why, and stores nothing', async () => {
    const res = await install('code-bad');
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('This Hallway serves only the workspaces its operator allowed (HALLWAY_ALLOWED_WORKSPACES)');
    expect(await workspaceIds()).toEqual([]);
  });

  it('installs into an allowed workspace, and its installer is the admin of a new organisation', async () => {
    expect((await install('code-good')).status).toBeLessThan(400);
    expect(await workspaceIds()).toEqual(['T0GOOD']);
    const [installer] = await app.db.db.select({ role: users.role }).from(users).where(eq(users.externalId, 'U0INSTALLER'));
    expect(installer?.role).toBe('admin');
  });

  it('answers a Teams activity from another tenant with the refusal, and stores no conversation', async () => {
    const stranger = teamsUser(app.url, connector, { tenant: 'tenant-bad', user: '29:stranger', name: 'Sam Stranger', conversation: 'a:stranger' });
    const seen = await stranger.command('hallway', 'account Acme');
    expect(seen).toContain('This Hallway serves only the workspaces its operator allowed');
    expect(await workspaceIds()).toEqual(['T0GOOD']);
    expect(await app.db.db.select().from(conversations).where(eq(conversations.externalId, 'a:stranger'))).toEqual([]);
  });

  it('lets an allowed tenant in', async () => {
    const friend = teamsUser(app.url, connector, { tenant: 'tenant-good', user: '29:friend', name: 'Fran Friend', conversation: 'a:friend' });
    expect(await friend.command('hallway', 'role')).toContain('Admins: Fran Friend');
    expect(await workspaceIds()).toEqual(['T0GOOD', 'tenant-good']);
  });

  it('drops events from another Slack workspace without a trace', async () => {
    const body = JSON.stringify({
      token: 'x', team_id: 'T0BAD', api_app_id: 'A0HALLWAY', type: 'event_callback', event_id: 'Ev0BAD', event_time: 1700000009,
      event: { type: 'member_joined_channel', user: 'U0BADUSER', channel: 'C0BAD', channel_type: 'C', team: 'T0BAD', event_ts: '1700000000.000009' },
    });
    const res = await fetch(`${app.url}/slack/events`, { method: 'POST', headers: { 'content-type': 'application/json', ...sign(body, nowSeconds()) }, body });
    expect(res.status).toBeLessThan(500);
    expect(await workspaceIds()).toEqual(['T0GOOD', 'tenant-good']);
    expect(await app.db.db.select().from(users).where(eq(users.externalId, 'U0BADUSER'))).toEqual([]);
  });

  it('answers a slash command from the allowed workspace', async () => {
    const member = slackUser(app.url, slackApi, { team: 'T0GOOD', user: 'U0INSTALLER', channel: 'C0GOOD' });
    expect(await member.command('hallway', 'role')).toContain('You are an admin.');
  });
});
