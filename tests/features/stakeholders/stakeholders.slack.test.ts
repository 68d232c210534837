import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accounts, people, stakeholderChanges, stakeholderRoles, users } from '../../../src/db/schema.js';
import type { Hallway } from '../../../src/main.js';
import { startTestApp } from '../../support/app.js';
import type { Recorded } from '../../support/recording-server.js';
import { nowSeconds, sign, SIGNING_SECRET, slashCommand, startFakeSlackApi, TEAM_ID } from '../../support/slack.js';
import { until } from './until.js';

// Monday 23 Nov 2026, 10:00 UTC.
let current = new Date('2026-11-23T10:00:00Z');
const clock = { now: () => current };

let app: Hallway;
let slackApi: Awaited<ReturnType<typeof startFakeSlackApi>>;

const usersInfo = (req: Recorded) => {
  const id = String(req.body.user);
  if (id === 'U0EXT') return { ok: true, user: { id, team_id: 'T0CUSTOMER', is_stranger: true, real_name: 'Ana Ruiz', profile: { title: 'Head of Procurement', display_name: 'ana' } } };
  // The slash command's user_name is the legacy handle "maria"; people see her name.
  if (id === 'U0MARIA') return { ok: true, user: { id, team_id: TEAM_ID, name: 'maria', real_name: 'Maria Silva', profile: { display_name: '' } } };
  return { ok: true, user: { id, team_id: TEAM_ID, name: 'olga', real_name: 'Olga Owner', tz: 'Europe/Berlin', profile: { display_name: 'Olga' } } };
};

beforeAll(async () => {
  slackApi = await startFakeSlackApi({ 'users.info': usersInfo });
  app = await startTestApp({ SLACK_BOT_TOKEN: 'xoxb-test-token', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: `${slackApi.url}/api/` }, clock);
});

afterAll(async () => {
  await app?.close();
  await slackApi?.close();
});

interface SlackReply {
  response_type?: string;
  text: string;
  blocks: unknown[];
}

async function command(command: string, text: string, overrides: Record<string, string> = {}): Promise<SlackReply> {
  const body = slashCommand(command, text, { response_url: `${slackApi.url}/respond`, ...overrides });
  const res = await fetch(`${app.url}/slack/events`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...sign(body, nowSeconds()) }, body });
  expect(res.status).toBe(200);
  await app.queue.idle();
  return (await res.json()) as SlackReply;
}

let clicks = 0;
let respondsBefore = 0;
/** A button click as Slack posts it: block_actions in the form field `payload`. */
async function click(actionId: string, value: string, user = 'U0MARIA'): Promise<void> {
  clicks += 1;
  respondsBefore = slackApi.calls('/respond').length;
  const payload = {
    type: 'block_actions',
    user: { id: user, username: 'maria', name: 'maria', team_id: TEAM_ID },
    api_app_id: 'A0HALLWAY',
    token: 'deprecated-verification-token',
    container: { type: 'message', message_ts: '1700000000.000100', channel_id: 'D0DM', is_ephemeral: false },
    trigger_id: `13345224609.738474920.click${clicks}`,
    team: { id: TEAM_ID, domain: 'hallway-test' },
    channel: { id: 'D0DM', name: 'directmessage' },
    response_url: `${slackApi.url}/respond`,
    actions: [{ action_id: actionId, block_id: 'b1', text: { type: 'plain_text', text: 'x' }, value, type: 'button', action_ts: '1700000001.000200' }],
  };
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  const res = await fetch(`${app.url}/slack/events`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...sign(body, nowSeconds()) }, body });
  expect(res.status).toBe(200);
}

/** What the last button click answered, through response_url. */
async function responded(): Promise<string> {
  // Reminders queued by earlier steps are paced (one every 1.2 s per DM); let them go first.
  await app.queue.idle();
  await until(() => slackApi.calls('/respond').length > respondsBefore, 'the reply to a click');
  return String(slackApi.calls('/respond').at(-1)?.body.text);
}

async function changesOf(account: string) {
  return app.db.db
    .select({ id: stakeholderChanges.id, kind: stakeholderChanges.kind, source: stakeholderChanges.source, status: stakeholderChanges.status, snoozedUntil: stakeholderChanges.snoozedUntil, acknowledgedAt: stakeholderChanges.acknowledgedAt, person: people.name, role: stakeholderChanges.role })
    .from(stakeholderChanges)
    .innerJoin(accounts, eq(accounts.id, stakeholderChanges.accountId))
    .innerJoin(people, eq(people.id, stakeholderChanges.personId))
    .where(eq(accounts.name, account))
    .orderBy(stakeholderChanges.createdAt);
}

describe('/stakeholder through the real Slack adapter', () => {
  it('records a new person, creates the account for its author, and DMs the owner a reminder', async () => {
    const reply = await command('/stakeholder', 'Acme add Priya Shah as CFO');
    expect(reply.response_type).toBe('ephemeral');
    expect(reply.text).toBe('Recorded at Acme: Priya Shah joined as CFO. Maria Silva (the owner) gets a reminder.');
    expect(await changesOf('Acme')).toMatchObject([{ kind: 'joined', source: 'command', status: 'open', person: 'Priya Shah', role: 'CFO' }]);

    expect(slackApi.calls('conversations.open').at(-1)?.body.users).toBe('U0MARIA');
    const dm = slackApi.calls('chat.postMessage').at(-1)!;
    expect(dm.body.channel).toBe('D0DM');
    expect(dm.body.text).toBe('Priya Shah is new at Acme as CFO');
    const blocks = JSON.stringify(dm.body.blocks);
    expect(blocks).toContain('Not written down yet: objectives, operating style, preferences.');
    expect(blocks).toContain("What are Priya's top two or three personal objectives?");
    expect(blocks).toContain('Trust comes first');
    for (const id of ['stakeholder.log_intro', 'stakeholder.snooze_day', 'stakeholder.snooze_week', 'stakeholder.done']) expect(blocks).toContain(id);
  });

  it('Done closes the reminder', async () => {
    const [change] = await changesOf('Acme');
    await click('stakeholder.done', change!.id);
    expect(await responded()).toBe('Done: the change about Priya Shah is closed. No more reminders about it.');
    expect((await changesOf('Acme'))[0]).toMatchObject({ status: 'done', acknowledgedAt: current });
  });

  it('records a replacement with the history, and Snooze moves the reminder', async () => {
    const reply = await command('/stakeholder', 'acm add Dana Lee as CFO replacing Priya Shah');
    expect(reply.text).toBe('Recorded at Acme: Dana Lee replaced Priya Shah as CFO. Maria Silva (the owner) gets a reminder.');
    expect(slackApi.calls('chat.postMessage').at(-1)?.body.text).toBe('Dana Lee replaces Priya Shah at Acme as CFO');
    const replaced = (await changesOf('Acme'))[1]!;
    expect(replaced).toMatchObject({ kind: 'replaced', person: 'Dana Lee', status: 'open' });

    await click('stakeholder.snooze_week', replaced.id);
    expect(await responded()).toBe("Snoozed. I'll remind you about Dana Lee again on Mon 30 Nov at 10:00.");
    expect((await changesOf('Acme'))[1]).toMatchObject({ status: 'snoozed', snoozedUntil: new Date('2026-11-30T10:00:00Z') });

    await click('stakeholder.snooze_day', replaced.id);
    expect(await responded()).toBe("Snoozed. I'll remind you about Dana Lee again on Tue 24 Nov at 10:00.");
    expect((await changesOf('Acme'))[1]).toMatchObject({ status: 'snoozed', snoozedUntil: new Date('2026-11-24T10:00:00Z') });

    const [priya] = await app.db.db.select().from(people).where(eq(people.name, 'Priya Shah'));
    expect(priya?.status).toBe('left');
    const roles = await app.db.db.select({ role: stakeholderRoles.role, until: stakeholderRoles.until }).from(stakeholderRoles).where(eq(stakeholderRoles.personId, priya!.id));
    expect(roles).toEqual([{ role: 'CFO', until: current }]);
  });

  it('Log intro call opens the note form prefilled with the account and the person', async () => {
    const replaced = (await changesOf('Acme'))[1]!;
    const before = slackApi.calls('views.open').length;
    await click('stakeholder.log_intro', replaced.id);
    await until(() => slackApi.calls('views.open').length > before, 'views.open');
    const opened = slackApi.calls('views.open').at(-1)!;
    expect(opened.body.trigger_id).toBe(`13345224609.738474920.click${clicks}`);
    const view = opened.body.view as { callback_id: string; blocks: Array<{ block_id: string; element: { initial_value?: string } }> };
    expect(view.callback_id).toBe('note.form');
    expect(view.blocks.find((b) => b.block_id === 'account_new')?.element.initial_value).toBe('Acme');
    expect(view.blocks.find((b) => b.block_id === 'people')?.element.initial_value).toBe('Dana Lee (CFO)');
  });

  it('saves objectives and lists the roster with its history', async () => {
    const saved = await command('/stakeholder', 'Acme objectives Dana Lee: close the books in 3 days; cut audit fees');
    expect(saved.text).toBe("Saved Dana Lee's top objectives at Acme: 1. close the books in 3 days 2. cut audit fees");
    const list = await command('/stakeholder', 'Acme list');
    expect(list.text).toBe("Acme — who's who");
    const json = JSON.stringify(list.blocks);
    expect(json).toContain('Dana Lee — CFO (since 23 Nov 2026)');
    expect(json).toContain('Objectives: close the books in 3 days; cut audit fees');
    expect(json).toContain('Priya Shah, CFO: 23 Nov 2026 → 23 Nov 2026');
    expect(json).toContain('Owner: Maria Silva · 1 open change');
    expect(json).toContain('"action_id":"stakeholder.edit"');
  });

  it('the Edit button opens the person form; submitting it saves style and preferences', async () => {
    const [dana] = await app.db.db.select().from(people).where(eq(people.name, 'Dana Lee'));
    const before = slackApi.calls('views.open').length;
    await click('stakeholder.edit', dana!.id);
    await until(() => slackApi.calls('views.open').length > before, 'views.open');
    const view = slackApi.calls('views.open').at(-1)!.body.view as { callback_id: string; private_metadata: string; blocks: Array<{ block_id: string; element: { initial_value?: string } }> };
    expect(view.callback_id).toBe('stakeholder.person');
    expect(view.blocks.find((b) => b.block_id === 'objectives')?.element.initial_value).toBe('close the books in 3 days\ncut audit fees');

    const input = (value: string | null) => ({ type: 'plain_text_input', value });
    const payload = {
      type: 'view_submission',
      team: { id: TEAM_ID, domain: 'hallway-test' },
      user: { id: 'U0MARIA', username: 'maria', name: 'maria', team_id: TEAM_ID },
      api_app_id: 'A0HALLWAY',
      token: 'x',
      trigger_id: '13345224609.738474920.submit1',
      view: {
        id: 'V0PERSON1',
        type: 'modal',
        callback_id: view.callback_id,
        private_metadata: view.private_metadata,
        state: {
          values: {
            objectives: { objectives: input('1. close the books in 3 days\n- pass the audit') },
            operating_style: { operating_style: input('Decides on data, in the meeting') },
            preferences: { preferences: input(null) },
          },
        },
      },
    };
    const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    const res = await fetch(`${app.url}/slack/events`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...sign(body, nowSeconds()) }, body });
    expect(res.status).toBe(200);
    expect(JSON.stringify(await res.json())).toContain('Saved what we know about Dana Lee at Acme.');
    const [saved] = await app.db.db.select().from(people).where(eq(people.id, dana!.id));
    expect(saved).toMatchObject({ objectives: ['close the books in 3 days', 'pass the audit'], operatingStyle: 'Decides on data, in the meeting', preferences: null });
  });

  it('answers bad input with what was wrong and the text echoed back', async () => {
    const reply = await command('/stakeholder', 'Acme add Priya');
    // Slack's renderer escapes &lt; and &gt; in text.
    expect(reply.text).toBe('⚠️ I could not find "as &lt;role&gt;" in "Priya".');
    expect(JSON.stringify(reply.blocks)).toContain('/stakeholder Acme add Priya');
    const unknown = await command('/stakeholder', 'Acme left Nobody Here');
    expect(unknown.text).toBe("⚠️ Nobody Here is not on Acme's roster.");
    expect(JSON.stringify(unknown.blocks)).toContain('Known there: Dana Lee.');
  });

  it('sets the owner from a mention, and the next reminder goes to them', async () => {
    const reply = await command('/hallway', 'owner Acme <@U0OLGA|olga>');
    expect(reply.text).toBe('Olga now owns Acme.');
    const [owner] = await app.db.db.select({ tz: users.timezone }).from(accounts).innerJoin(users, eq(users.id, accounts.ownerId)).where(eq(accounts.name, 'Acme'));
    expect(owner).toEqual({ tz: 'Europe/Berlin' });

    await command('/stakeholder', 'Acme left Dana Lee');
    expect(slackApi.calls('conversations.open').at(-1)?.body.users).toBe('U0OLGA');
    expect(slackApi.calls('chat.postMessage').at(-1)?.body.text).toBe('Dana Lee has left Acme (CFO)');
  });

  it('links a shared channel; an outside member joining and leaving become changes', async () => {
    const reply = await command('/hallway', 'link acme', { channel_id: 'C0SHARED' });
    expect(reply.text).toBe('This channel is now linked to Acme.');
    const fromChannel = async () => (await changesOf('Acme')).filter((c) => c.source === 'slack_connect');
    // One after the other, as people join and leave: each event is handled after Slack's ack.
    for (const [type, n] of [['member_joined_channel', 1], ['member_left_channel', 2]] as const) {
      const body = JSON.stringify({
        token: 'x',
        team_id: TEAM_ID,
        api_app_id: 'A0HALLWAY',
        type: 'event_callback',
        event_id: `Ev0SHARED${n}`,
        event_time: 1700000000 + n,
        event: { type, user: 'U0EXT', channel: 'C0SHARED', channel_type: 'C', team: 'T0CUSTOMER', event_ts: `1700000000.00000${n}` },
      });
      const res = await fetch(`${app.url}/slack/events`, { method: 'POST', headers: { 'content-type': 'application/json', ...sign(body, nowSeconds()) }, body });
      expect(res.status).toBe(200);
      await until(async () => (await fromChannel()).length >= n, `shared-channel change ${n}`, 2_000);
    }
    expect(await fromChannel()).toMatchObject([
      { kind: 'joined', person: 'Ana Ruiz', role: 'Head of Procurement' },
      { kind: 'left', person: 'Ana Ruiz' },
    ]);
  });

  it('ignores members of our own workspace in a linked channel', async () => {
    const event = (user: string, id: string) =>
      JSON.stringify({
        token: 'x', team_id: TEAM_ID, api_app_id: 'A0HALLWAY', type: 'event_callback', event_id: id, event_time: 1700000009,
        event: { type: 'member_joined_channel', user, channel: 'C0SHARED', channel_type: 'C', team: TEAM_ID, event_ts: '1700000000.000009' },
      });
    const post = (body: string) => fetch(`${app.url}/slack/events`, { method: 'POST', headers: { 'content-type': 'application/json', ...sign(body, nowSeconds()) }, body });
    const before = (await changesOf('Acme')).length;
    await post(event('U0COLLEAGUE', 'Ev0OWN'));
    await until(() => slackApi.calls('users.info').some((c) => c.body.user === 'U0COLLEAGUE'), 'users.info for the colleague');
    // Ana (outside) joining again afterwards is recorded: the colleague before her was not.
    await post(event('U0EXT', 'Ev0BACK'));
    await until(async () => (await changesOf('Acme')).length > before, 'Ana back', 2_000);
    expect((await changesOf('Acme')).slice(before)).toMatchObject([{ kind: 'joined', source: 'slack_connect', person: 'Ana Ruiz' }]);
  });

  it('forgets a person after confirmation, keeping notes with the name removed', async () => {
    const ask = await command('/hallway', 'forget priya shah');
    expect(ask.text).toBe('Erase Priya Shah (Acme) everywhere?');
    const confirm = (ask.blocks as Array<{ elements?: Array<{ action_id?: string; value?: string }> }>).flatMap((b) => b.elements ?? []).find((e) => e.action_id === 'stakeholder.forget_confirm');
    // Another admin clicking the same button erases nothing: it answers only the admin who asked.
    await click('stakeholder.forget_confirm', confirm!.value!, 'U0OTHER');
    expect(await responded()).toContain('Only the admin who asked to erase this person can confirm it.');
    await click('stakeholder.forget_confirm', confirm!.value!);
    expect(await responded()).toBe('Erased one person; 0 notes keep their text with the name removed.');
    const left = await app.db.db.select().from(people).where(and(eq(people.name, 'Priya Shah')));
    expect(left).toEqual([]);
  });
});
