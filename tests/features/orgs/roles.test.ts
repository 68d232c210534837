import { createHmac } from 'node:crypto';
import { and, desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accounts, auditLog, people, users, workspaces } from '../../../src/db/schema.js';
import type { Hallway } from '../../../src/main.js';
import { startTestApp } from '../../support/app.js';
import { slackUser, teamsUser, type ChatUser } from '../../support/drivers.js';
import { SIGNING_SECRET, startFakeSlackApi } from '../../support/slack.js';
import { startFakeConnector } from '../../support/teams.js';

/*
 * Roles are granted, never claimed by use. The same cases run on Slack and on
 * Teams, each through its real adapter: an admin (the first person), a member,
 * and what each may do; every refusal names the role needed and who holds it.
 */

const clock = { now: () => new Date('2027-02-01T10:00:00Z') };
let app: Hallway;
let slackApi: Awaited<ReturnType<typeof startFakeSlackApi>>;
let connector: Awaited<ReturnType<typeof startFakeConnector>>;
const NAMES: Record<string, string> = { US_ADMIN: 'Ada Admin', US_MEMBER: 'Mo Member', US_OTHER: 'Otto Other', US_BOSS: 'Slack Boss' };

beforeAll(async () => {
  slackApi = await startFakeSlackApi({
    'users.info': (req) => {
      const id = String(req.body.user);
      // Workspace admins on Slack are Hallway admins, whatever was granted.
      return { ok: true, user: { id, name: id.toLowerCase(), real_name: NAMES[id] ?? id, tz: 'UTC', is_admin: id === 'US_BOSS', profile: {} } };
    },
  });
  connector = await startFakeConnector();
  app = await startTestApp(
    {
      SLACK_BOT_TOKEN: 'xoxb-test-token',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: `${slackApi.url}/api/`,
      HALLWAY_ADMINS: 'teams:29:ops-admin',
      HALLWAY_PUBLIC_URL: 'https://hallway.example.com/',
    },
    clock,
  );
}, 60_000);

afterAll(async () => {
  await app?.close();
  await slackApi?.close();
  await connector?.close();
});

interface Side {
  platform: string;
  admin: ChatUser;
  member: ChatUser;
  other: ChatUser;
  /** How this platform writes a mention of the member, and of the other person. */
  mention: { member: string; other: string };
  names: { admin: string; member: string; other: string };
}

const sides: Side[] = [
  {
    platform: 'Slack',
    admin: { command: (c, t) => slack('US_ADMIN').command(c, t), click: (a, v) => slack('US_ADMIN').click(a, v), submit: (f, v, s) => slack('US_ADMIN').submit(f, v, s) },
    member: { command: (c, t) => slack('US_MEMBER').command(c, t), click: (a, v) => slack('US_MEMBER').click(a, v), submit: (f, v, s) => slack('US_MEMBER').submit(f, v, s) },
    other: { command: (c, t) => slack('US_OTHER').command(c, t), click: (a, v) => slack('US_OTHER').click(a, v), submit: (f, v, s) => slack('US_OTHER').submit(f, v, s) },
    mention: { member: '<@US_MEMBER|mo>', other: '<@US_OTHER|otto>' },
    names: { admin: 'Ada Admin', member: 'Mo Member', other: 'Otto Other' },
  },
  {
    platform: 'Teams',
    admin: { command: (c, t) => teams('29:t-admin', 'Tia Admin').command(c, t), click: (a, v) => teams('29:t-admin', 'Tia Admin').click(a, v), submit: (f, v, s) => teams('29:t-admin', 'Tia Admin').submit(f, v, s) },
    member: { command: (c, t) => teams('29:t-member', 'Tom Member').command(c, t), click: (a, v) => teams('29:t-member', 'Tom Member').click(a, v), submit: (f, v, s) => teams('29:t-member', 'Tom Member').submit(f, v, s) },
    other: { command: (c, t) => teams('29:t-other', 'Tess Other').command(c, t), click: (a, v) => teams('29:t-other', 'Tess Other').click(a, v), submit: (f, v, s) => teams('29:t-other', 'Tess Other').submit(f, v, s) },
    // The Teams adapter turns <at> mentions into this form before the core reads them.
    mention: { member: '<@29:t-member|Tom Member>', other: '<@29:t-other|Tess Other>' },
    names: { admin: 'Tia Admin', member: 'Tom Member', other: 'Tess Other' },
  },
];

function slack(user: string) {
  return slackUser(app.url, slackApi, { team: 'T0ROLES', user, channel: 'C0ROLES' });
}
function teams(user: string, name: string) {
  return teamsUser(app.url, connector, { tenant: 'tenant-roles', user, name, conversation: `a:personal-${user}` });
}

/** The Erase button's value as the bot made it: the name, and the admin who asked. */
async function forgetValue(name: string, adminExternalId: string): Promise<string> {
  const [admin] = await app.db.db.select({ id: users.id }).from(users).where(eq(users.externalId, adminExternalId));
  return JSON.stringify({ name, by: admin!.id });
}

describe.each(sides)('roles on $platform', (side) => {
  it('makes the first person an admin and tells them; the next is a member', async () => {
    expect(await side.admin.command('hallway', 'role')).toContain("so you are this organisation's admin");
    const list = await side.member.command('hallway', 'role');
    expect(list).toContain(`Admins: ${side.names.admin}`);
    expect(list).toContain('You are a member.');
    await side.other.command('hallway', 'help');
  });

  it('lets only admins set roles, naming who holds the role', async () => {
    const refused = await side.member.command('hallway', `role ${side.mention.other} manager`);
    expect(refused).toContain('Only an admin can set roles; you are a member.');
    expect(refused).toContain(`Admins here: ${side.names.admin}`);
    expect(await side.admin.command('hallway', `role ${side.mention.other} manager`)).toContain(`${side.names.other} is now a manager.`);
    expect(await side.admin.command('hallway', `role ${side.mention.other} boss`)).toContain('is not a role: it is admin, manager or member.');
    const [entry] = await app.db.db.select().from(auditLog).where(eq(auditLog.action, 'user.role')).orderBy(desc(auditLog.createdAt)).limit(1);
    expect(entry?.detail).toMatchObject({ from: 'member', to: 'manager' });
  });

  it('keeps the last admin an admin', async () => {
    const self = side.platform === 'Slack' ? '<@US_ADMIN|ada>' : '<@29:t-admin|Tia Admin>';
    expect(await side.admin.command('hallway', `role ${self} member`)).toContain('is the only admin; name another admin first.');
  });

  it('lets the owner, managers and admins change an account owner, and nobody else', async () => {
    await side.admin.command('callnote', `Roleco${side.platform}: kickoff call`);
    const refused = await side.member.command('hallway', `owner Roleco${side.platform} ${side.mention.member}`);
    expect(refused).toContain(`Only Roleco${side.platform}'s owner (${side.names.admin}), a manager or an admin can change who owns it.`);
    // The other person is a manager now.
    expect(await side.other.command('hallway', `owner Roleco${side.platform} ${side.mention.member}`)).toContain(`${side.names.member} now owns Roleco${side.platform}.`);
    const [entry] = await app.db.db.select().from(auditLog).where(eq(auditLog.action, 'account.owner')).orderBy(desc(auditLog.createdAt)).limit(1);
    expect(entry).toBeDefined();
    // As the owner now, the member may hand it back.
    expect(await side.member.command('hallway', `owner Roleco${side.platform} ${side.mention.other}`)).toContain('now owns');
  });

  it('shows an internal note to its author, the owner, managers and admins only', async () => {
    await side.admin.command('callnote', `Secretco${side.platform}: INTERNALWORD budget cut #internal`);
    expect(await side.member.command('hallway', `account Secretco${side.platform}`)).not.toContain('INTERNALWORD');
    expect(await side.other.command('hallway', `account Secretco${side.platform}`)).toContain('INTERNALWORD');
    expect(await side.admin.command('hallway', `account Secretco${side.platform}`)).toContain('INTERNALWORD');
    await side.member.command('callnote', `Secretco${side.platform}: MEMBERWORD own aside #internal`);
    expect(await side.member.command('hallway', `account Secretco${side.platform}`)).toContain('MEMBERWORD');
  });

  it('gives a member the digest of the accounts they own, and no team', async () => {
    expect(await side.member.command('hallway', 'digest preview')).toContain('Your own accounts');
    expect(await side.member.command('hallway', `team add ${side.mention.other}`)).toContain('Only a manager or an admin can set a team');
  });

  it('lets only admins erase a person, and only the admin who asked confirm it', async () => {
    await side.admin.command('stakeholder', `Roleco${side.platform} add Fay Gone${side.platform} as CTO`);
    const refused = await side.member.command('hallway', `forget Fay Gone${side.platform}`);
    expect(refused).toContain('Only an admin can erase a person; you are a member.');
    expect(await side.admin.command('hallway', `forget Fay Gone${side.platform}`)).toContain('stakeholder.forget_confirm');
    const value = await forgetValue(`Fay Gone${side.platform}`, side.platform === 'Slack' ? 'US_ADMIN' : '29:t-admin');
    expect(await side.member.click('stakeholder.forget_confirm', value)).toContain('Only the admin who asked to erase this person can confirm it.');
    expect(await app.db.db.select().from(people).where(eq(people.name, `Fay Gone${side.platform}`))).toHaveLength(1);
    expect(await side.admin.click('stakeholder.forget_confirm', value)).toContain('Erased one person');
    expect(await app.db.db.select().from(people).where(eq(people.name, `Fay Gone${side.platform}`))).toHaveLength(0);
  });

  it('gives only admins pairing codes and the webhook secret', async () => {
    expect(await side.member.command('hallway', 'pair')).toContain('Only an admin can pair workspaces');
    expect(await side.member.command('hallway', 'webhook')).toContain('Only an admin can see the webhook secret');
    expect(await side.admin.command('hallway', 'pair')).toMatch(/Your pairing code: [A-Z0-9]{4}-[A-Z0-9]{4}/);
    expect(await side.admin.command('hallway', 'pair NOPE-NOPE')).toContain('That pairing code is not one I gave out.');
    expect(await side.admin.command('hallway', 'pair hello')).toContain('does not look like a pairing code');
  });
});

describe('admins from outside Hallway', () => {
  it('makes Slack workspace admins and HALLWAY_ADMINS admins, whatever was granted', async () => {
    expect(await slack('US_BOSS').command('hallway', 'role')).toContain('You are an admin.');
    const ops = teamsUser(app.url, connector, { tenant: 'tenant-roles', user: '29:ops-admin', name: 'Opal Ops', conversation: 'a:personal-ops' });
    expect(await ops.command('hallway', 'role')).toContain('You are an admin.');
  });

  it("serves the stakeholder webhook with each organisation's own secret", async () => {
    const seen = await slack('US_ADMIN').command('hallway', 'webhook');
    const url = /https:\/\/hallway\.example\.com(\/hooks\/stakeholders\?org=[0-9a-f-]{36})/.exec(seen)![1]!;
    const secret = /Secret: ([A-Za-z0-9_-]+)/.exec(seen)![1]!;
    const call = (key: string, path = url) => {
      const body = JSON.stringify({ account: 'Hookco', name: 'Hana Hook', title: 'CIO' });
      const ts = String(Math.floor(clock.now().getTime() / 1000));
      const signature = `sha256=${createHmac('sha256', key).update(`${ts}.${body}`).digest('hex')}`;
      return fetch(`${app.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hallway-timestamp': ts, 'x-hallway-signature': signature }, body });
    };
    expect((await call('not-the-secret')).status).toBe(401);
    // Another organisation's secret does not open this one.
    const teamsSeen = await teams('29:t-admin', 'Tia Admin').command('hallway', 'webhook');
    const teamsSecret = /Secret: ([A-Za-z0-9_-]+)/.exec(teamsSeen)![1]!;
    expect((await call(teamsSecret)).status).toBe(401);
    expect((await call(secret)).status).toBe(202);
    const [ws] = await app.db.db.select({ orgId: workspaces.orgId }).from(workspaces).where(eq(workspaces.externalId, 'T0ROLES'));
    expect(await app.db.db.select({ name: accounts.name }).from(accounts).where(and(eq(accounts.orgId, ws!.orgId), eq(accounts.name, 'Hookco')))).toHaveLength(1);
    // Without ?org= on a deployment of several organisations, the caller is told to name one.
    expect(await (await call(secret, '/hooks/stakeholders')).json()).toEqual({ error: 'this Hallway serves several organisations: add ?org=<id> to the URL, as /hallway webhook shows' });
  });

  it('refreshes a name when Slack says the profile changed', async () => {
    NAMES.US_MEMBER = 'Mo Renamed';
    const body = JSON.stringify({
      token: 'x', team_id: 'T0ROLES', api_app_id: 'A0HALLWAY', type: 'event_callback', event_id: 'Ev0CHANGE', event_time: 1700000009,
      event: { type: 'user_change', user: { id: 'US_MEMBER', team_id: 'T0ROLES', real_name: 'Mo Renamed' }, event_ts: '1700000000.000009' },
    });
    const { sign, nowSeconds } = await import('../../support/slack.js');
    await fetch(`${app.url}/slack/events`, { method: 'POST', headers: { 'content-type': 'application/json', ...sign(body, nowSeconds()) }, body });
    for (let i = 0; i < 50; i += 1) {
      const [row] = await app.db.db.select({ name: users.displayName }).from(users).where(eq(users.externalId, 'US_MEMBER'));
      if (row?.name === 'Mo Renamed') return;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error('the name was not refreshed');
  });
});
