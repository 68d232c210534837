import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accounts, channelSubscriptions, conversations, deliveries, engagement, storyPosts } from '../../../src/db/schema.js';
import { findUser } from '../../../src/features/identity.js';
import type { Hallway } from '../../../src/main.js';
import { startTestApp } from '../../support/app.js';
import { startRecordingServer } from '../../support/recording-server.js';
import { messageActivity, privateAnswer, TENANT_ID, type SentActivity } from '../../support/teams.js';
import { account, manualClock, note } from './stories.fixtures.js';

/*
 * Stories through the real CloudAdapter: commands as message activities,
 * buttons as Adaptive Card submits, proactive posts to the connector.
 */

const clock = manualClock('2027-01-02T12:00:00Z'); // a Saturday
const CHANNEL = '19:engineering@thread.tacv2';
const channel = { id: CHANNEL, conversationType: 'channel', tenantId: TENANT_ID };
const SAM = { id: '29:1sam-teams', name: 'Sam Taylor', aadObjectId: '6b1f0000-0000-4000-8000-0000000000bb' };
const OLIVIA = { id: '29:1olivia-teams', name: 'Olivia Owner', aadObjectId: '6b1f0000-0000-4000-8000-0000000000cc' };

let app: Hallway;
let connector: Awaited<ReturnType<typeof startRecordingServer>>;
let n = 0;

beforeAll(async () => {
  // Teams channel message ids are numeric; thread replies are addressed by them.
  connector = await startRecordingServer(() => ({ body: { id: String(1800000000000 + (n += 1)) } }));
  app = await startTestApp({}, clock);
});

afterAll(async () => {
  await app?.close();
  await connector?.close();
});

async function send(activity: Record<string, unknown>): Promise<SentActivity[]> {
  const before = connector.requests.length;
  const res = await fetch(`${app.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
  expect(res.status).toBeLessThan(300);
  return connector.requests.slice(before).map((r) => r.body as unknown as SentActivity);
}

/** The bot's answer to one activity (a queued post may land alongside it, and is not the answer). */
async function answer(activity: ReturnType<typeof messageActivity>): Promise<SentActivity> {
  const before = connector.requests.length;
  await send(activity);
  const replies = connector.requests.slice(before).filter((r) => r.path.endsWith(`/activities/${activity.id}`));
  expect(replies).toHaveLength(1);
  return replies[0]!.body as unknown as SentActivity;
}

function say(text: string, overrides: Record<string, unknown> = {}) {
  return answer(messageActivity(connector.url, `<at>Hallway</at> ${text}`, { conversation: channel, ...overrides }));
}

/** A private answer to something asked in the channel: it goes to the asker's personal chat, with a pointer here. */
async function privately(activity: ReturnType<typeof messageActivity>): Promise<SentActivity> {
  const sent = await send(activity);
  const { pointer, answer } = privateAnswer(connector.requests.slice(connector.requests.length - sent.length), activity);
  expect(pointer.summary).toBe(`${(activity.from as { name: string }).name}, I've sent you the answer in our personal chat.`);
  return answer;
}

const sayPrivately = (text: string) => privately(messageActivity(connector.url, `<at>Hallway</at> ${text}`, { conversation: channel }));

/** What the bot sent on its own since request `from`: botbuilder addresses those to a fresh continuation id, not to an inbound activity. */
function proactiveSince(from: number) {
  return connector.requests.slice(from).filter((r) => /\/activities\/[0-9a-f-]{36}$/.test(r.path));
}

const texts = (a: SentActivity | undefined) => JSON.stringify(a?.attachments?.[0]?.content.body ?? []);
const engagementOf = (postId: string) => app.db.db.select({ kind: engagement.kind, detail: engagement.detail }).from(engagement).where(eq(engagement.storyPostId, postId));

describe('/hallway subscribe in a Teams channel', () => {
  it("defaults to 09:30 in the subscriber's Teams timezone on weekdays, and says when the first story comes", async () => {
    const reply = await say('hallway subscribe');
    expect(reply.summary).toBe('📣 This channel will meet one customer every weekday at 09:30 (Europe/Berlin). The first story: Monday 4 January, 09:30.');
    const [row] = await app.db.db
      .select({ kind: conversations.kind, localTime: channelSubscriptions.localTime, timezone: channelSubscriptions.timezone, days: channelSubscriptions.days })
      .from(channelSubscriptions)
      .innerJoin(conversations, eq(conversations.id, channelSubscriptions.conversationId))
      .where(eq(conversations.externalId, CHANNEL));
    expect(row).toEqual({ kind: 'channel', localTime: '09:30', timezone: 'Europe/Berlin', days: 'weekdays' });
  });

  it('works in a group chat too, with the slash and explicit terms', async () => {
    const reply = await say('/hallway subscribe 10:15 America/New_York daily', { conversation: { id: '19:group-chat@unq.gbl.spaces', conversationType: 'groupChat', tenantId: TENANT_ID } });
    expect(reply.summary).toBe('📣 This channel will meet one customer every day at 10:15 (America/New_York). The first story: Saturday 2 January, 10:15.');
  });

  it.each([
    ['hallway subscribe 25:00', '"25:00" is not a time I can read.'],
    ['hallway subscribe Mars/Olympus', '"Mars/Olympus" is not a timezone I know.'],
    ['hallway subscribe weekly', '"weekly" is not a schedule I can keep: stories go out on weekdays or daily.'],
  ])('answers "%s" with the problem and the text echoed, in the personal chat', async (text, problem) => {
    const reply = await sayPrivately(text);
    expect(reply.summary).toBe(`⚠️ ${problem}`);
    expect(texts(reply)).toContain(`/${text}`);
  });
});

describe('stories in a Teams channel', () => {
  let postId: string;
  let messageId: string;

  it('posts a story now with "hallway story", proactively through the stored reference', async () => {
    // Olivia owns Acme and has talked to the bot in her personal chat, so she can be DMed.
    await send(messageActivity(connector.url, 'help', { from: OLIVIA, conversation: { id: 'a:1personal-olivia', conversationType: 'personal', tenantId: TENANT_ID } }));
    const olivia = await findUser(app.db.db, 'teams', OLIVIA.id);
    const acme = await account(app.db.db, olivia!.orgId, 'Acme', { ownerId: olivia!.id });
    await note(app.db.db, { orgId: olivia!.orgId, authorId: olivia!.id, accountId: acme.id, quote: 'We lose two days every month-end', pains: ['manual reconciliation'], metAt: new Date('2026-12-30T15:00:00Z') });

    const before = connector.requests.length;
    const reply = await sayPrivately('hallway story');
    expect(reply.summary).toBe('A customer story is on its way to this channel.');
    await app.queue.idle();

    const proactive = proactiveSince(before).filter((r) => r.path.startsWith(`/v3/conversations/${encodeURIComponent(CHANNEL)}/`));
    expect(proactive).toHaveLength(1);
    expect(proactive[0]!.path).toMatch(new RegExp(`^/v3/conversations/${encodeURIComponent(CHANNEL)}/activities`));
    const story = proactive[0]!.body as unknown as SentActivity;
    expect(story.summary).toBe('"We lose two days every month-end" — Dana Lee, VP Engineering at Acme');
    expect(texts(story)).toContain('We lose two days every month-end');

    const [post] = await app.db.db.select().from(storyPosts);
    postId = post!.id;
    messageId = (post!.messageRef as { messageId: string }).messageId;
    expect(post!.messageRef).toEqual({ platform: 'teams', conversationKey: CHANNEL, messageId: expect.stringMatching(/^\d+$/) });
    expect(JSON.stringify(story.attachments![0]!.content)).toContain(JSON.stringify({ hallwayAction: 'story.hear_more', value: postId }));
  });

  it('"I\'d like to hear more" (a card submit) DMs the owner in their personal chat and answers the engineer', async () => {
    const submit = messageActivity(connector.url, '', {
      from: SAM,
      conversation: { ...channel, id: `${CHANNEL};messageid=${messageId}` },
      replyToId: messageId,
      value: { hallwayAction: 'story.hear_more', value: postId },
    });
    const before = connector.requests.length;
    const reply = await privately(submit);
    expect(reply.summary).toBe("Thanks! I've told Olivia Owner (who looks after Acme) that you'd like to hear more about Dana Lee at Acme.");
    await app.queue.idle();
    const dm = proactiveSince(before).filter((r) => r.path.includes(encodeURIComponent('a:1personal-olivia')));
    expect(dm).toHaveLength(1);
    expect(dm[0]!.path).toMatch(new RegExp(`^/v3/conversations/${encodeURIComponent('a:1personal-olivia')}/activities`));
    expect((dm[0]!.body as unknown as SentActivity).summary).toBe('Sam Taylor would like to hear more about Dana Lee at Acme');
    expect(await engagementOf(postId)).toEqual([{ kind: 'hear_more', detail: null }]);
  });

  it('records "Not useful" from a card submit', async () => {
    const reply = await privately(messageActivity(connector.url, '', { from: SAM, conversation: channel, value: { hallwayAction: 'story.not_useful', value: postId } }));
    expect(reply.summary).toBe('Thanks for saying so; noted.');
    expect((await engagementOf(postId)).map((e) => e.kind)).toEqual(['hear_more', 'not_useful']);
  });

  it('tells the managers when the account has no owner', async () => {
    await app.db.db.update(accounts).set({ ownerId: null }).where(eq(accounts.name, 'Acme'));
    const reply = await privately(messageActivity(connector.url, '', { from: { id: '29:1kim', name: 'Kim Lee' }, conversation: channel, value: { hallwayAction: 'story.hear_more', value: postId } }));
    expect(reply.summary).toBe('Noted. Nobody owns Acme yet and there is no manager to tell, so I could not pass it on.');
  });

  it('records reactions to and replies in the thread of the story', async () => {
    await send({ ...messageActivity(connector.url, '', { from: SAM, conversation: channel }), type: 'messageReaction', replyToId: messageId, reactionsAdded: [{ type: 'like' }] });
    const replies = await send(messageActivity(connector.url, 'Happy to join the next call', { from: SAM, conversation: { ...channel, id: `${CHANNEL};messageid=${messageId}` } }));
    expect(replies).toEqual([]);
    expect((await engagementOf(postId)).filter((e) => e.kind === 'reaction' || e.kind === 'reply')).toEqual([
      { kind: 'reaction', detail: 'like' },
      { kind: 'reply', detail: 'Happy to join the next call' },
    ]);
  });

  it('posts the daily story at 09:30 Berlin time when the queue runs, through the stored reference', async () => {
    const olivia = await findUser(app.db.db, 'teams', OLIVIA.id);
    const globex = await account(app.db.db, olivia!.orgId, 'Globex', { ownerId: olivia!.id });
    await note(app.db.db, { orgId: olivia!.orgId, authorId: olivia!.id, accountId: globex.id, people: [{ name: 'Gil Bates', title: 'CFO' }], quote: 'Close in three days', metAt: new Date('2027-01-01T15:00:00Z') });
    const before = connector.requests.length;

    clock.set('2027-01-04T08:29:00Z');
    await app.queue.runDue(clock.now());
    // Other Monday-morning DMs (the weekly discovery list) may go out; nothing to the channel yet.
    expect(proactiveSince(before).filter((r) => r.path.startsWith(`/v3/conversations/${encodeURIComponent(CHANNEL)}/`))).toHaveLength(0);
    clock.set('2027-01-04T08:30:00Z');
    await app.queue.runDue(clock.now());
    clock.set('2027-01-04T09:30:00Z');
    await app.queue.runDue(clock.now());

    const toChannel = proactiveSince(before).filter((r) => r.path.startsWith(`/v3/conversations/${encodeURIComponent(CHANNEL)}/`));
    expect(toChannel.map((r) => (r.body as unknown as SentActivity).summary)).toEqual(['"Close in three days" — Gil Bates, CFO at Globex']);
    const [delivery] = await app.db.db.select().from(deliveries).where(eq(deliveries.dueAt, new Date('2027-01-04T08:30:00Z')));
    expect(delivery).toMatchObject({ kind: 'story', status: 'sent', target: { type: 'conversation', platform: 'teams', key: CHANNEL } });
  });
});
