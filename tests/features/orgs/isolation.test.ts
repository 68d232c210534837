import { eq, getTableColumns, is, sql } from 'drizzle-orm';
import { PgTable } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as schema from '../../../src/db/schema.js';
import { deliveries, orgs, workspaces } from '../../../src/db/schema.js';
import type { Hallway } from '../../../src/main.js';
import { startTestApp } from '../../support/app.js';
import { slackUser, teamsUser, type ChatUser } from '../../support/drivers.js';
import { SIGNING_SECRET, startFakeSlackApi } from '../../support/slack.js';
import { startFakeConnector } from '../../support/teams.js';

/*
 * Two companies on one Hallway: Alpha on Slack, Beta on Teams. Each logs its
 * customers, subscribes, and lets a week of scheduled work run; then each
 * tries every registered command, button and form against the other's data.
 * Nothing of one may reach the other: no marker word of Alpha's book in
 * anything sent to Beta (and the reverse), and not one row of the other's
 * changed. Commands, actions, forms and delivery kinds are read from the
 * registry, so a new one is covered without editing this file.
 */

let now = new Date('2027-01-04T08:00:00Z'); // a Monday
const clock = { now: () => now };
let app: Hallway;
let slackApi: Awaited<ReturnType<typeof startFakeSlackApi>>;
let connector: Awaited<ReturnType<typeof startFakeConnector>>;

const ALPHA = { team: 'T0ALPHA', user: 'UA1', channel: 'CA1', engineer: 'UA2' };
const BETA = { tenant: 'tenant-beta', user: '29:beta-admin', name: 'Bea Boss', personal: 'a:beta-personal', channel: '19:beta@thread.tacv2', engineer: '29:beta-engineer' };
/** Words only Alpha's book contains, and only Beta's; the probes below never type them (they do type Yara's name). */
const ALPHA_WORDS = /ALPHA(QUOTE|PAIN|WANT|FOLLOW|INTERNAL|SECOND|GOAL)|Zed Alphason|Quinn Alphason|Anna Alpha/;
const BETA_WORDS = /BETA(QUOTE|PAIN|WANT|FOLLOW|INTERNAL|SECOND|GOAL)|Zed Betason|Quinn Betason|Bea Boss/;

let alpha: ChatUser;
let alphaEngineer: ChatUser;
let beta: ChatUser;
let betaEngineer: ChatUser;

beforeAll(async () => {
  slackApi = await startFakeSlackApi({
    'users.info': (req) => ({ ok: true, user: { id: req.body.user, name: 'anna', real_name: req.body.user === ALPHA.user ? 'Anna Alpha' : 'Alan Engineer', tz: 'UTC', profile: {} } }),
  });
  connector = await startFakeConnector();
  app = await startTestApp({ SLACK_BOT_TOKEN: 'xoxb-test-token', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: `${slackApi.url}/api/` }, clock);
  alpha = slackUser(app.url, slackApi, { team: ALPHA.team, user: ALPHA.user, channel: ALPHA.channel });
  alphaEngineer = slackUser(app.url, slackApi, { team: ALPHA.team, user: ALPHA.engineer, channel: ALPHA.channel });
  beta = teamsUser(app.url, connector, { tenant: BETA.tenant, user: BETA.user, name: BETA.name, conversation: BETA.personal });
  betaEngineer = teamsUser(app.url, connector, { tenant: BETA.tenant, user: BETA.engineer, name: 'Ben Engineer', conversation: BETA.channel, kind: 'channel' });

  await book(alpha, 'ALPHA', 'Alpha');
  await book(beta, 'BETA', 'Beta');
  // The stories channel on Teams is known once someone speaks there.
  await betaEngineer.command('hallway', 'subscribe 09:30 UTC daily');
  await alpha.command('hallway', 'subscribe 09:30 UTC daily');
  // Accounts go cold after two quiet days, so the week below sees it happen.
  await app.db.db.update(orgs).set({ settings: { goingColdDays: 2 } });
}, 60_000);

afterAll(async () => {
  await app?.close();
  await slackApi?.close();
  await connector?.close();
});

/** The same shape of book in each company, every text carrying its marker. */
async function book(who: ChatUser, MARK: string, Mark: string) {
  await who.command('callnote', `Acme with Zed ${Mark}son (CFO): "${MARK}QUOTE we lose two days" pain: ${MARK}PAIN; want: ${MARK}WANT; follow-up: ${MARK}FOLLOW by 2027-01-05`);
  await who.command('callnote', `Acme: ${MARK}INTERNAL renewal risk #internal`);
  await who.command('callnote', `${Mark}corp with Quinn ${Mark}son (COO): "${MARK}SECOND quote"`);
  await who.command('stakeholder', `Acme add Yara ${Mark}line as VP Finance replacing Zed ${Mark}son`);
  await who.command('stakeholder', `Acme objectives Yara ${Mark}line: ${MARK}GOAL one; ${MARK}GOAL two`);
  await who.command('hallway', 'digest subscribe monday 09:00');
}

const orgTables = (Object.values(schema) as unknown[]).filter((t): t is PgTable => is(t, PgTable) && 'orgId' in getTableColumns(t));

/** Every row an organisation owns, as text, to prove the other changed none of it. */
async function rowsOf(orgId: string): Promise<string> {
  const parts: string[] = [];
  for (const t of orgTables) {
    const rows = await app.db.db.select().from(t).where(eq((t as unknown as { orgId: typeof orgs.id }).orgId, orgId));
    parts.push(JSON.stringify(rows.map((r) => JSON.stringify(r)).sort()));
  }
  return parts.join('\n');
}

async function orgOf(platform: 'slack' | 'teams', externalId: string): Promise<string> {
  const [ws] = await app.db.db.select({ orgId: workspaces.orgId }).from(workspaces).where(eq(workspaces.externalId, externalId));
  if (!ws) throw new Error(`no workspace ${platform}:${externalId}`);
  return ws.orgId;
}

/** The ids of an organisation's rows that buttons and forms carry: what a forged click might send. */
async function idsOf(orgId: string): Promise<string[]> {
  const ids = new Set<string>();
  const { accounts, people, notes, stakeholderChanges, followUps, stories, storyPosts } = schema;
  for (const t of [accounts, people, notes, stakeholderChanges, followUps, stories, storyPosts]) {
    const rows = (await app.db.db.execute(sql`select id::text as id from ${t} where org_id = ${orgId}`)) as unknown;
    const list = Array.isArray(rows) ? rows : ((rows as { rows: unknown[] }).rows ?? []);
    for (const r of list as Array<{ id: string }>) ids.add(r.id);
  }
  return [...ids];
}

const sentToSlack = () => slackApi.requests.map((r) => JSON.stringify(r.body)).join('\n');
const sentToTeams = () => connector.requests.map((r) => JSON.stringify(r.body)).join('\n');

describe('two organisations side by side', () => {
  it('keeps workspaces apart: each company is an organisation of its own, each first person its admin', async () => {
    const a = await orgOf('slack', ALPHA.team);
    const b = await orgOf('teams', BETA.tenant);
    expect(a).not.toBe(b);
    expect(await alpha.command('hallway', 'role')).toContain('Admins: Anna Alpha');
    expect(await beta.command('hallway', 'role')).toContain(`Admins: ${BETA.name}`);
  });

  it('runs a week of scheduled work: every delivery kind fires in both, and each message stays in its own company', async () => {
    const start = now.getTime();
    for (let hour = 0; hour < 8 * 24; hour += 1) {
      now = new Date(start + hour * 3600_000 + 30 * 60_000);
      await app.queue.runDue(now);
    }
    // Hear-more is a delivery kind too: an engineer asks about their own company's story.
    for (const [who, orgId] of [[alphaEngineer, await orgOf('slack', ALPHA.team)], [betaEngineer, await orgOf('teams', BETA.tenant)]] as const) {
      const [post] = await app.db.db.select({ id: schema.storyPosts.id }).from(schema.storyPosts).where(eq(schema.storyPosts.orgId, orgId)).limit(1);
      expect(post, 'a story was posted in each company').toBeDefined();
      await who.click('story.hear_more', post!.id);
    }
    await app.queue.runDue(now);
    await app.queue.idle();

    const kinds = app.features.flatMap((f) => f.deliveries ?? []).map((k) => k.kind);
    const fired = await app.db.db
      .select({ orgId: deliveries.orgId, kind: deliveries.kind, sent: sql<number>`count(*) filter (where ${deliveries.status} = 'sent')::int` })
      .from(deliveries)
      .groupBy(deliveries.orgId, deliveries.kind);
    for (const [label, orgId] of [['Alpha', await orgOf('slack', ALPHA.team)], ['Beta', await orgOf('teams', BETA.tenant)]] as const) {
      for (const kind of kinds) {
        expect(fired.find((f) => f.orgId === orgId && f.kind === kind)?.sent ?? 0, `${label}: ${kind} sent`).toBeGreaterThan(0);
      }
    }
    expect(sentToSlack()).toMatch(ALPHA_WORDS);
    expect(sentToTeams()).toMatch(BETA_WORDS);
    expect(sentToSlack()).not.toMatch(BETA_WORDS);
    expect(sentToTeams()).not.toMatch(ALPHA_WORDS);
  }, 240_000);

  it('answers every command, button and form from one company without a word or a change of the other', async () => {
    const registry = app.features;
    const commands = registry.flatMap((f) => Object.keys(f.commands ?? {}));
    const actions = registry.flatMap((f) => Object.keys(f.actions ?? {}));
    const forms = registry.flatMap((f) => Object.keys(f.forms ?? {}));
    expect(commands.length).toBeGreaterThan(10);

    const sides = [
      { name: 'Beta probing Alpha', prober: beta, engineer: betaEngineer, victim: await orgOf('slack', ALPHA.team), Mark: 'Alpha', words: ALPHA_WORDS, seen: sentToTeams },
      { name: 'Alpha probing Beta', prober: alpha, engineer: alphaEngineer, victim: await orgOf('teams', BETA.tenant), Mark: 'Beta', words: BETA_WORDS, seen: sentToSlack },
    ];
    for (const side of sides) {
      const before = await rowsOf(side.victim);
      const ids = await idsOf(side.victim);
      const seenBefore = side.seen().length;
      // What a curious user of the other company might type: the victim's names (never its content words).
      const args = ['', 'Acme', `${side.Mark}corp`, `Acme list`, `Acme left Yara ${side.Mark}line`, `Acme edit Yara ${side.Mark}line`, `Acme replan Yara ${side.Mark}line`, `Yara ${side.Mark}line`, 'preview', 'what did Acme say about month-end?'];
      const answers: string[] = [];
      // Commands as an engineer and as the prober's admin; buttons and forms as the admin, who may do the most.
      for (const who of [side.engineer, side.prober]) {
        for (const key of commands) {
          const [command, sub] = key.split(' ') as ['callnote' | 'stakeholder' | 'hallway', string | undefined];
          // Erasing and pairing act on the prober's own organisation; they are probed without arguments.
          for (const a of sub === 'forget' || sub === 'pair' ? [''] : args) answers.push(await who.command(command, `${sub ?? ''} ${a}`.trim()));
        }
      }
      for (const actionId of actions) {
        for (const id of ids) answers.push(await side.prober.click(actionId, id));
        answers.push(await side.prober.click(actionId, JSON.stringify({ name: `Yara ${side.Mark}line`, by: ids[0] })));
      }
      for (const formId of forms) {
        for (const id of ids) answers.push(await side.prober.submit(formId, { account: 'Acme', summary: 'probe', objectives: 'probe' }, id));
      }
      await app.queue.idle();
      const leaked = answers.filter((a) => side.words.test(a)).map((a) => a.slice(Math.max(0, a.search(side.words) - 300), a.search(side.words) + 100));
      expect(leaked, `${side.name}: answers that carry the other company's words`).toEqual([]);
      expect(side.seen().slice(seenBefore), `${side.name}: messages sent meanwhile`).not.toMatch(side.words);
      expect(answers.filter((a) => /^5\d\d /.test(a)), `${side.name}: server errors`).toEqual([]);
      expect(await rowsOf(side.victim), `${side.name}: the other company's rows`).toBe(before);
    }
  }, 300_000);
});
