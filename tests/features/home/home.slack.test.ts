import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { followUps, people, stakeholderChanges } from '../../../src/db/schema.js';
import type { Hallway } from '../../../src/main.js';
import { startTestApp } from '../../support/app.js';
import { nowSeconds, sign, SIGNING_SECRET, slashCommand, startFakeSlackApi, TEAM_ID } from '../../support/slack.js';
import { until } from '../stakeholders/until.js';

// Monday 23 Nov 2026, 10:00 UTC.
const clock = { now: () => new Date('2026-11-23T10:00:00Z') };

let app: Hallway;
let slackApi: Awaited<ReturnType<typeof startFakeSlackApi>>;

beforeAll(async () => {
  slackApi = await startFakeSlackApi({
    'users.info': (req) => ({ ok: true, user: { id: String(req.body.user), team_id: TEAM_ID, name: 'maria', real_name: 'Maria Jensen', tz: 'Europe/Berlin', profile: { display_name: 'maria' } } }),
  });
  app = await startTestApp({ SLACK_BOT_TOKEN: 'xoxb-test-token', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: `${slackApi.url}/api/` }, clock);
});

afterAll(async () => {
  await app?.close();
  await slackApi?.close();
});

async function post(body: string, contentType: string) {
  const res = await fetch(`${app.url}/slack/events`, { method: 'POST', headers: { 'content-type': contentType, ...sign(body, nowSeconds()) }, body });
  expect(res.status).toBe(200);
  return res;
}

async function slash(command: string, text: string) {
  const res = await post(slashCommand(command, text, { response_url: `${slackApi.url}/respond` }), 'application/x-www-form-urlencoded');
  await app.queue.idle();
  return (await res.json()) as { response_type?: string; text: string; blocks: unknown[] };
}

async function homeOpened(eventId: string) {
  const before = slackApi.calls('views.publish').length;
  const event = { type: 'app_home_opened', user: 'U0MARIA', channel: 'D0HOME', tab: 'home', event_ts: '1800000000.000100' };
  await post(JSON.stringify({ token: 'x', team_id: TEAM_ID, api_app_id: 'A0HALLWAY', type: 'event_callback', event_id: eventId, event_time: 1800000000, event }), 'application/json');
  await until(() => slackApi.calls('views.publish').length > before, 'views.publish');
  return slackApi.calls('views.publish').at(-1)!.body as { user_id: string; view: { type: string; blocks: Array<Record<string, unknown>> } };
}

async function click(actionId: string, value: string) {
  const payload = {
    type: 'block_actions',
    user: { id: 'U0MARIA', username: 'maria', name: 'maria', team_id: TEAM_ID },
    api_app_id: 'A0HALLWAY',
    token: 'deprecated-verification-token',
    container: { type: 'view', view_id: 'V0HOME' },
    trigger_id: `13345224609.738474920.home${actionId}`,
    team: { id: TEAM_ID, domain: 'hallway-test' },
    view: { id: 'V0HOME', type: 'home', team_id: TEAM_ID, callback_id: '', hash: '1', private_metadata: '', blocks: [], state: { values: {} } },
    actions: [{ action_id: actionId, block_id: 'b1', text: { type: 'plain_text', text: 'x' }, value, type: 'button', action_ts: '1800000100.000001' }],
  };
  await post(new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), 'application/x-www-form-urlencoded');
}

// Text people typed (account names, headlines, follow-ups) comes out as rich text or plain text, which Slack never parses.
const section = (text: string) => ({ type: 'rich_text', elements: [{ type: 'rich_text_section', elements: [{ type: 'text', text }] }] });
const header = (text: string) => ({ type: 'header', text: { type: 'plain_text', text } });
const context = (text: string) => ({ type: 'context', elements: [{ type: 'plain_text', text }] });
/** Label (bold) and value, one section each; all but the last end with a blank line between them. */
const fields = (...fs: Array<[label: string, value: string]>) => ({
  type: 'rich_text',
  elements: fs.map(([label, value], i) => ({
    type: 'rich_text_section',
    elements: [
      { type: 'text', text: label, style: { bold: true } },
      { type: 'text', text: `\n${value}${i < fs.length - 1 ? '\n' : ''}` },
    ],
  })),
});
const button = (action_id: string, text: string, value: string, style?: string) => ({ type: 'button', action_id, text: { type: 'plain_text', text }, value, ...(style ? { style } : {}) });

describe('Home on Slack', () => {
  it('an empty Home says how to fill each part', async () => {
    const { user_id, view } = await homeOpened('Ev0EMPTY');
    expect(user_id).toBe('U0MARIA');
    expect(view.type).toBe('home');
    expect(view.blocks).toEqual([
      header('Your Hallway'),
      context('Your role: admin'),
      header('Your accounts'),
      section('You own no accounts yet. The first call note about a customer makes you its owner: /callnote Acme with Dana Lee: …'),
      { type: 'divider' },
      header('Stakeholder changes'),
      section('Nobody new or gone at your accounts: nothing to re-learn.'),
      { type: 'divider' },
      header('Follow-ups due'),
      section('No follow-up due this week.'),
      { type: 'divider' },
      header('Your subscriptions'),
      section('None yet: /hallway subscribe 09:30 in a channel brings it a customer story each working day.'),
      context('/hallway help lists every command.'),
      // The core's word to an organisation's first person, on their first reply.
      context("You're the first person from your workspace here, so you are this organisation's admin: you can name other admins and managers with /hallway role."),
    ]);
  });

  it("lists the person's accounts, open changes with the reminder's buttons, follow-ups due and subscriptions", async () => {
    await slash('/callnote', 'Acme with Dana Lee (VP Engineering): "We lose two days every month-end" follow-up: send the beta invite by 2026-11-25');
    await slash('/stakeholder', 'Acme add Priya Shah as CFO');
    await slash('/stakeholder', 'Globex add Hank Scorpio as CEO');
    await slash('/hallway', 'subscribe 09:30 Europe/Berlin weekdays tags: payments');
    const { view } = await homeOpened('Ev0FULL');
    const ids = await idsOf();
    expect(view.blocks).toEqual([
      header('Your Hallway'),
      context('Your role: admin'),
      header('Your accounts'),
      fields(['Globex', 'no call logged yet'], ['Acme', 'last contact 23 Nov (today)']),
      { type: 'divider' },
      header('Stakeholder changes'),
      section('Hank Scorpio is new at Globex as CEO'),
      {
        type: 'actions',
        elements: [
          button('stakeholder.log_intro', 'Log intro call', ids.hank, 'primary'),
          button('stakeholder.snooze_week', 'Snooze 1 week', ids.hank),
          button('stakeholder.done', 'Done', ids.hank),
        ],
      },
      section('Priya Shah is new at Acme as CFO'),
      {
        type: 'actions',
        elements: [
          button('stakeholder.log_intro', 'Log intro call', ids.priya, 'primary'),
          button('stakeholder.snooze_week', 'Snooze 1 week', ids.priya),
          button('stakeholder.done', 'Done', ids.priya),
        ],
      },
      { type: 'divider' },
      header('Follow-ups due'),
      section('send the beta invite\nAcme · due Wed 25 Nov'),
      { type: 'actions', elements: [button('note.followup_done', 'Done', ids.followUp, 'primary'), button('note.followup_snooze', 'Snooze 1 day', ids.followUp)] },
      { type: 'divider' },
      header('Your subscriptions'),
      section('• A customer story in a channel at 09:30 Europe/Berlin, on weekdays, about payments'),
      context('/hallway help lists every command.'),
    ]);
  });

  it('/hallway home answers privately with the same blocks', async () => {
    const reply = await slash('/hallway', 'home');
    expect(reply.response_type).toBe('ephemeral');
    const { view } = await homeOpened('Ev0AGAIN');
    expect(reply.blocks).toEqual(view.blocks);
  });

  it("a reminder's button clicked in the tab acts, answers by DM, and refreshes the tab", async () => {
    const ids = await idsOf();
    const published = slackApi.calls('views.publish').length;
    await click('stakeholder.done', ids.hank);
    await until(() => slackApi.calls('views.publish').length > published, 'the refreshed Home');
    expect(slackApi.calls('chat.postMessage').at(-1)?.body).toMatchObject({ channel: 'U0MARIA', text: 'Done: the change about Hank Scorpio is closed. No more reminders about it.' });
    const refreshed = slackApi.calls('views.publish').at(-1)!.body as { user_id: string; view: { blocks: unknown[] } };
    expect(refreshed.user_id).toBe('U0MARIA');
    expect(JSON.stringify(refreshed.view.blocks)).not.toContain('Hank Scorpio');
    expect(JSON.stringify(refreshed.view.blocks)).toContain('Priya Shah is new at Acme as CFO');
  });

  it('"Log intro call" in the tab opens the call-note form as a modal', async () => {
    const ids = await idsOf();
    const opened = slackApi.calls('views.open').length;
    await click('stakeholder.log_intro', ids.priya);
    await until(() => slackApi.calls('views.open').length > opened, 'views.open');
    const { trigger_id, view } = slackApi.calls('views.open').at(-1)!.body as { trigger_id: string; view: { type: string; callback_id: string } };
    expect(trigger_id).toBe('13345224609.738474920.homestakeholder.log_intro');
    expect(view).toMatchObject({ type: 'modal', callback_id: 'note.form' });
  });
});

async function idsOf() {
  const changes = await app.db.db
    .select({ id: stakeholderChanges.id, person: people.name })
    .from(stakeholderChanges)
    .innerJoin(people, eq(people.id, stakeholderChanges.personId));
  const [followUp] = await app.db.db.select({ id: followUps.id }).from(followUps);
  const of = (name: string) => changes.find((c) => c.person === name)!.id;
  return { hank: of('Hank Scorpio'), priya: of('Priya Shah'), followUp: followUp!.id };
}
