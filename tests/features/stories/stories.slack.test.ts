import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { channelSubscriptions, conversations, deliveries, engagement, storyPosts } from '../../../src/db/schema.js';
import type { Hallway } from '../../../src/main.js';
import { startTestApp } from '../../support/app.js';
import type { Recorded } from '../../support/recording-server.js';
import { nowSeconds, sign, SIGNING_SECRET, slashCommand, startFakeSlackApi, TEAM_ID } from '../../support/slack.js';
import { account, manualClock, note, user } from './stories.fixtures.js';

/*
 * Stories through the real Bolt app: signed slash commands, block_actions
 * and events at POST /slack/events, and the Web API at a recording server.
 */

const clock = manualClock('2027-01-02T12:00:00Z'); // a Saturday
let app: Hallway;
let slackApi: Awaited<ReturnType<typeof startFakeSlackApi>>;
let ts = 0;

beforeAll(async () => {
  slackApi = await startFakeSlackApi({
    'users.info': (req: Recorded) => ({ ok: true, user: { id: req.body.user, name: 'maria', tz: req.body.user === 'U0MARIA' ? 'America/New_York' : undefined } }),
    // Distinct message timestamps, so reactions and replies can be matched to one post.
    'chat.postMessage': (req: Recorded) => ({ ok: true, channel: req.body.channel, ts: `1800000000.${String((ts += 1)).padStart(6, '0')}` }),
  });
  app = await startTestApp({ SLACK_BOT_TOKEN: 'xoxb-test-token', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: `${slackApi.url}/api/` }, clock);
});

afterAll(async () => {
  await app?.close();
  await slackApi?.close();
});

async function slash(text: string, overrides: Record<string, string> = {}) {
  const body = slashCommand('/hallway', text, overrides);
  const res = await fetch(`${app.url}/slack/events`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...sign(body, nowSeconds()) }, body });
  expect(res.status).toBe(200);
  const reply = (await res.json()) as { response_type: string; text: string; blocks: unknown[] };
  return { ...reply, text: unescape(reply.text) };
}

/** The fallback text is mrkdwn, so `&`, `<` and `>` arrive as entities; nothing else is changed. */
function unescape(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** An interactive click exactly as Slack posts it: the JSON in a form field named payload. */
async function click(actionId: string, value: string, messageTs: string, userId = 'U0SAM', name = 'sam') {
  const payload = {
    type: 'block_actions',
    user: { id: userId, username: name, name, team_id: TEAM_ID },
    api_app_id: 'A0HALLWAY',
    token: 'deprecated-verification-token',
    container: { type: 'message', message_ts: messageTs, channel_id: 'C0ENGINEERS', is_ephemeral: false },
    trigger_id: `13345224609.738474920.${actionId}${value.slice(0, 8)}`,
    team: { id: TEAM_ID, domain: 'hallway-test' },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: 'C0ENGINEERS', name: 'engineering' },
    message: { type: 'message', ts: messageTs, user: 'U0BOT', bot_id: 'B0BOT', text: 'Customer story', blocks: [] },
    state: { values: {} },
    response_url: `${slackApi.url}/actions/respond/${actionId}`,
    actions: [{ action_id: actionId, block_id: 'story', text: { type: 'plain_text', text: 'button', emoji: true }, value, type: 'button', action_ts: '1800000100.000001' }],
  };
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  const answered = slackApi.calls(`/actions/respond/${actionId}`).length;
  const res = await fetch(`${app.url}/slack/events`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...sign(body, nowSeconds()) }, body });
  expect(res.status).toBe(200);
  // Bolt acks at once and the reply follows at response_url.
  return vi.waitFor(() => {
    const reply = slackApi.calls(`/actions/respond/${actionId}`)[answered];
    if (!reply) throw new Error('no reply yet');
    return reply.body as { response_type: string; replace_original: boolean; text: string };
  }, { timeout: 10_000 });
}

async function event(e: Record<string, unknown>, id: string) {
  const body = JSON.stringify({ token: 'x', team_id: TEAM_ID, api_app_id: 'A0HALLWAY', type: 'event_callback', event_id: id, event_time: 1800000000, event: e });
  const res = await fetch(`${app.url}/slack/events`, { method: 'POST', headers: { 'content-type': 'application/json', ...sign(body, nowSeconds()) }, body });
  expect(res.status).toBe(200);
}

const engagementOf = (postId: string) =>
  app.db.db.select({ kind: engagement.kind, detail: engagement.detail }).from(engagement).where(eq(engagement.storyPostId, postId));

describe('/hallway subscribe and unsubscribe in a Slack channel', () => {
  it("subscribes with the defaults: 09:30, the subscriber's Slack timezone, weekdays; says when the first story comes", async () => {
    const reply = await slash('subscribe');
    expect(reply.response_type).toBe('in_channel');
    expect(reply.text).toBe('📣 This channel will meet one customer every weekday at 09:30 (America/New_York). The first story: Monday 4 January, 09:30.');
    // The timezone comes back exactly as written, so it can be copied into the next command.
    expect(reply.blocks[0]).toEqual({
      type: 'rich_text',
      elements: [{ type: 'rich_text_section', elements: [{ type: 'text', text: '📣 This channel will meet one customer every weekday at 09:30 (America/New_York). The first story: Monday 4 January, 09:30.' }] }],
    });
    const [row] = await app.db.db
      .select({ kind: conversations.kind, localTime: channelSubscriptions.localTime, timezone: channelSubscriptions.timezone, days: channelSubscriptions.days, tags: channelSubscriptions.tags, active: channelSubscriptions.active })
      .from(channelSubscriptions)
      .innerJoin(conversations, eq(conversations.id, channelSubscriptions.conversationId))
      .where(and(eq(conversations.platform, 'slack'), eq(conversations.externalId, 'C0ENGINEERS')));
    expect(row).toEqual({ kind: 'channel', localTime: '09:30', timezone: 'America/New_York', days: 'weekdays', tags: [], active: true });
  });

  it('takes a time, zone, days and tags, replacing the earlier terms', async () => {
    const reply = await slash('subscribe 14:00 asia/kolkata daily tags: Payments, onboarding', { channel_id: 'C0PAYMENTS' });
    expect(reply.text).toBe('📣 This channel will meet one customer every day at 14:00 (Asia/Kolkata), about accounts or notes tagged payments, onboarding. The first story: Sunday 3 January, 14:00.');
    const again = await slash('subscribe 08:00 UTC', { channel_id: 'C0PAYMENTS' });
    expect(again.text).toBe('📣 This channel will meet one customer every weekday at 08:00 (UTC). The first story: Monday 4 January, 08:00.');
    const rows = await app.db.db.select({ tz: channelSubscriptions.timezone }).from(channelSubscriptions).innerJoin(conversations, eq(conversations.id, channelSubscriptions.conversationId)).where(eq(conversations.externalId, 'C0PAYMENTS'));
    expect(rows).toEqual([{ tz: 'UTC' }]);
  });

  it.each([
    ['subscribe 25:00', '⚠️ "25:00" is not a time I can read.'],
    ['subscribe 09:30 Mars/Olympus', '⚠️ "Mars/Olympus" is not a timezone I know.'],
    ['subscribe weekly', '⚠️ "weekly" is not a schedule I can keep: stories go out on weekdays or daily.'],
    ['subscribe 09:30 at noon', '⚠️ I don\'t understand "at" in a subscription.'],
    ['subscribe tags:', '⚠️ "tags:" needs at least one tag after it.'],
  ])('answers "/hallway %s" privately with what was wrong and the text echoed', async (text, problem) => {
    const reply = await slash(text, { channel_id: 'C0BADINPUT' });
    expect(reply.response_type).toBe('ephemeral');
    expect(reply.text).toBe(problem);
    const json = JSON.stringify(reply.blocks);
    expect(json).toContain(`/hallway ${text}`.replace(/</g, '&lt;'));
    expect(json).toContain('e.g. /hallway subscribe 09:30 Europe/Berlin weekdays tags: payments');
    const subscribed = await app.db.db.select().from(conversations).innerJoin(channelSubscriptions, eq(channelSubscriptions.conversationId, conversations.id)).where(eq(conversations.externalId, 'C0BADINPUT'));
    expect(subscribed).toEqual([]);
  });

  it('unsubscribes, and says so when there was nothing to stop', async () => {
    await slash('subscribe', { channel_id: 'C0LEAVING' });
    expect(await slash('unsubscribe', { channel_id: 'C0LEAVING' })).toMatchObject({ response_type: 'in_channel', text: 'Daily customer stories in this channel are stopped.' });
    expect(await slash('unsubscribe', { channel_id: 'C0LEAVING' })).toMatchObject({ response_type: 'ephemeral', text: 'This channel has no daily stories to stop.' });
  });
});

describe('stories in a Slack channel', () => {
  let postId: string;
  let storyTs: string;

  it('says why /hallway story has nothing to post when no note can be shared', async () => {
    const reply = await slash('story', { channel_id: 'C0EMPTY' });
    expect(reply).toMatchObject({
      response_type: 'ephemeral',
      text: 'There are no shareable notes yet: a story needs a note shared with engineering, with consent to quote, that names a person. Log one with /callnote.',
    });
  });

  it('posts a story now with /hallway story, through the queue, carrying the delivery id in metadata', async () => {
    const owner = await user(app.db.db, { id: 'U0OWNER', name: 'Olivia Owner', role: 'member' });
    const acme = await account(app.db.db, owner.orgId, 'Acme', { ownerId: owner.userId });
    await note(app.db.db, { orgId: owner.orgId, authorId: owner.userId, accountId: acme.id, quote: 'We lose two days every month-end', pains: ['manual reconciliation'], wants: ['auto-matching'], metAt: new Date('2026-12-30T15:00:00Z') });

    const before = slackApi.calls('chat.postMessage').length;
    const reply = await slash('story');
    expect(reply).toMatchObject({ response_type: 'ephemeral', text: 'A customer story is on its way to this channel.' });
    await app.queue.idle();

    const posts = slackApi.calls('chat.postMessage').slice(before);
    expect(posts).toHaveLength(1);
    const sent = posts[0]!.body as { channel: string; text: string; blocks: Array<{ type: string; text?: { text: string }; elements?: Array<{ action_id: string; value: string }> }>; metadata: unknown };
    const [delivery] = await app.db.db.select().from(deliveries).where(eq(deliveries.kind, 'story'));
    expect(sent.channel).toBe('C0ENGINEERS');
    expect(sent.text).toBe('"We lose two days every month-end" — Dana Lee, VP Engineering at Acme');
    expect(sent.metadata).toEqual({ event_type: 'hallway_delivery', event_payload: { delivery_id: delivery!.id } });
    // The headline names Dana, so the card does not name her again: her words come straight after it.
    expect(sent.blocks.map((b) => b.type)).toEqual(['header', 'rich_text', 'rich_text', 'rich_text', 'rich_text', 'rich_text', 'rich_text', 'context', 'actions']);
    expect(sent.blocks.slice(0, 2)).toEqual([
      { type: 'header', text: { type: 'plain_text', text: 'Meet Dana Lee, VP Engineering at Acme' } },
      { type: 'rich_text', elements: [{ type: 'rich_text_quote', elements: [{ type: 'text', text: 'We lose two days every month-end' }] }] },
    ]);

    const [post] = await app.db.db.select().from(storyPosts);
    postId = post!.id;
    storyTs = (post!.messageRef as { messageId: string }).messageId;
    expect(post!.messageRef).toEqual({ platform: 'slack', conversationKey: 'C0ENGINEERS', messageId: storyTs });
    expect(sent.blocks.at(-1)!.elements!.map((e) => [e.action_id, e.value])).toEqual([
      ['story.hear_more', postId],
      ['story.not_useful', postId],
    ]);
    expect(delivery).toMatchObject({ status: 'sent', messageRef: post!.messageRef });
  });

  it('"I\'d like to hear more" DMs the account owner and tells the engineer privately; a second click tells nobody twice', async () => {
    const beforeDm = slackApi.calls('conversations.open').length;
    const reply = await click('story.hear_more', postId, storyTs);
    expect(reply).toMatchObject({ response_type: 'ephemeral', replace_original: false, text: "Thanks! I've told Olivia Owner (who looks after Acme) that you'd like to hear more about Dana Lee at Acme." });
    await app.queue.idle();
    expect(slackApi.calls('conversations.open').slice(beforeDm).map((c) => c.body.users)).toEqual(['U0OWNER']);
    const dm = slackApi.calls('chat.postMessage').at(-1)!.body as { channel: string; text: string };
    expect(dm).toMatchObject({ channel: 'D0DM', text: 'sam would like to hear more about Dana Lee at Acme' });
    expect(await engagementOf(postId)).toEqual([{ kind: 'hear_more', detail: null }]);

    const again = await click('story.hear_more', postId, storyTs);
    expect(again.text).toBe('You already asked about Dana Lee; Olivia Owner (who looks after Acme) has been told.');
    await app.queue.idle();
    expect(slackApi.calls('conversations.open').length).toBe(beforeDm + 1);
    expect(await engagementOf(postId)).toHaveLength(1);
  });

  it('records "Not useful" once per engineer', async () => {
    const reply = await click('story.not_useful', postId, storyTs, 'U0LEE', 'lee');
    expect(reply).toMatchObject({ response_type: 'ephemeral', text: 'Thanks for saying so; noted.' });
    await click('story.not_useful', postId, storyTs, 'U0LEE', 'lee');
    expect((await engagementOf(postId)).filter((e) => e.kind === 'not_useful')).toHaveLength(1);
  });

  it('records reactions to and thread replies under the story, and nothing for other messages', async () => {
    await event({ type: 'reaction_added', user: 'U0SAM', reaction: 'tada', item: { type: 'message', channel: 'C0ENGINEERS', ts: storyTs }, item_user: 'U0BOT', event_ts: '1800000200.000100' }, 'Ev0REACT1');
    await event({ type: 'reaction_added', user: 'U0SAM', reaction: 'eyes', item: { type: 'message', channel: 'C0ENGINEERS', ts: '1800000000.999999' }, item_user: 'U0LEE', event_ts: '1800000200.000200' }, 'Ev0REACT2');
    await event(
      { type: 'message', channel: 'C0ENGINEERS', channel_type: 'channel', user: 'U0LEE', text: 'We saw this in the logs too', ts: '1800000300.000100', thread_ts: storyTs, event_ts: '1800000300.000100' },
      'Ev0REPLY1',
    );
    await vi.waitFor(async () => {
      // Events are acknowledged first and handled after: the two rows may land in either order.
      const rows = (await engagementOf(postId)).filter((e) => e.kind === 'reaction' || e.kind === 'reply');
      expect(rows.sort((a, b) => a.kind.localeCompare(b.kind))).toEqual([
        { kind: 'reaction', detail: 'tada' },
        { kind: 'reply', detail: 'We saw this in the logs too' },
      ]);
    }, { timeout: 10_000 });
    expect(await app.db.db.select().from(engagement).where(eq(engagement.detail, 'eyes'))).toEqual([]);
  });

  it('says "all shown" when the only shareable note has been posted here', async () => {
    expect((await slash('story')).text).toBe('The one shareable note has been shown here; log more with /callnote.');
  });

  it('posts the daily story at 09:30 New York time when the queue runs, once', async () => {
    const owner = await user(app.db.db, { id: 'U0OWNER', name: 'Olivia Owner' });
    const globex = await account(app.db.db, owner.orgId, 'Globex', { ownerId: owner.userId });
    await note(app.db.db, { orgId: owner.orgId, authorId: owner.userId, accountId: globex.id, people: [{ name: 'Gil Bates', title: 'CFO' }], quote: 'Close in three days', metAt: new Date('2027-01-01T15:00:00Z') });
    const before = slackApi.calls('chat.postMessage').length;

    clock.set('2027-01-04T14:29:00Z');
    await app.queue.runDue(clock.now());
    // Other Monday-morning DMs (the weekly discovery list) may go out; no story yet.
    expect(slackApi.calls('chat.postMessage').slice(before).filter((c) => c.body.channel === 'C0ENGINEERS')).toHaveLength(0);
    clock.set('2027-01-04T14:30:00Z');
    const report = await app.queue.runDue(clock.now());
    clock.set('2027-01-04T16:00:00Z');
    const later = await app.queue.runDue(clock.now());

    const posts = slackApi.calls('chat.postMessage').slice(before).map((c) => c.body as { channel: string; text: string; metadata: { event_payload: { delivery_id: string } } });
    const daily = posts.filter((p) => p.channel === 'C0ENGINEERS');
    expect(daily.map((p) => p.text)).toEqual(['"Close in three days" — Gil Bates, CFO at Globex']);
    const [delivery] = await app.db.db.select().from(deliveries).where(eq(deliveries.id, daily[0]!.metadata.event_payload.delivery_id));
    expect(delivery).toMatchObject({ kind: 'story', status: 'sent', dueAt: new Date('2027-01-04T14:30:00Z') });
    expect(delivery!.dedupeKey).toMatch(/^story:[0-9a-f-]{36}:2027-01-04$/);
    expect(report.sent).toBeGreaterThanOrEqual(1);
    expect(later.sent).toBe(0);
  });

  it('posts a story missed while the bot was down up to four hours late, once, and not after the cut-off', async () => {
    const postsTo = (channel: string) => slackApi.calls('chat.postMessage').filter((c) => c.body.channel === channel).length;
    clock.set('2027-01-04T17:00:00Z'); // Monday, after the day's 09:30 in New York
    await slash('subscribe 09:30 America/New_York', { channel_id: 'C0LATE', user_id: 'U0LEE' });

    clock.set('2027-01-05T17:29:00Z'); // Tuesday 12:29 in New York: down since before 09:30
    await app.queue.runDue(clock.now());
    expect(postsTo('C0LATE')).toBe(1);
    clock.set('2027-01-05T18:10:00Z');
    await app.queue.runDue(clock.now());
    expect(postsTo('C0LATE')).toBe(1);

    clock.set('2027-01-06T18:30:00Z'); // Wednesday 13:30: four hours late, too late
    await app.queue.runDue(clock.now());
    expect(postsTo('C0LATE')).toBe(1);
    clock.set('2027-01-07T14:30:00Z'); // Thursday, on time again
    await app.queue.runDue(clock.now());
    expect(postsTo('C0LATE')).toBe(2);
  });
});
