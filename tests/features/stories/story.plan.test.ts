import { eq } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../src/chat/inbound.js';
import { channelSubscriptions, conversations } from '../../../src/db/schema.js';
import type { DeliveryKind, NewDelivery } from '../../../src/scheduler/types.js';
import { composeTestApp, deliveryKind, manualClock } from './stories.fixtures.js';

/*
 * plan() at chosen instants: a story is due at 09:30 local in each channel's
 * zone, across both 2027 DST changes, on weekdays only, and up to four hours
 * late, never later.
 */

const clock = manualClock('2027-01-01T00:00:00Z');
let app: Awaited<ReturnType<typeof composeTestApp>>;
let story: DeliveryKind;
let core: Core;
const subs = new Map<string, string>(); // channel → subscription id

const ZONES = { C0NEWYORK: 'America/New_York', C0BERLIN: 'Europe/Berlin', C0KOLKATA: 'Asia/Kolkata', C0LORDHOWE: 'Australia/Lord_Howe' } as const;

async function subscribe(channel: string, text: string) {
  const reply = await core.command({
    actor: { platform: 'slack', workspaceId: 'T0HALLWAY', userId: 'U0PLANNER', displayName: 'planner' },
    conversation: { platform: 'slack', key: channel },
    command: 'hallway',
    text: `subscribe ${text}`,
  });
  if (reply.kind !== 'message' || reply.visibility !== 'conversation') throw new Error(`subscribe failed: ${JSON.stringify(reply)}`);
}

async function due(at: string): Promise<Array<{ channel: string; dedupeKey: string; dueAt: string }>> {
  const planned: NewDelivery[] = await story.plan!(new Date(at));
  return planned
    .map((d) => ({ channel: d.target.type === 'conversation' ? d.target.key : '', dedupeKey: d.dedupeKey, dueAt: d.dueAt.toISOString() }))
    .sort((a, b) => a.channel.localeCompare(b.channel));
}

beforeAll(async () => {
  app = await composeTestApp(clock);
  core = app.core;
  story = deliveryKind(app, 'story');
  for (const [channel, zone] of Object.entries(ZONES)) await subscribe(channel, `09:30 ${zone}`);
  const rows = await app.db.db
    .select({ id: channelSubscriptions.id, channel: conversations.externalId })
    .from(channelSubscriptions)
    .innerJoin(conversations, eq(conversations.id, channelSubscriptions.conversationId));
  for (const r of rows) subs.set(r.channel, r.id);
});

afterAll(() => app?.close());

/** Hard-coded instants, so the test does not compute its expectations with the code under test. */
const CASES: Array<[keyof typeof ZONES, string, string, string]> = [
  ['C0NEWYORK', '2027-03-12', '2027-03-12T14:30:00.000Z', 'Friday before US DST starts (EST, UTC−5)'],
  ['C0NEWYORK', '2027-03-15', '2027-03-15T13:30:00.000Z', 'Monday after (EDT, UTC−4)'],
  ['C0NEWYORK', '2027-11-05', '2027-11-05T13:30:00.000Z', 'Friday before US DST ends'],
  ['C0NEWYORK', '2027-11-08', '2027-11-08T14:30:00.000Z', 'Monday after'],
  ['C0BERLIN', '2027-03-26', '2027-03-26T08:30:00.000Z', 'Friday before EU summer time (CET, UTC+1)'],
  ['C0BERLIN', '2027-03-29', '2027-03-29T07:30:00.000Z', 'Monday after (CEST, UTC+2)'],
  ['C0BERLIN', '2027-10-29', '2027-10-29T07:30:00.000Z', 'Friday before EU summer time ends'],
  ['C0BERLIN', '2027-11-01', '2027-11-01T08:30:00.000Z', 'Monday after'],
  ['C0KOLKATA', '2027-03-26', '2027-03-26T04:00:00.000Z', 'no DST (UTC+5:30)'],
  ['C0KOLKATA', '2027-11-01', '2027-11-01T04:00:00.000Z', 'no DST, months later'],
  ['C0LORDHOWE', '2027-04-02', '2027-04-01T22:30:00.000Z', 'Friday before Lord Howe DST ends (UTC+11)'],
  ['C0LORDHOWE', '2027-04-05', '2027-04-04T23:00:00.000Z', 'Monday after (UTC+10:30, a 30-minute shift)'],
  ['C0LORDHOWE', '2027-10-01', '2027-09-30T23:00:00.000Z', 'Friday before Lord Howe DST starts'],
  ['C0LORDHOWE', '2027-10-04', '2027-10-03T22:30:00.000Z', 'Monday after'],
];

describe('story plan', () => {
  it.each(CASES)('%s on %s is due at %s (%s), not a minute before', async (channel, localDate, instant) => {
    const before = new Date(new Date(instant).getTime() - 60_000).toISOString();
    expect((await due(before)).filter((d) => d.channel === channel)).toEqual([]);
    expect((await due(instant)).filter((d) => d.channel === channel)).toEqual([
      { channel, dedupeKey: `story:${subs.get(channel)}:${localDate}`, dueAt: instant },
    ]);
  });

  it('plans nothing at any time of a weekend for a weekday subscription', async () => {
    // From Friday 13:00 UTC (Saturday morning on Lord Howe) to Monday 05:00 UTC (Monday in Kolkata), every 30 minutes.
    const found = [];
    for (let t = Date.parse('2027-01-08T13:00:00Z'); t < Date.parse('2027-01-11T05:00:00Z'); t += 30 * 60_000) {
      const at = new Date(t);
      for (const d of await due(at.toISOString())) {
        const local = DateTime.fromISO(d.dueAt, { zone: ZONES[d.channel as keyof typeof ZONES] });
        found.push(`${d.channel} ${local.toFormat('ccc')}`);
      }
    }
    // Only Friday's posts (still inside their late window on Friday evening UTC) and Monday's appear.
    expect(new Set(found)).toEqual(new Set(['C0NEWYORK Fri', 'C0LORDHOWE Mon', 'C0KOLKATA Mon']));
  });

  it('plans a daily subscription at the weekend', async () => {
    await subscribe('C0DAILY', '09:30 Europe/Berlin daily');
    expect((await due('2027-01-09T08:30:00Z')).filter((d) => d.channel === 'C0DAILY')).toHaveLength(1);
    expect((await due('2027-01-10T08:30:00Z')).filter((d) => d.channel === 'C0DAILY')).toHaveLength(1);
  });

  it('keeps a late post due for four hours with one dedupe key, then never', async () => {
    const key = `story:${subs.get('C0NEWYORK')}:2027-01-04`;
    const ny = async (at: string) => (await due(at)).filter((d) => d.channel === 'C0NEWYORK').map((d) => d.dedupeKey);
    expect(await ny('2027-01-04T14:30:00Z')).toEqual([key]);
    expect(await ny('2027-01-04T16:00:00Z')).toEqual([key]);
    expect(await ny('2027-01-04T18:29:59Z')).toEqual([key]);
    expect(await ny('2027-01-04T18:30:00Z')).toEqual([]);
    expect(await ny('2027-01-04T23:00:00Z')).toEqual([]);

    // The dedupe key makes it one delivery however many ticks plan it.
    const planned = (await story.plan!(new Date('2027-01-04T14:30:00Z'))).find((d) => d.dedupeKey === key)!;
    const late = (await story.plan!(new Date('2027-01-04T18:29:00Z'))).find((d) => d.dedupeKey === key)!;
    expect(await app.queue.enqueue(planned)).toBe(true);
    expect(await app.queue.enqueue(late)).toBe(false);
  });

  it('owes nothing for a slot that passed before the channel subscribed', async () => {
    clock.set('2027-01-05T15:00:00Z'); // 10:00 in New York, half an hour after its 09:30
    await subscribe('C0LATECOMER', '09:30 America/New_York');
    expect((await due('2027-01-05T15:01:00Z')).filter((d) => d.channel === 'C0LATECOMER')).toEqual([]);
    expect((await due('2027-01-06T14:30:00Z')).filter((d) => d.channel === 'C0LATECOMER')).toHaveLength(1);
  });

  it('stops planning once the channel unsubscribes', async () => {
    await core.command({
      actor: { platform: 'slack', workspaceId: 'T0HALLWAY', userId: 'U0PLANNER' },
      conversation: { platform: 'slack', key: 'C0KOLKATA' },
      command: 'hallway',
      text: 'unsubscribe',
    });
    expect((await due('2027-11-02T04:00:00Z')).filter((d) => d.channel === 'C0KOLKATA')).toEqual([]);
  });
});
