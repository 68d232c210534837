import { orgForCli } from '../../../src/features/orgs/org.store.js';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accounts, followUps, notes, people, stakeholderRoles, users } from '../../../src/db/schema.js';
import { seedDemoCommand } from '../../../src/features/notes/seed-demo.command.js';
import type { Hallway } from '../../../src/main.js';
import { startTestApp } from '../../support/app.js';
import { nowSeconds, sign, SIGNING_SECRET, slashCommand, startFakeSlackApi } from '../../support/slack.js';
import { messageActivity, startFakeConnector, type SentActivity } from '../../support/teams.js';

let app: Hallway;
let slackApi: Awaited<ReturnType<typeof startFakeSlackApi>>;
let connector: Awaited<ReturnType<typeof startFakeConnector>>;
const clock = { now: () => new Date('2026-11-23T10:00:00Z') };
const printed: string[] = [];

beforeAll(async () => {
  slackApi = await startFakeSlackApi();
  connector = await startFakeConnector();
  app = await startTestApp({ SLACK_BOT_TOKEN: 'xoxb-test-token', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: `${slackApi.url}/api/` }, clock);
});

afterAll(async () => {
  await app?.close();
  await slackApi?.close();
  await connector?.close();
});

const seed = () => seedDemoCommand({ db: app.db.db, org: () => orgForCli(app.db.db), queue: app.queue, clock, timezone: 'UTC', out: (l) => printed.push(l), isTTY: false });

async function counts() {
  const n = async (t: typeof accounts | typeof people | typeof notes | typeof followUps | typeof stakeholderRoles) => (await app.db.db.select({ n: count() }).from(t))[0]!.n;
  return { accounts: await n(accounts), people: await n(people), notes: await n(notes), followUps: await n(followUps), roles: await n(stakeholderRoles) };
}

async function slack(text: string, user: string) {
  const body = slashCommand('/hallway', text, { user_id: user, user_name: user.toLowerCase() });
  const res = await fetch(`${app.url}/slack/events`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...sign(body, nowSeconds()) }, body });
  return (await res.json()) as { response_type: string; text: string; blocks: unknown[] };
}

describe('hallway seed-demo', () => {
  it('creates a small demo book, and nothing more when run again', async () => {
    await seed();
    const first = await counts();
    expect(first).toEqual({ accounts: 3, people: 4, notes: 4, followUps: 1, roles: 4 });
    await seed();
    expect(await counts()).toEqual(first);
    expect(printed).toEqual([
      'demo book ready: 3 accounts, 4 notes added (try /hallway account Acme)',
      'demo book already there; nothing to add',
    ]);
  });
});

describe('/hallway account', () => {
  it("shows an engineer who's who, shared notes and open follow-ups, but not internal notes", async () => {
    // The first person to arrive is the admin; the engineer after them is a member.
    await slack('role', 'U0ADMIN');
    const reply = await slack('account acme', 'U0ENGINEER');
    expect(reply.response_type).toBe('ephemeral');
    const json = JSON.stringify(reply.blocks);
    expect(reply.text).toBe("Acme Logistics: who's who, what is open, the last calls");
    for (const s of ['Dana Lee', 'VP Engineering', 'Technical buyer · aims: Close the books in three days; Fewer manual spreadsheets · last met 9 days ago', 'We lose two days every month-end matching payments by hand.', 'Send Dana the auto-matching beta invite', '1 internal note not shown', 'Log a call with Dana Lee']) {
      expect(json, s).toContain(s);
    }
    expect(json).not.toContain('Renewal risk');
  });

  it('shows managers the internal notes too, once an admin made them one', async () => {
    expect((await slack('role <@U0ENGINEER> manager', 'U0ENGINEER')).text).toContain('Only an admin can set roles');
    expect((await slack('role <@U0ENGINEER> manager', 'U0ADMIN')).text).toContain('is now a manager');
    const json = JSON.stringify((await slack('account acme', 'U0ENGINEER')).blocks);
    expect(json).toContain('Renewal risk: budget review in Q1');
    expect(json).toContain('internal');
  });

  it('answers the same on Teams once the tenant is paired, and a note written there updates who was last seen', async () => {
    const post = async (text: string) => {
      const before = connector.requests.length;
      await fetch(`${app.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(messageActivity(connector.url, text)) });
      expect(connector.requests.length).toBe(before + 1);
      return connector.requests.at(-1)!.body as unknown as SentActivity;
    };
    // The Teams tenant is an organisation of its own until an admin pairs it with the Slack one.
    expect((await post('hallway account northwind')).summary).toContain('No account is called "northwind"');
    const code = /[A-Z0-9]{4}-[A-Z0-9]{4}/.exec((await slack('pair', 'U0ADMIN')).text)![0];
    expect((await post(`hallway pair ${code}`)).summary).toContain('now belongs to the organisation');
    expect((await post(`hallway pair ${code}`)).summary).toContain('already used');
    await post('callnote Northwind with Priya: audit prep call');
    const reply = await post('hallway account northwind');
    expect(reply.summary).toBe("Northwind Health: who's who, what is open, the last calls");
    const json = JSON.stringify(reply.attachments?.[0]?.content);
    expect(json).toContain('last met today');
    expect(json).toContain('audit prep call');
  });

  it('says which accounts it knows when the name matches none', async () => {
    const reply = await slack('account Zenith', 'U0ENGINEER');
    expect(reply.text).toContain('No account is called "Zenith"');
    expect(JSON.stringify(reply.blocks)).toContain('/hallway account Zenith');
  });
});
