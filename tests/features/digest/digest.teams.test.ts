import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelSubscriptions, conversations, users } from '../../../src/db/schema.js';
import type { Hallway } from '../../../src/main.js';
import { startTestApp } from '../../support/app.js';
import { messageActivity, privateAnswer, startFakeConnector, TENANT_ID, type SentActivity } from '../../support/teams.js';
import { chartSize, teamsDigestCard } from './expected-teams.js';
import { insertSmallBook } from './small-book.js';

let app: Hallway;
let connector: Awaited<ReturnType<typeof startFakeConnector>>;
let now = new Date('2026-11-30T07:30:00.000Z');
const T = new Date('2026-11-30T08:00:00.000Z');
const SAM = { id: '29:1sam-teams', name: 'Sam Lee' };
const LEE = { id: '29:1lee-teams', name: 'Lee Park', aadObjectId: '6b1f0000-0000-4000-8000-0000000000bb' };

beforeAll(async () => {
  connector = await startFakeConnector();
  // The app's default zone is UTC: Maria's Europe/Berlin comes from her own Teams activity.
  app = await startTestApp({}, { now: () => now });
});

afterAll(async () => {
  await app?.close();
  await connector?.close();
});

/** Maria, in her personal chat with the bot unless overridden. */
async function say(text: string, overrides: Record<string, unknown> = {}): Promise<SentActivity> {
  const before = connector.requests.length;
  const res = await fetch(`${app.url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(messageActivity(connector.url, text, overrides)),
  });
  expect(res.status).toBeLessThan(300);
  const sent = connector.requests.slice(before);
  expect(sent).toHaveLength(1);
  return sent[0]!.body as unknown as SentActivity;
}

const bodyText = (a: SentActivity) => JSON.stringify(a.attachments?.[0]?.content.body);

async function userId(externalId: string): Promise<string> {
  const [row] = await app.db.db.select({ id: users.id }).from(users).where(and(eq(users.platform, 'teams'), eq(users.externalId, externalId)));
  return row!.id;
}

describe('the digest through Teams message activities', () => {
  it('reads Teams mentions for "team add" (the first person there is its admin)', async () => {
    const reply = await say('hallway team add <at>Sam Lee</at>', {
      entities: [{ type: 'mention', mentioned: SAM, text: '<at>Sam Lee</at>' }],
    });
    expect(reply.summary).toBe('Your digest covers 1 person: Sam Lee.');
    const [maria] = await app.db.db.select({ role: users.role, tz: users.timezone }).from(users).where(eq(users.externalId, '29:1maria-teams'));
    expect(maria).toEqual({ role: 'admin', tz: 'Europe/Berlin' });
  });

  it('will not subscribe from a channel, and says so privately in a personal chat it opens', async () => {
    const before = connector.requests.length;
    const activity = messageActivity(connector.url, 'hallway digest subscribe', {
      from: LEE,
      conversation: { id: '19:general@thread.tacv2', conversationType: 'channel', tenantId: TENANT_ID },
      entities: [],
    });
    const res = await fetch(`${app.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
    expect(res.status).toBeLessThan(300);
    const { pointer, answer: reply } = privateAnswer(connector.requests.slice(before), activity);
    expect(pointer.summary).toBe("Lee Park, I've sent you the answer in our personal chat.");
    expect(reply.summary).toBe('⚠️ I send the digest in our one-to-one chat, and you have not opened one with me yet.');
    expect(bodyText(reply)).toContain('hallway digest subscribe');
    expect(await app.db.db.select().from(channelSubscriptions)).toEqual([]);
  });

  it('subscribes in the personal chat, on the day and time asked', async () => {
    const reply = await say('hallway digest subscribe mon 09:00');
    expect(reply.summary).toBe('📬 Your digest will come by direct message every Monday at 09:00 (Europe/Berlin). The next one: Mon 30 Nov 09:00.');
    const subs = await app.db.db
      .select({ weekday: channelSubscriptions.weekday, time: channelSubscriptions.localTime, tz: channelSubscriptions.timezone, key: conversations.externalId })
      .from(channelSubscriptions)
      .innerJoin(conversations, eq(conversations.id, channelSubscriptions.conversationId));
    expect(subs).toEqual([{ weekday: 1, time: '09:00', tz: 'Europe/Berlin', key: 'a:1personal-maria' }]);
  });

  it('previews the week so far as an exact Adaptive Card', async () => {
    const [maria] = await app.db.db.select({ workspaceId: users.workspaceId, orgId: users.orgId }).from(users).where(eq(users.externalId, '29:1maria-teams'));
    await insertSmallBook(app.db.db, { orgId: maria!.orgId, workspaceId: maria!.workspaceId, member: await userId(SAM.id), outsider: await userId(LEE.id), channel: '19:stories@thread.tacv2' });
    now = T;
    const reply = await say('hallway digest preview');
    expect(reply.summary).toBe('Your week so far: 4 things need you; 3 notes, 1 stakeholder change');
    expect(reply.attachments?.[0]?.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(reply.attachments?.[0]?.content).toEqual(teamsDigestCard('Your week so far', 'Sam Lee'));
    // The trend chart is a real PNG, inline in the card.
    expect(chartSize(reply.attachments![0]!.content as never)).toEqual({ width: 480, height: 170 });
  });

  it('delivers the digest to the stored personal chat when the slot comes', async () => {
    now = new Date(T.getTime() + 2 * 60_000);
    const before = connector.requests.length;
    await app.queue.runDue(now);
    const digests = connector.requests
      .slice(before)
      .filter((r) => (r.body as unknown as SentActivity).summary?.startsWith('Your weekly digest'));
    expect(digests).toHaveLength(1);
    // A proactive send: botbuilder's own continuation id, in Maria's personal conversation.
    expect(digests[0]!.path).toMatch(new RegExp(`^/v3/conversations/${encodeURIComponent('a:1personal-maria')}/activities/[0-9a-f-]{36}$`));
    const sent = digests[0]!.body as unknown as SentActivity;
    expect(sent.attachments?.[0]?.content).toEqual(teamsDigestCard('Your week to Mon 30 Nov', 'Sam Lee'));

    await app.queue.runDue(new Date(T.getTime() + 30 * 60_000));
    expect(connector.requests.filter((r) => (r.body as unknown as SentActivity).summary?.startsWith('Your weekly digest'))).toHaveLength(1);
  });

  it('answers a bad time with what was wrong', async () => {
    const reply = await say('digest subscribe friday 9:75');
    expect(reply.summary).toBe('⚠️ "9:75" is not a time: use 24-hour HH:MM, 00:00 to 23:59.');
    expect(bodyText(reply)).toContain('digest subscribe friday 9:75');
  });
});

