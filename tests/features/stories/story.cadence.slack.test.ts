import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { channelSubscriptions, conversations, engagement, stories, storyPosts } from '../../../src/db/schema.js';
import type { Hallway } from '../../../src/main.js';
import { startTestApp } from '../../support/app.js';
import type { Recorded } from '../../support/recording-server.js';
import { nowSeconds, sign, SIGNING_SECRET, slashCommand, startFakeSlackApi, TEAM_ID } from '../../support/slack.js';
import { account, manualClock, note, user } from './stories.fixtures.js';

/*
 * A channel's cadence over simulated weeks, through the real Bolt app: the
 * queue runs at each day's 09:00 on a manual clock, as the minute tick would.
 */

const clock = manualClock('2027-01-02T12:00:00Z'); // a Saturday
let app: Hallway;
let slackApi: Awaited<ReturnType<typeof startFakeSlackApi>>;
let ts = 0;

beforeAll(async () => {
  slackApi = await startFakeSlackApi({
    'users.info': (req: Recorded) => ({ ok: true, user: { id: req.body.user, name: req.body.user === 'U0LEE' ? 'lee' : 'sam' } }),
    'chat.postMessage': (req: Recorded) => ({ ok: true, channel: req.body.channel, ts: `1800000000.${String((ts += 1)).padStart(6, '0')}` }),
  });
  app = await startTestApp({ SLACK_BOT_TOKEN: 'xoxb-test-token', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: `${slackApi.url}/api/` }, clock);
  const owner = await user(app.db.db, { id: 'U0OWNER', name: 'Olivia Owner', role: 'manager' });
  // Twenty customers, one note each, so there is always a story left to tell.
  for (let i = 0; i < 20; i += 1) {
    const acc = await account(app.db.db, owner.orgId, `Customer ${String(i).padStart(2, '0')}`, { ownerId: owner.userId });
    await note(app.db.db, { orgId: owner.orgId, authorId: owner.userId, accountId: acc.id, people: [{ name: `Person ${i}`, title: 'CFO' }], quote: `Quote ${i}`, pains: [`pain ${i}`], metAt: new Date(Date.UTC(2026, 11, 1 + i)) });
  }
});

afterAll(async () => {
  await app?.close();
  await slackApi?.close();
});

function post(body: string, contentType = 'application/x-www-form-urlencoded') {
  return fetch(`${app.url}/slack/events`, { method: 'POST', headers: { 'content-type': contentType, ...sign(body, nowSeconds()) }, body });
}

let commands = 0;
async function slash(text: string, channel: string, userId = 'U0LEE') {
  const res = await post(slashCommand('/hallway', text, { channel_id: channel, user_id: userId, user_name: 'lee', trigger_id: `trigger-slash-${(commands += 1)}` }));
  expect(res.status).toBe(200);
  await app.queue.idle();
  return (await res.json()) as { response_type: string; text: string };
}

async function click(actionId: string, value: string, channel: string, messageTs: string) {
  const payload = {
    type: 'block_actions',
    user: { id: 'U0SAM', username: 'sam', name: 'sam', team_id: TEAM_ID },
    api_app_id: 'A0HALLWAY',
    token: 'deprecated-verification-token',
    container: { type: 'message', message_ts: messageTs, channel_id: channel, is_ephemeral: false },
    trigger_id: `trigger-${actionId}-${messageTs}`,
    team: { id: TEAM_ID, domain: 'hallway-test' },
    channel: { id: channel, name: 'engineering' },
    response_url: `${slackApi.url}/respond/${actionId}`,
    actions: [{ action_id: actionId, block_id: 'b', text: { type: 'plain_text', text: 'x' }, value, type: 'button', action_ts: '1800000100.000001' }],
  };
  const before = slackApi.calls(`/respond/${actionId}`).length;
  expect((await post(new URLSearchParams({ payload: JSON.stringify(payload) }).toString())).status).toBe(200);
  return vi.waitFor(() => {
    const reply = slackApi.calls(`/respond/${actionId}`)[before];
    if (!reply) throw new Error('no reply yet');
    return reply.body as { response_type: string; text: string };
  }, { timeout: 10_000 });
}

interface Sent {
  channel: string;
  text: string;
  blocks: Array<{ type: string; elements?: Array<{ action_id: string; value: string; text: { text: string } }> }>;
}
const sentTo = (channel: string) => slackApi.calls('chat.postMessage').map((c) => c.body as unknown as Sent).filter((b) => b.channel === channel);
/** A story is the message with the "hear more" button: its fallback text starts with the quote when it has one. */
const storiesIn = (channel: string) => sentTo(channel).filter((m) => m.blocks.some((b) => (b.elements ?? []).some((e) => e.action_id === 'story.hear_more')));
const noticesIn = (channel: string) => sentTo(channel).filter((m) => m.text.startsWith('Stories here now come'));

/** Runs the queue at 09:00 UTC on each day and returns the weekdays a story went out. */
async function days(channel: string, dates: string[]): Promise<string[]> {
  const posted: string[] = [];
  for (const date of dates) {
    const before = storiesIn(channel).length;
    clock.set(`${date}T09:00:00Z`);
    await app.queue.runDue(clock.now());
    await app.queue.idle();
    // The notice may go out on the next pass of the queue (it is enqueued while composing).
    clock.set(`${date}T09:01:00Z`);
    await app.queue.runDue(clock.now());
    await app.queue.idle();
    if (storiesIn(channel).length > before) posted.push(date);
  }
  return posted;
}

async function levelOf(channel: string) {
  const [row] = await app.db.db
    .select({ level: channelSubscriptions.cadenceLevel })
    .from(channelSubscriptions)
    .innerJoin(conversations, eq(conversations.id, channelSubscriptions.conversationId))
    .where(eq(conversations.externalId, channel));
  return row!.level;
}

async function lastStoryTs(channel: string): Promise<string> {
  const rows = await app.db.db
    .select({ ref: storyPosts.messageRef })
    .from(storyPosts)
    .innerJoin(conversations, eq(conversations.id, storyPosts.conversationId))
    .where(eq(conversations.externalId, channel))
    .orderBy(storyPosts.postedAt);
  return rows.at(-1)!.ref!.messageId;
}

describe('a quiet channel slows down, is told once, and comes back', () => {
  const C = 'C0QUIET';

  it('weekdays, then after five untouched stories Mon/Wed/Fri, with one notice and a Restore button', async () => {
    expect((await slash('subscribe 09:00 UTC', C)).response_type).toBe('in_channel');
    expect(await days(C, ['2027-01-04', '2027-01-05', '2027-01-06', '2027-01-07', '2027-01-08'])).toHaveLength(5);
    expect(await levelOf(C)).toBe(0);
    expect(noticesIn(C)).toEqual([]);

    // Week 2: Monday's story finds five quiet ones before it.
    expect(await days(C, ['2027-01-11', '2027-01-12', '2027-01-13', '2027-01-14', '2027-01-15'])).toEqual(['2027-01-11', '2027-01-13', '2027-01-15']);
    expect(await levelOf(C)).toBe(1);
    const notices = noticesIn(C);
    expect(notices).toHaveLength(1);
    expect(notices[0]!.text).toBe('Stories here now come on Mondays, Wednesdays and Fridays');
    expect(JSON.stringify(notices[0]!.blocks)).toContain('The last 5 stories here went by without a reaction, a reply or a click, so stories now come on Mondays, Wednesdays and Fridays at 09:00, not every weekday.');
    const restore = notices[0]!.blocks.flatMap((b) => b.elements ?? []).find((e) => e.action_id === 'story.restore_cadence');
    expect(restore).toMatchObject({ text: { text: 'Restore: every weekday' } });
  });

  it('five more untouched: weekly; a reaction to a story posted at that level brings it one step back', async () => {
    // Level 1 has had Mon 11, Wed 13, Fri 15; with Mon 18 and Wed 20 that is five.
    expect(await days(C, ['2027-01-18', '2027-01-19', '2027-01-20', '2027-01-21', '2027-01-22'])).toEqual(['2027-01-18', '2027-01-20']);
    expect(await levelOf(C)).toBe(2);
    expect(noticesIn(C).map((n) => n.text)).toEqual(['Stories here now come on Mondays, Wednesdays and Fridays', 'Stories here now come once a week, on Mondays']);
    expect(await days(C, ['2027-01-25'])).toEqual(['2027-01-25']);

    const storyTs = await lastStoryTs(C);
    const reaction = JSON.stringify({ token: 'x', team_id: TEAM_ID, api_app_id: 'A0HALLWAY', type: 'event_callback', event_id: 'Ev0CADENCE1', event_time: 1800000000, event: { type: 'reaction_added', user: 'U0SAM', reaction: 'heart', item: { type: 'message', channel: C, ts: storyTs }, item_user: 'U0BOT', event_ts: '1800000200.000100' } });
    expect((await post(reaction, 'application/json')).status).toBe(200);
    await vi.waitFor(async () => expect(await levelOf(C)).toBe(1), { timeout: 10_000 });
    // A second reaction to the same story is not a second step.
    const again = reaction.replace('Ev0CADENCE1', 'Ev0CADENCE2').replace('"heart"', '"tada"');
    await post(again, 'application/json');
    await vi.waitFor(async () => expect(await app.db.db.select().from(engagement).where(eq(engagement.detail, 'tada'))).toHaveLength(1), { timeout: 10_000 });
    expect(await levelOf(C)).toBe(1);

    // The manager's digest lists the channel that slowed down and the story engineers engaged with.
    clock.set('2027-01-25T12:00:00Z');
    const digest = await slash('digest preview', 'D0OWNER', 'U0OWNER');
    const [liked] = await app.db.db.select({ title: stories.title }).from(stories).innerJoin(storyPosts, eq(storyPosts.storyId, stories.id)).where(sql`${storyPosts.messageRef}->>'messageId' = ${storyTs}`);
    const text = JSON.stringify(digest);
    expect(text).toContain('Slowed down, as nobody engaged: #engineering (now on Mondays, Wednesdays and Fridays)');
    expect(text).toContain(`Most engaging: \\"${liked!.title}\\" (2 reactions)`);

    expect(await days(C, ['2027-01-26', '2027-01-27'])).toEqual(['2027-01-27']);
    // No notice for speeding up, and none repeated.
    expect(noticesIn(C)).toHaveLength(2);
  });

  it('the Restore button brings back every weekday, said in the channel', async () => {
    const notice = noticesIn(C)[0]!;
    const value = notice.blocks.flatMap((b) => b.elements ?? []).find((e) => e.action_id === 'story.restore_cadence')!.value;
    const reply = await click('story.restore_cadence', value, C, '1800000000.000001');
    expect(reply).toMatchObject({ response_type: 'in_channel', text: 'sam restored the stories here: every weekday at 09:00 again.' });
    expect(await levelOf(C)).toBe(0);
    expect(await days(C, ['2027-01-28', '2027-01-29'])).toEqual(['2027-01-28', '2027-01-29']);
    expect((await click('story.restore_cadence', value, C, '1800000000.000001')).text).toBe('Stories already come every weekday at 09:00 here.');
  });
});

describe('"not useful" steers what a channel gets', () => {
  it('after "not useful" on a story, the next skips a fresher one with the same pain', async () => {
    const C = 'C0STEER';
    clock.set('2027-02-01T12:00:00Z');
    const owner = await user(app.db.db, { id: 'U0OWNER', name: 'Olivia Owner' });
    const fresh = (name: string, pains: string[], day: number) =>
      account(app.db.db, owner.orgId, name, { ownerId: owner.userId }).then((a) =>
        note(app.db.db, { orgId: owner.orgId, authorId: owner.userId, accountId: a.id, people: [{ name: `${name} Lead` }], quote: `${name} said so`, pains, metAt: new Date(Date.UTC(2027, 0, day)) }),
      );
    await fresh('Recon One', ['manual reconciliation'], 31);
    await fresh('Recon Two', ['Manual reconciliation', 'late close'], 30);
    await fresh('Exports', ['slow exports'], 29);

    await slash('story', C);
    expect(storiesIn(C).at(-1)!.text).toBe('"Recon One said so" — Recon One Lead at Recon One');
    const [row] = await app.db.db.select({ id: storyPosts.id }).from(storyPosts).innerJoin(conversations, eq(conversations.id, storyPosts.conversationId)).where(eq(conversations.externalId, C));
    expect((await click('story.not_useful', row!.id, C, await lastStoryTs(C))).text).toBe('Thanks for saying so; noted.');

    await slash('story', C);
    expect(storiesIn(C).at(-1)!.text).toBe('"Exports said so" — Exports Lead at Exports');
    // Even an older story unlike it comes before the fresh one like it.
    await slash('story', C);
    expect(storiesIn(C).at(-1)!.text).toMatch(/^"Quote \d+" — Person \d+, CFO at Customer \d+$/);
  });
});
