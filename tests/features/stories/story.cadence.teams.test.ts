import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelSubscriptions, conversations, storyPosts } from '../../../src/db/schema.js';
import type { Hallway } from '../../../src/main.js';
import { startTestApp } from '../../support/app.js';
import { startRecordingServer } from '../../support/recording-server.js';
import { messageActivity, TENANT_ID, type SentActivity } from '../../support/teams.js';
import { account, manualClock, note, user } from './stories.fixtures.js';

/*
 * The cadence through the real CloudAdapter: stories posted to a Teams
 * channel over simulated weeks, a reaction activity, the Restore card button.
 */

const clock = manualClock('2027-01-02T12:00:00Z'); // a Saturday
const CHANNEL = '19:quiet@thread.tacv2';
const channel = { id: CHANNEL, conversationType: 'channel', tenantId: TENANT_ID };
const SAM = { id: '29:1sam-teams', name: 'Sam Taylor', aadObjectId: '6b1f0000-0000-4000-8000-0000000000bb' };

let app: Hallway;
let connector: Awaited<ReturnType<typeof startRecordingServer>>;
let n = 0;

beforeAll(async () => {
  connector = await startRecordingServer(() => ({ body: { id: String(1800000000000 + (n += 1)) } }));
  app = await startTestApp({}, clock);
  const owner = await user(app.db.db, { platform: 'teams', id: '29:1olivia-teams', name: 'Olivia Owner', workspace: TENANT_ID });
  for (let i = 0; i < 20; i += 1) {
    const acc = await account(app.db.db, owner.orgId, `Customer ${i}`, { ownerId: owner.userId });
    await note(app.db.db, { orgId: owner.orgId, authorId: owner.userId, accountId: acc.id, people: [{ name: `Person ${i}` }], quote: `Quote ${i}`, metAt: new Date(Date.UTC(2026, 11, 1 + i)) });
  }
});

afterAll(async () => {
  await app?.close();
  await connector?.close();
});

async function send(activity: Record<string, unknown>) {
  const before = connector.requests.length;
  const res = await fetch(`${app.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
  expect(res.status).toBeLessThan(300);
  await app.queue.idle();
  return connector.requests.slice(before);
}

/** Everything the bot posted to the channel on its own (stories, notices). */
const posted = () =>
  connector.requests
    .filter((r) => /\/activities\/[0-9a-f-]{36}$/.test(r.path) || (r.path.endsWith('/activities') && r.path.includes(encodeURIComponent(CHANNEL))))
    .map((r) => r.body as unknown as SentActivity);
/** A story is the card with the "hear more" button (its summary starts with the quote when it has one). */
const stories = () => posted().filter((a) => JSON.stringify(a.attachments ?? []).includes('"story.hear_more"'));
const notices = () => posted().filter((a) => a.summary?.startsWith('Stories here now come'));

async function days(dates: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const date of dates) {
    const before = stories().length;
    for (const minute of ['09:00', '09:01']) {
      clock.set(`${date}T${minute}:00Z`);
      await app.queue.runDue(clock.now());
      await app.queue.idle();
    }
    if (stories().length > before) out.push(date);
  }
  return out;
}

async function level() {
  const [row] = await app.db.db.select({ level: channelSubscriptions.cadenceLevel }).from(channelSubscriptions).innerJoin(conversations, eq(conversations.id, channelSubscriptions.conversationId)).where(eq(conversations.externalId, CHANNEL));
  return row!.level;
}

describe('the story cadence in a Teams channel', () => {
  it('slows to Mon/Wed/Fri after five quiet stories, tells the channel once, and a reaction brings it back', async () => {
    await send(messageActivity(connector.url, '<at>Hallway</at> hallway subscribe 09:00 UTC', { conversation: channel }));
    expect(await days(['2027-01-04', '2027-01-05', '2027-01-06', '2027-01-07', '2027-01-08'])).toHaveLength(5);
    expect(await days(['2027-01-11', '2027-01-12', '2027-01-13'])).toEqual(['2027-01-11', '2027-01-13']);
    expect(await level()).toBe(1);
    expect(notices()).toHaveLength(1);
    const card = JSON.stringify(notices()[0]!.attachments![0]!.content);
    expect(card).toContain('"hallwayAction":"story.restore_cadence"');
    expect(card).toContain('Restore: every weekday');

    // Sam likes Wednesday's story: one step back up, to every weekday.
    const [latest] = await app.db.db.select({ ref: storyPosts.messageRef }).from(storyPosts).orderBy(storyPosts.postedAt).then((rows) => rows.slice(-1));
    await send({ ...messageActivity(connector.url, '', { from: SAM, conversation: channel }), type: 'messageReaction', replyToId: latest!.ref!.messageId, reactionsAdded: [{ type: 'like' }] });
    expect(await level()).toBe(0);
    expect(await days(['2027-01-14'])).toEqual(['2027-01-14']);
    expect(notices()).toHaveLength(1);
  });

  it('Restore, clicked on the notice card, is answered in the channel', async () => {
    // Five more quiet (Thu 14, Fri 15, Mon 18, Tue 19, Wed 20): slowed again on Thursday 21, which is then off.
    expect(await days(['2027-01-15', '2027-01-18', '2027-01-19', '2027-01-20', '2027-01-21'])).toEqual(['2027-01-15', '2027-01-18', '2027-01-19', '2027-01-20']);
    expect(await level()).toBe(1);
    expect(notices()).toHaveLength(2);
    const body = notices()[1]!.attachments![0]!.content.body as Array<{ type: string; actions?: Array<{ data: { value: string } }> }>;
    const subscriptionId = body.find((b) => b.type === 'ActionSet')!.actions![0]!.data.value;
    const replies = await send(messageActivity(connector.url, '', { from: SAM, conversation: channel, value: { hallwayAction: 'story.restore_cadence', value: subscriptionId } }));
    expect(replies.map((r) => (r.body as unknown as SentActivity).summary)).toContain('Sam Taylor restored the stories here: every weekday at 09:00 again.');
    expect(await level()).toBe(0);
    expect(await days(['2027-01-22'])).toEqual(['2027-01-22']);
  });
});
