import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notePeople, notes, people, stakeholderChanges, users } from '../../../src/db/schema.js';
import type { Hallway } from '../../../src/main.js';
import { startTestApp } from '../../support/app.js';
import { nowSeconds, sign, SIGNING_SECRET, slashCommand, startFakeSlackApi, TEAM_ID } from '../../support/slack.js';
import { until } from './until.js';

let current = new Date('2026-11-26T10:00:00Z'); // a Thursday
const clock = { now: () => current };

let app: Hallway;
let slackApi: Awaited<ReturnType<typeof startFakeSlackApi>>;

beforeAll(async () => {
  slackApi = await startFakeSlackApi();
  app = await startTestApp({ SLACK_BOT_TOKEN: 'xoxb-test-token', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: `${slackApi.url}/api/` }, clock);
});

afterAll(async () => {
  await app?.close();
  await slackApi?.close();
});

async function command(command: string, text: string): Promise<void> {
  const body = slashCommand(command, text, { response_url: `${slackApi.url}/respond` });
  const res = await fetch(`${app.url}/slack/events`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...sign(body, nowSeconds()) }, body });
  expect(res.status).toBe(200);
  await app.queue.idle();
}

let clicks = 0;
async function click(actionId: string, value: string): Promise<void> {
  clicks += 1;
  const payload = {
    type: 'block_actions',
    user: { id: 'U0MARIA', username: 'maria', name: 'maria', team_id: TEAM_ID },
    api_app_id: 'A0HALLWAY',
    token: 'x',
    container: { type: 'message', message_ts: '1700000000.000100', channel_id: 'D0DM', is_ephemeral: false },
    trigger_id: `13345224609.738474920.sched${clicks}`,
    team: { id: TEAM_ID, domain: 'hallway-test' },
    channel: { id: 'D0DM', name: 'directmessage' },
    response_url: `${slackApi.url}/respond`,
    actions: [{ action_id: actionId, block_id: 'b1', text: { type: 'plain_text', text: 'x' }, value, type: 'button', action_ts: '1700000001.000200' }],
  };
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  await fetch(`${app.url}/slack/events`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...sign(body, nowSeconds()) }, body });
  await app.queue.idle();
  await until(() => slackApi.calls('/respond').length >= clicks, 'the reply to a click');
}

/** DMs whose fallback text is `text`. */
const dms = (text: string) => slackApi.calls('chat.postMessage').filter((c) => c.body.text === text);

async function runAt(iso: string): Promise<void> {
  current = new Date(iso);
  await app.queue.runDue(current);
}

async function changeOf(person: string) {
  const [row] = await app.db.db
    .select({ change: stakeholderChanges })
    .from(stakeholderChanges)
    .innerJoin(people, eq(people.id, stakeholderChanges.personId))
    .where(eq(people.name, person));
  return row!.change;
}

describe('stakeholder reminders on an injected clock', () => {
  const headline = 'Zed Zero is new at Wayne as CTO';

  it('reminds at once, again after 3 working days if unacknowledged, never at a weekend', async () => {
    await command('/stakeholder', 'Wayne add Zed Zero as CTO');
    expect(dms(headline)).toHaveLength(1);
    expect(await changeOf('Zed Zero')).toMatchObject({ remindCount: 1, lastRemindedAt: new Date('2026-11-26T10:00:00Z') });

    for (const at of ['2026-11-26T10:05:00Z', '2026-11-27T10:00:00Z', '2026-11-28T10:00:00Z', '2026-11-29T10:00:00Z', '2026-11-30T10:00:00Z', '2026-12-01T09:59:00Z']) {
      await runAt(at);
      expect(dms(headline), at).toHaveLength(1);
    }
    await runAt('2026-12-01T10:00:00Z'); // Tuesday: Fri, Mon, Tue are the three working days
    expect(dms(headline)).toHaveLength(2);
    expect(JSON.stringify(dms(headline)[1]!.body.blocks)).toContain('reminder 2: still open');
    await runAt('2026-12-01T10:01:00Z');
    expect(dms(headline)).toHaveLength(2);

    await runAt('2026-12-04T10:00:00Z'); // Friday: Wed, Thu, Fri
    expect(dms(headline)).toHaveLength(3);
    await runAt('2026-12-05T10:00:00Z');
    await runAt('2026-12-06T10:00:00Z');
    expect(dms(headline)).toHaveLength(3);
  });

  it('a snooze that ends at a weekend brings the reminder back on Monday morning', async () => {
    current = new Date('2026-12-04T12:00:00Z'); // Friday
    const change = await changeOf('Zed Zero');
    await click('stakeholder.snooze_day', change.id);
    expect(await changeOf('Zed Zero')).toMatchObject({ status: 'snoozed', snoozedUntil: new Date('2026-12-07T09:00:00Z') });
    await runAt('2026-12-05T12:00:00Z');
    await runAt('2026-12-06T12:00:00Z');
    await runAt('2026-12-07T08:59:00Z');
    expect(dms(headline)).toHaveLength(3);
    await runAt('2026-12-07T09:00:00Z');
    expect(dms(headline)).toHaveLength(4);
    expect(await changeOf('Zed Zero')).toMatchObject({ status: 'open', snoozedUntil: null, remindCount: 4 });
  });

  it('Done stops the reminders', async () => {
    await click('stakeholder.done', (await changeOf('Zed Zero')).id);
    await runAt('2026-12-10T09:00:00Z');
    await runAt('2026-12-15T09:00:00Z');
    expect(dms(headline)).toHaveLength(4);
  });

  it('a call note with the person after the change closes it without another reminder', async () => {
    current = new Date('2026-12-14T10:00:00Z'); // Monday
    await command('/stakeholder', 'Wayne add Lucius Fox as CEO');
    expect(dms('Lucius Fox is new at Wayne as CEO')).toHaveLength(1);
    await meet('Lucius Fox', new Date('2026-12-15T10:00:00Z'));
    await runAt('2026-12-17T10:00:00Z');
    expect(dms('Lucius Fox is new at Wayne as CEO')).toHaveLength(1);
    expect(await changeOf('Lucius Fox')).toMatchObject({ status: 'done', acknowledgedAt: new Date('2026-12-17T10:00:00Z') });
  });
});

/** A call note with this person (as the notes feature stores it). */
async function meet(name: string, at: Date): Promise<void> {
  const [person] = await app.db.db.select().from(people).where(eq(people.name, name));
  const [author] = await app.db.db.select().from(users).where(eq(users.externalId, 'U0MARIA'));
  const [note] = await app.db.db.insert(notes).values({ orgId: person!.orgId, authorId: author!.id, accountId: person!.accountId, rawText: `Intro call with ${name}`, metAt: at, createdAt: at }).returning();
  await app.db.db.insert(notePeople).values({ orgId: person!.orgId, noteId: note!.id, personId: person!.id });
}

describe('going cold on an injected clock', () => {
  const nudge = 'Pepper Potts at Stark is going cold';

  it('nudges the owner once per cold spell, and a note resets the clock', async () => {
    current = new Date('2027-01-04T10:00:00Z'); // Monday
    await command('/stakeholder', 'Stark add Pepper Potts as COO');
    await click('stakeholder.done', (await changeOf('Pepper Potts')).id);

    await runAt('2027-02-17T10:00:00Z'); // 44 days
    expect(dms(nudge)).toHaveLength(0);
    await runAt('2027-02-18T10:00:00Z'); // 45 days, a Thursday
    expect(dms(nudge)).toHaveLength(1);
    expect(JSON.stringify(dms(nudge)[0]!.body.blocks)).toContain('No call note with Pepper (COO) in the 45 days since they took the role.');
    await runAt('2027-02-19T10:00:00Z');
    await runAt('2027-03-01T10:00:00Z');
    expect(dms(nudge)).toHaveLength(1);

    await meet('Pepper Potts', new Date('2027-03-01T10:00:00Z'));
    await runAt('2027-04-14T10:00:00Z'); // 44 days after the note
    expect(dms(nudge)).toHaveLength(1);
    await runAt('2027-04-15T10:00:00Z'); // 45 days, a Thursday
    expect(dms(nudge)).toHaveLength(2);
    expect(JSON.stringify(dms(nudge)[1]!.body.blocks)).toContain('No call note with Pepper (COO) for 45 days (last: 1 Mar 2027).');
  });

  it('does not nudge at a weekend: a spell that starts on Saturday is nudged on Monday', async () => {
    current = new Date('2027-01-06T10:00:00Z'); // Wednesday; 45 days later is Saturday 20 Feb
    await command('/stakeholder', 'Stark add Tony Stark as CEO');
    await click('stakeholder.done', (await changeOf('Tony Stark')).id);
    const tony = 'Tony Stark at Stark is going cold';
    await runAt('2027-02-20T10:00:00Z');
    await runAt('2027-02-21T10:00:00Z');
    expect(dms(tony)).toHaveLength(0);
    await runAt('2027-02-22T00:30:00Z'); // Monday
    expect(dms(tony)).toHaveLength(1);
  });
});
