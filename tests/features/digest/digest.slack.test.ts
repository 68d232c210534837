import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelSubscriptions, conversations, deliveries, teamMembers, users, workspaces } from '../../../src/db/schema.js';
import type { Hallway } from '../../../src/main.js';
import { startTestApp } from '../../support/app.js';
import { nowSeconds, sign, SIGNING_SECRET, slashCommand, startFakeSlackApi, TEAM_ID } from '../../support/slack.js';
import { insertSmallBook } from './small-book.js';
import { slackDigestBlocks } from './expected-slack.js';

let app: Hallway;
let slackApi: Awaited<ReturnType<typeof startFakeSlackApi>>;
/** Mon 30 Nov 2026, 08:30 in Berlin: half an hour before the digest slot. */
let now = new Date('2026-11-30T07:30:00.000Z');
const T = new Date('2026-11-30T08:00:00.000Z');

beforeAll(async () => {
  const names: Record<string, string> = { U0MARIA: 'Maria Silva', U0SAM: 'Sam Berg', U0LEE: 'Lee Park' };
  slackApi = await startFakeSlackApi({
    'users.info': (req) => {
      const id = String(req.body.user);
      return names[id] ? { ok: true, user: { id, name: id.slice(2).toLowerCase(), real_name: names[id], tz: 'Europe/Berlin', profile: { display_name: '' } } } : { ok: false, error: 'user_not_found' };
    },
  });
  app = await startTestApp(
    { SLACK_BOT_TOKEN: 'xoxb-test-token', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: `${slackApi.url}/api/`, HALLWAY_TIMEZONE: 'Europe/Berlin' },
    { now: () => now },
  );
});

afterAll(async () => {
  await app?.close();
  await slackApi?.close();
});

interface SlackReply {
  response_type: string;
  text: string;
  blocks: Array<Record<string, unknown>>;
}

async function hallway(text: string): Promise<SlackReply> {
  const body = slashCommand('/hallway', text);
  const res = await fetch(`${app.url}/slack/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...sign(body, nowSeconds()) },
    body,
  });
  expect(res.status).toBe(200);
  return (await res.json()) as SlackReply;
}

const digestPosts = () => slackApi.calls('chat.postMessage').filter((r) => String(r.body.text).startsWith('Your weekly digest'));

async function userId(externalId: string): Promise<string> {
  const [row] = await app.db.db.select({ id: users.id }).from(users).where(and(eq(users.platform, 'slack'), eq(users.externalId, externalId)));
  return row!.id;
}

describe('the digest through a signed Slack slash command', () => {
  it('makes the first person of a new organisation its admin, and tells them once', async () => {
    const reply = await hallway('team');
    expect(reply.response_type).toBe('ephemeral');
    expect(JSON.stringify(reply.blocks)).toContain("so you are this organisation's admin");
    expect(JSON.stringify((await hallway('team')).blocks)).not.toContain("organisation's admin");
  });

  it('refuses "team add" without a mention, and a word that is not a mention', async () => {
    expect((await hallway('team add')).text).toBe('⚠️ Whom should I add? "team add" needs at least one @mention.');
    const reply = await hallway('team add <@U0SAM|sam> lee');
    expect(reply.text).toBe('⚠️ "lee" is not an @mention, so I can\'t tell who it is.');
    expect(JSON.stringify(reply.blocks)).toContain('/hallway team add <@U0SAM|sam> lee');
    expect(await app.db.db.select().from(teamMembers)).toEqual([]);
  });

  it('sets the team from mentions, recording people it has not met by their Slack names', async () => {
    const reply = await hallway('team add <@U0SAM|sam> <@U0LEE>');
    expect(reply.text).toBe('Your digest covers 2 people: Lee Park, Sam Berg.');
    const removed = await hallway('team remove <@U0LEE> <@U0NOBODY|nobody>');
    expect(removed.text).toBe('Your digest covers 1 person: Sam Berg.');
    expect(JSON.stringify(removed.blocks)).toContain('Not on your team: nobody.');
    const [maria] = await app.db.db.select({ role: users.role }).from(users).where(eq(users.externalId, 'U0MARIA'));
    expect(maria?.role).toBe('admin');
    const [sam] = await app.db.db.select({ workspaceId: users.workspaceId, name: users.displayName }).from(users).where(eq(users.externalId, 'U0SAM'));
    const [ws] = await app.db.db.select({ id: workspaces.id }).from(workspaces).where(eq(workspaces.externalId, TEAM_ID));
    expect(sam).toEqual({ workspaceId: ws!.id, name: 'Sam Berg' });
  });

  it.each([
    ['digest subscribe funday 09:00', '⚠️ "funday" is not a day of the week.'],
    ['digest subscribe monday 25:00', '⚠️ "25:00" is not a time: use 24-hour HH:MM, 00:00 to 23:59.'],
    ['digest weekly', '⚠️ I don\'t know "digest weekly".'],
  ])('answers "/hallway %s" with what was wrong', async (text, expected) => {
    const reply = await hallway(text);
    expect(reply.text).toBe(expected);
    expect(JSON.stringify(reply.blocks)).toContain(`/hallway ${text}`);
  });

  it('subscribes the manager to a Monday 09:00 digest by DM, in their zone', async () => {
    const reply = await hallway('digest subscribe');
    expect(reply.text).toBe('📬 Your digest will come by direct message every Monday at 09:00 (Europe/Berlin). The next one: Mon 30 Nov 09:00.');
    const subs = await app.db.db
      .select({ kind: channelSubscriptions.kind, weekday: channelSubscriptions.weekday, time: channelSubscriptions.localTime, tz: channelSubscriptions.timezone, user: channelSubscriptions.userId, key: conversations.externalId, convKind: conversations.kind })
      .from(channelSubscriptions)
      .innerJoin(conversations, eq(conversations.id, channelSubscriptions.conversationId));
    expect(subs).toEqual([{ kind: 'digest', weekday: 1, time: '09:00', tz: 'Europe/Berlin', user: await userId('U0MARIA'), key: 'U0MARIA', convKind: 'personal' }]);
  });

  it('previews the week so far, privately, as exact Block Kit', async () => {
    const [ws] = await app.db.db.select({ id: workspaces.id, orgId: workspaces.orgId }).from(workspaces).where(eq(workspaces.externalId, TEAM_ID));
    await insertSmallBook(app.db.db, { orgId: ws!.orgId, workspaceId: ws!.id, member: await userId('U0SAM'), outsider: await userId('U0LEE'), channel: 'C0STORIES' });
    now = T;
    const reply = await hallway('digest preview');
    expect(reply.response_type).toBe('ephemeral');
    expect(reply.text).toBe('Your week so far: 4 things need you; 3 notes, 1 stakeholder change');
    expect(reply.blocks).toEqual(slackDigestBlocks('Your week so far', 'Sam Berg'));
    // "hallway digest" alone is the preview too.
    expect((await hallway('digest')).blocks).toEqual(reply.blocks);
  });

  it('delivers the digest once by DM when the slot comes, through the delivery queue', async () => {
    now = new Date(T.getTime() + 5 * 60_000);
    await app.queue.runDue(now);
    // Other features (stakeholder reminders) may DM the account manager in the same run.
    expect(slackApi.calls('conversations.open').map((r) => r.body.users)).toContain('U0MARIA');
    const posts = digestPosts();
    expect(posts).toHaveLength(1);
    expect(posts[0]!.body.channel).toBe('D0DM');
    expect(posts[0]!.body.text).toBe('Your weekly digest: 4 things need you; 3 notes, 1 stakeholder change');
    // The trend chart was uploaded first (a PNG, sent to the URL Slack gave), then shown in the digest by its file id.
    const [asked] = slackApi.calls('files.getUploadURLExternal');
    expect(asked!.body).toMatchObject({ filename: 'digest-trend.png', alt_text: 'Per week, oldest to newest: call notes 0, 0, 1, 0, 0, 0, 1, 3; story engagement 0, 0, 0, 0, 0, 0, 0, 3' });
    const [bytes] = slackApi.calls('/upload/F0UPLOAD1');
    expect(bytes!.headers['content-type']).toBe('image/png');
    expect(Number(bytes!.headers['content-length'])).toBe(Number(asked!.body.length));
    expect(slackApi.calls('files.completeUploadExternal').map((r) => r.body.files)).toEqual([[{ id: 'F0UPLOAD1', title: 'Per week, oldest to newest: call notes 0, 0, 1, 0, 0, 0, 1, 3; story engagement 0, 0, 0, 0, 0, 0, 0, 3' }]]);
    expect(posts[0]!.body.blocks).toEqual(slackDigestBlocks('Your week to Mon 30 Nov', 'Sam Berg', 'F0UPLOAD1'));
    const [sub] = await app.db.db.select({ id: channelSubscriptions.id }).from(channelSubscriptions);
    const queued = await app.db.db
      .select({ key: deliveries.dedupeKey, status: deliveries.status, dueAt: deliveries.dueAt, target: deliveries.target })
      .from(deliveries)
      .where(eq(deliveries.kind, 'digest'));
    expect(queued).toEqual([{ key: `digest:${sub!.id}:2026-11-30`, status: 'sent', dueAt: T, target: { type: 'user', platform: 'slack', userId: 'U0MARIA' } }]);

    // Every later tick inside the late window plans the same delivery: nothing more is sent.
    now = new Date(T.getTime() + 60 * 60_000);
    await app.queue.runDue(now);
    expect(digestPosts()).toHaveLength(1);
  });

  it('stops after unsubscribe', async () => {
    expect((await hallway('digest unsubscribe')).text).toBe('No more weekly digests. "/hallway digest subscribe" brings them back.');
    expect((await hallway('digest unsubscribe')).text).toBe('You were not subscribed to the digest.');
    now = new Date('2026-12-07T08:05:00.000Z');
    await app.queue.runDue(now);
    expect(digestPosts()).toHaveLength(1);
  });
});
