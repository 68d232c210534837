import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accounts, followUps, notes, people, replanFlows, stakeholderChanges } from '../../../src/db/schema.js';
import type { Hallway } from '../../../src/main.js';
import { startTestApp } from '../../support/app.js';
import type { Recorded } from '../../support/recording-server.js';
import { nowSeconds, sign, SIGNING_SECRET, slashCommand, startFakeSlackApi, TEAM_ID } from '../../support/slack.js';
import { until } from '../stakeholders/until.js';

// Monday 23 Nov 2026, 10:00 UTC.
const clock = { current: new Date('2026-11-23T10:00:00Z'), now() { return this.current; } };
const env = () => ({ SLACK_BOT_TOKEN: 'xoxb-test-token', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: `${slackApi.url}/api/` });
const MODAL = 'V0REPLAN';

let app: Hallway;
let slackApi: Awaited<ReturnType<typeof startFakeSlackApi>>;

beforeAll(async () => {
  slackApi = await startFakeSlackApi({
    'views.open': () => ({ ok: true, view: { id: MODAL } }),
    'views.update': () => ({ ok: true, view: { id: MODAL } }),
  });
  app = await startTestApp(env(), clock);
});

afterAll(async () => {
  await app?.close();
  await slackApi?.close();
});

function post(body: string) {
  return fetch(`${app.url}/slack/events`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...sign(body, nowSeconds()) }, body });
}

async function command(text: string, user = 'U0MARIA'): Promise<{ text?: string }> {
  const res = await post(slashCommand('/stakeholder', text, { user_id: user, response_url: `${slackApi.url}/respond` }));
  expect(res.status).toBe(200);
  await app.queue.idle();
  return (await res.clone().text()) ? ((await res.json()) as { text?: string }) : {};
}

interface View {
  callback_id: string;
  title: { text: string };
  submit?: { text: string };
  private_metadata: string;
  blocks: Array<{ type: string; block_id?: string; element?: Record<string, unknown>; elements?: Array<{ action_id: string; value: string; text: { text: string } }> }>;
}

let clicks = 0;
/** A button click: on a message (the reminder DM), or inside the open re-plan modal. */
async function click(actionId: string, value: string, opts: { inModal?: boolean; user?: string } = {}): Promise<Recorded> {
  clicks += 1;
  const method = opts.inModal ? 'views.update' : 'views.open';
  const before = slackApi.calls(method).length;
  const where = opts.inModal
    ? { container: { type: 'view', view_id: MODAL }, view: { id: MODAL, type: 'modal', callback_id: 'replan.step', private_metadata: value, state: { values: {} }, hash: 'h' } }
    : { container: { type: 'message', message_ts: '1700000000.000100', channel_id: 'D0DM' }, channel: { id: 'D0DM', name: 'directmessage' }, response_url: `${slackApi.url}/respond` };
  const payload = {
    type: 'block_actions',
    user: { id: opts.user ?? 'U0MARIA', username: 'maria', name: 'maria', team_id: TEAM_ID },
    api_app_id: 'A0HALLWAY',
    token: 'deprecated-verification-token',
    trigger_id: `trigger-replan-${clicks}`,
    team: { id: TEAM_ID, domain: 'hallway-test' },
    ...where,
    actions: [{ type: 'button', action_id: actionId, block_id: 'b1', text: { type: 'plain_text', text: 'x' }, value, action_ts: '1700000001.000200' }],
  };
  expect((await post(new URLSearchParams({ payload: JSON.stringify(payload) }).toString())).status).toBe(200);
  await until(() => slackApi.calls(method).length > before, method);
  return slackApi.calls(method).at(-1)!;
}

/** Submits the modal as it stands with these values; returns what the ack put in its place. */
async function submit(view: View, values: Record<string, unknown>): Promise<{ response_action: string; view: View }> {
  const state: Record<string, Record<string, unknown>> = {};
  for (const [id, v] of Object.entries(values)) {
    state[id] = {
      [id]:
        typeof v === 'object' && v !== null
          ? v
          : /^\d{4}-\d{2}-\d{2}$/.test(String(v))
            ? { type: 'datepicker', selected_date: v }
            : { type: 'plain_text_input', value: v },
    };
  }
  const payload = {
    type: 'view_submission',
    team: { id: TEAM_ID, domain: 'hallway-test' },
    user: { id: 'U0MARIA', username: 'maria', name: 'maria', team_id: TEAM_ID },
    api_app_id: 'A0HALLWAY',
    token: 'deprecated-verification-token',
    trigger_id: `trigger-submit-${++clicks}`,
    view: { id: MODAL, team_id: TEAM_ID, type: 'modal', callback_id: view.callback_id, private_metadata: view.private_metadata, title: view.title, blocks: [], state: { values: state }, hash: 'h', app_id: 'A0HALLWAY', bot_id: 'B0BOT' },
    response_urls: [],
    is_enterprise_install: false,
  };
  const res = await post(new URLSearchParams({ payload: JSON.stringify(payload) }).toString());
  expect(res.status).toBe(200);
  return (await res.json()) as { response_action: string; view: View };
}

const select = (value: string) => ({ type: 'static_select', selected_option: { value } });
const viewOf = (call: Recorded) => call.body.view as View;
const buttons = (view: View) => view.blocks.filter((b) => b.type === 'actions').flatMap((b) => b.elements ?? []);
const button = (view: View, actionId: string) => buttons(view).find((b) => b.action_id === actionId)!;
const inputs = (view: View) => view.blocks.filter((b) => b.type === 'input').map((b) => b.block_id);

async function changeOf(name: string) {
  const [row] = await app.db.db
    .select({ change: stakeholderChanges })
    .from(stakeholderChanges)
    .innerJoin(people, eq(people.id, stakeholderChanges.personId))
    .where(eq(people.name, name));
  return row!.change;
}

describe('the guided re-plan in a Slack modal', () => {
  it('a reminder about a champion replaced carries a Re-plan button', async () => {
    await command('Acme add Tom Reed as Champion');
    // Tom leaves the role, but his e-mail is on file: he can still be reached for a handover.
    await app.db.db.update(people).set({ email: 'tom@acme.example', operatingStyle: 'Hands-on, weekly demos' }).where(eq(people.name, 'Tom Reed'));
    await command('Acme add Priya Shah as Finance Lead replacing Tom Reed');
    const dm = slackApi.calls('chat.postMessage').at(-1)!;
    expect(dm.body.text).toBe('Priya Shah replaces Tom Reed at Acme as Finance Lead');
    const reminder = (dm.body.blocks as View['blocks']).flatMap((b) => b.elements ?? []);
    expect(reminder.find((b) => b.action_id === 'replan.start')).toMatchObject({ text: { text: 'Re-plan' }, value: (await changeOf('Priya Shah')).id });
  });

  it('walks the steps with Next, Skip and Back; survives a restart; branches to the handover; saves the plan and closes the change', async () => {
    const change = await changeOf('Priya Shah');
    const opened = viewOf(await click('replan.start', change.id));
    expect(opened.callback_id).toBe('replan.step');
    expect(opened.title.text).toBe('Re-plan: what we know');
    const known = JSON.stringify(opened.blocks);
    expect(known).toContain('Re-learn Priya Shah');
    expect(known).toContain('Finance Lead, since Mon 23 Nov 2026');
    expect(known).toContain('Not known yet: no call note names them yet, objectives, operating style, preferences, how ready they are to change.');
    expect(known).toContain('What worked with Tom Reed may not work now: style — Hands-on, weekly demos');
    expect(inputs(opened)).toEqual(['ready']);
    expect(buttons(opened).map((b) => b.text.text)).toEqual(['Skip']);

    const objectives = (await submit(opened, { ready: select('medium') })).view;
    expect(objectives.title.text).toBe('Re-plan: objectives');
    expect(buttons(objectives).map((b) => b.text.text)).toEqual(['Back', 'Skip']);
    const style = (await submit(objectives, { objectives: 'Close the books in 3 days\nCut audit fees' })).view;
    expect(style.title.text).toBe('Re-plan: style');

    // Skip style, then Back to it: Skip and Back answer in the same modal (views.update), never a new one.
    const skipped = await click('replan.skip', button(style, 'replan.skip').value, { inModal: true });
    expect(skipped.body.view_id).toBe(MODAL);
    expect(viewOf(skipped).title.text).toBe('Re-plan: preferences');
    const backAgain = viewOf(await click('replan.back', button(viewOf(skipped), 'replan.back').value, { inModal: true }));
    expect(backAgain.title.text).toBe('Re-plan: style');
    const prefs = (await submit(backAgain, { style: select('data-driven'), style_notes: 'wants the numbers before any meeting' })).view;
    expect(prefs.title.text).toBe('Re-plan: preferences');

    // A restart: a new app on the same database. Hours later the reminder's button resumes where it stood.
    await app.close();
    clock.current = new Date('2026-11-23T15:00:00Z');
    app = await startTestApp(env(), clock);
    const resumed = viewOf(await click('replan.start', change.id));
    expect(resumed.title.text).toBe('Re-plan: preferences');
    expect(resumed.private_metadata).toBe(prefs.private_metadata);

    const handover = (await submit(resumed, { channel: select('email'), cadence: select('monthly'), avoid: 'surprise calls' })).view;
    expect(handover.title.text).toBe('Re-plan: handover');
    expect(JSON.stringify(handover.blocks)).toContain('Hand over with Tom Reed');
    const firstTouch = (await submit(handover, { handover: 'Ask Tom for a three-way intro', handover_by: '2026-11-25' })).view;
    expect(firstTouch.title.text).toBe('Re-plan: first touch');

    // A past date is refused in place, with what was typed kept.
    const refused = (await submit(firstTouch, { intro_by: '2026-11-20', intro_note: 'What does month-end cost you?' })).view;
    expect(refused.title.text).toBe('Re-plan: first touch');
    expect(JSON.stringify(refused.blocks)).toContain('2026-11-20 is already past; pick today or a later day.');
    expect(refused.blocks.find((b) => b.block_id === 'intro_note')?.element).toMatchObject({ initial_value: 'What does month-end cost you?' });

    const summary = (await submit(refused, { intro_by: '2026-12-01', intro_note: 'What does month-end cost you?' })).view;
    expect(summary.title.text).toBe('Re-plan: summary');
    expect(summary.submit?.text).toBe('Save the plan');
    const plan = JSON.stringify(summary.blocks);
    for (const line of ['Ready to change', 'Medium', 'Close the books in 3 days', 'Data-driven', 'E-mail', 'Monthly', 'surprise calls', 'Ask Tom for a three-way intro', '2026-12-01']) expect(plan).toContain(line);

    const saved = await submit(summary, {});
    expect(saved.response_action).toBe('update');
    const done = JSON.stringify(saved.view.blocks);
    expect(done).toContain('Saved the plan for Priya Shah at Acme');
    expect(done).toContain('Follow-up for you: Intro call with Priya Shah by Tue 1 Dec. The change is closed: no more reminders about it.');

    const [priya] = await app.db.db.select().from(people).where(eq(people.name, 'Priya Shah'));
    expect(priya).toMatchObject({
      objectives: ['Close the books in 3 days', 'Cut audit fees'],
      operatingStyle: 'Data-driven — wants the numbers before any meeting',
      preferences: 'Channel: E-mail; Cadence: Monthly; Avoid: surprise calls',
    });
    expect(await changeOf('Priya Shah')).toMatchObject({ status: 'done', acknowledgedAt: clock.current });
    const [flow] = await app.db.db.select().from(replanFlows).where(eq(replanFlows.personId, priya!.id));
    expect(flow).toMatchObject({ status: 'done', completedAt: clock.current });
    expect(flow!.summary).toContain('Handover: Ask Tom for a three-way intro');
    const [note] = await app.db.db.select().from(notes).where(eq(notes.id, flow!.noteId!));
    expect(note).toMatchObject({ visibility: 'internal', consentToQuote: false, tags: ['replan'] });
    expect(await app.db.db.select({ text: followUps.text, dueOn: followUps.dueOn, status: followUps.status }).from(followUps).where(eq(followUps.noteId, note!.id))).toEqual([
      { text: 'Intro call with Priya Shah', dueOn: '2026-12-01', status: 'open' },
    ]);

    // The button on the old reminder now says it is done.
    expect(await (async () => {
      const before = slackApi.calls('/respond').length;
      const payload = { type: 'block_actions', user: { id: 'U0MARIA', name: 'maria', team_id: TEAM_ID }, api_app_id: 'A0HALLWAY', token: 't', trigger_id: 'trigger-after', team: { id: TEAM_ID }, container: { type: 'message', channel_id: 'D0DM' }, channel: { id: 'D0DM' }, response_url: `${slackApi.url}/respond`, actions: [{ type: 'button', action_id: 'replan.start', block_id: 'b', value: change.id, action_ts: '1' }] };
      await post(new URLSearchParams({ payload: JSON.stringify(payload) }).toString());
      await until(() => slackApi.calls('/respond').length > before, 'the answer');
      return String(slackApi.calls('/respond').at(-1)!.body.text);
    })()).toBe('The change about Priya Shah is closed. To re-plan Priya Shah anyway, use /stakeholder Acme replan Priya Shah.');
  });

  it('/stakeholder <account> replan <name> opens it too, and a low "ready" branches to what would change that', async () => {
    await command('Acme add Dana Lee as Controller');
    const opened = viewOf(await (async () => {
      const before = slackApi.calls('views.open').length;
      await command('Acme replan Dana Lee');
      await until(() => slackApi.calls('views.open').length > before, 'views.open');
      return slackApi.calls('views.open').at(-1)!;
    })());
    expect(JSON.stringify(opened.blocks)).toContain('Re-learn Dana Lee');
    const objectives = (await submit(opened, { ready: select('low') })).view;
    let view = viewOf(await click('replan.skip', button(objectives, 'replan.skip').value, { inModal: true }));
    view = viewOf(await click('replan.skip', button(view, 'replan.skip').value, { inModal: true }));
    expect(view.title.text).toBe('Re-plan: preferences');
    view = viewOf(await click('replan.skip', button(view, 'replan.skip').value, { inModal: true }));
    expect(view.title.text).toBe('Re-plan: readiness');
    expect(JSON.stringify(view.blocks)).toContain('What would make Dana ready?');
    const firstTouch = (await submit(view, { readiness: 'A pilot on one entity first' })).view;
    expect(firstTouch.title.text).toBe('Re-plan: first touch');
    const summary = viewOf(await click('replan.skip', button(firstTouch, 'replan.skip').value, { inModal: true }));
    const saved = await submit(summary, {});
    expect(JSON.stringify(saved.view.blocks)).toContain('The change is closed');

    const [dana] = await app.db.db.select().from(people).where(eq(people.name, 'Dana Lee'));
    // Skipped steps leave what is on file alone; no date, no follow-up.
    expect(dana).toMatchObject({ objectives: [], operatingStyle: null, preferences: null });
    const [flow] = await app.db.db.select().from(replanFlows).where(eq(replanFlows.personId, dana!.id));
    expect(flow!.summary).toBe('Re-plan for Dana Lee\nReady to change: Low\nWhat would make them ready: A pilot on one entity first');
    expect(await app.db.db.select().from(followUps).where(eq(followUps.noteId, flow!.noteId!))).toEqual([]);
  });

  it('is for the account owner, managers and admins: anyone else is told who can', async () => {
    const [acme] = await app.db.db.select().from(accounts).where(eq(accounts.name, 'Acme'));
    await command('Acme add Ravi Rao as Buyer');
    const before = slackApi.calls('/respond').length;
    await post(slashCommand('/stakeholder', 'Acme replan Ravi Rao', { user_id: 'U0ENG', user_name: 'eng', response_url: `${slackApi.url}/respond` })).then(async (res) => {
      const body = (await res.json()) as { text: string };
      expect(body.text).toBe('⚠️ Only the owner of Acme, a manager or an admin can re-plan its people.');
    });
    expect(slackApi.calls('/respond').length).toBe(before);
    const [ravi] = await app.db.db.select().from(people).where(and(eq(people.name, 'Ravi Rao'), eq(people.accountId, acme!.id)));
    // Nothing was started for someone who may not.
    expect(await app.db.db.select().from(replanFlows).where(eq(replanFlows.personId, ravi!.id))).toEqual([]);
  });
});
