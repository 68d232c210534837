import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accounts, followUps, notePeople, notes, people, users } from '../../../src/db/schema.js';
import type { Hallway } from '../../../src/main.js';
import { startTestApp } from '../../support/app.js';
import type { Recorded } from '../../support/recording-server.js';
import { nowSeconds, sign, SIGNING_SECRET, slashCommand, startFakeSlackApi, TEAM_ID } from '../../support/slack.js';

let app: Hallway;
let slackApi: Awaited<ReturnType<typeof startFakeSlackApi>>;
const clock = { current: new Date('2026-11-23T10:00:00Z'), now() { return this.current; } };

/** The next call the app makes to a Slack method; views.open and response_url posts come after the ack. */
const waiting = new Map<string, (req: Recorded) => void>();
const next = (method: string) => new Promise<Recorded>((resolve) => waiting.set(method, resolve));
const answer = (method: string, body: unknown) => (req: Recorded) => {
  waiting.get(method)?.(req);
  waiting.delete(method);
  return body;
};

beforeAll(async () => {
  slackApi = await startFakeSlackApi({
    'views.open': answer('views.open', { ok: true, view: { id: 'V0OPENED' } }),
    'views.push': answer('views.push', { ok: true, view: { id: 'V0PUSHED' } }),
    'views.update': answer('views.update', { ok: true, view: { id: 'V0CONFIRM' } }),
    respond: answer('respond', { ok: true }),
  });
  app = await startTestApp({ SLACK_BOT_TOKEN: 'xoxb-test-token', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: `${slackApi.url}/api/` }, clock);
});

afterAll(async () => {
  await app?.close();
  await slackApi?.close();
});

function postSlack(body: string, contentType = 'application/x-www-form-urlencoded') {
  return fetch(`${app.url}/slack/events`, { method: 'POST', headers: { 'content-type': contentType, ...sign(body, nowSeconds()) }, body });
}

/** An interactive payload as Slack posts it: form-encoded, one field `payload` holding the JSON. */
function interactive(payload: unknown) {
  return postSlack(new URLSearchParams({ payload: JSON.stringify(payload) }).toString());
}

interface SlackReply {
  response_type: string;
  text: string;
  blocks: Array<{ type: string; text?: { text: string }; elements?: Array<{ action_id: string; value: string; text: { text: string } }> }>;
}

const CANONICAL =
  'Acme with Dana Lee (VP Engineering), Jim Park: "We lose two days every month-end" pain: manual reconciliation; want: auto-matching; follow-up: send the beta invite by 2026-12-01 #internal';

describe('/callnote over the real Slack adapter', () => {
  it('saves the quick syntax and answers privately with what was saved, Edit, Undo and the new stakeholders', async () => {
    const body = slashCommand('/callnote', CANONICAL, { trigger_id: 'trigger-canonical' });
    const res = await postSlack(body);
    expect(res.status).toBe(200);
    const reply = (await res.json()) as SlackReply;
    expect(reply.response_type).toBe('ephemeral');
    expect(reply.text).toBe('Saved: call with Dana Lee and Jim Park at Acme on Mon 23 Nov');

    const [note] = await app.db.db.select().from(notes).where(eq(notes.idempotencyKey, 'slack:trigger-canonical'));
    expect(note).toMatchObject({
      quote: 'We lose two days every month-end',
      pains: ['manual reconciliation'],
      wants: ['auto-matching'],
      visibility: 'internal',
      consentToQuote: true,
      summary: null,
      rawText: CANONICAL,
    });
    const [acme] = await app.db.db.select().from(accounts).where(eq(accounts.id, note!.accountId));
    const [maria] = await app.db.db.select().from(users).where(eq(users.externalId, 'U0MARIA'));
    expect(acme).toMatchObject({ name: 'Acme', ownerId: maria!.id });
    // The first person of the organisation is its admin; writing notes grants nothing.
    expect(maria!.role).toBe('admin');
    const met = await app.db.db.select({ name: people.name, title: people.title, last: people.lastContactAt }).from(notePeople).innerJoin(people, eq(people.id, notePeople.personId)).where(eq(notePeople.noteId, note!.id)).orderBy(people.name);
    expect(met).toEqual([
      { name: 'Dana Lee', title: 'VP Engineering', last: clock.current },
      { name: 'Jim Park', title: null, last: clock.current },
    ]);
    const fus = await app.db.db.select({ text: followUps.text, dueOn: followUps.dueOn, ownerId: followUps.ownerId }).from(followUps).where(eq(followUps.noteId, note!.id));
    expect(fus).toEqual([{ text: 'send the beta invite', dueOn: '2026-12-01', ownerId: maria!.id }]);

    const buttons = reply.blocks.flatMap((b) => b.elements ?? []).filter((e) => e.action_id);
    expect(buttons.map((b) => [b.action_id, b.text.text])).toEqual([
      ['note.edit', 'Edit'],
      ['note.undo', 'Undo'],
      ['stakeholder.add_from_note', 'Add Dana Lee'],
      ['stakeholder.ignore_from_note', 'Ignore'],
      ['stakeholder.add_from_note', 'Add Jim Park'],
      ['stakeholder.ignore_from_note', 'Ignore'],
    ]);
    const dana = met[0]!;
    expect(JSON.stringify(reply.blocks)).toContain(`${dana.name} (VP Engineering) is new at Acme. Add them as a stakeholder`);
    const addDana = JSON.parse(buttons[2]!.value) as { personId: string; noteId: string };
    expect(addDana.noteId).toBe(note!.id);
  });

  it('saves one note for a retried request (same trigger_id) and answers the same confirmation', async () => {
    const body = slashCommand('/callnote', 'Acme with Dana: retried call "it works"', { trigger_id: 'trigger-retry' });
    const first = (await (await postSlack(body)).json()) as SlackReply;
    const second = (await (await postSlack(body)).json()) as SlackReply;
    expect(second).toEqual(first);
    const rows = await app.db.db.select().from(notes).where(eq(notes.idempotencyKey, 'slack:trigger-retry'));
    expect(rows).toHaveLength(1);
  });

  it('opens the note form with views.open and the trigger_id when /callnote has no text', async () => {
    const opened = next('views.open');
    const res = await postSlack(slashCommand('/callnote', '', { trigger_id: 'trigger-form' }));
    expect(res.status).toBe(200);
    const call = await opened;
    expect(call.body.trigger_id).toBe('trigger-form');
    const view = call.body.view as { type: string; callback_id: string; blocks: Array<{ block_id: string; element: { type: string; initial_date?: string; initial_options?: unknown[]; options?: Array<{ value: string }> } }> };
    expect(view.type).toBe('modal');
    expect(view.callback_id).toBe('note.form');
    expect(view.blocks.map((b) => b.block_id)).toEqual([
      'account', 'account_new', 'people', 'met_on', 'summary', 'quote', 'pains', 'wants', 'discovery', 'follow_ups', 'follow_up_due', 'follow_up_owner', 'sentiment', 'share', 'consent',
    ]);
    expect(view.blocks.find((b) => b.block_id === 'account')!.element.options!.map((o) => o.value)).toContain('Acme');
    expect(view.blocks.find((b) => b.block_id === 'met_on')!.element.initial_date).toBe('2026-11-23');
    expect(view.blocks.find((b) => b.block_id === 'share')!.element.initial_options).toHaveLength(1);
    expect(view.blocks.find((b) => b.block_id === 'follow_up_owner')!.element.options!.map((o) => o.value)).toEqual(['U0MARIA']);
  });

  it('saves a view_submission of the form as the same kind of note, once per view', async () => {
    const payload = viewSubmission('V0FORM1', {
      account: { account: { type: 'static_select', selected_option: null } },
      account_new: { account_new: { type: 'plain_text_input', value: 'Globex' } },
      people: { people: { type: 'plain_text_input', value: 'Ana Ruiz (CFO)' } },
      met_on: { met_on: { type: 'datepicker', selected_date: '2026-11-20' } },
      summary: { summary: { type: 'plain_text_input', value: 'Quarter close is painful' } },
      quote: { quote: { type: 'plain_text_input', value: 'We close in nine days' } },
      pains: { pains: { type: 'plain_text_input', value: 'slow close\naudit prep' } },
      wants: { wants: { type: 'plain_text_input', value: null } },
      follow_ups: { follow_ups: { type: 'plain_text_input', value: 'Share the close checklist' } },
      follow_up_due: { follow_up_due: { type: 'datepicker', selected_date: '2026-11-27' } },
      follow_up_owner: { follow_up_owner: { type: 'static_select', selected_option: { value: 'U0MARIA' } } },
      sentiment: { sentiment: { type: 'static_select', selected_option: { value: 'mixed' } } },
      share: { share: { type: 'checkboxes', selected_options: [{ value: 'true' }] } },
      consent: { consent: { type: 'checkboxes', selected_options: [] } },
    });
    const res = await interactive(payload);
    expect(res.status).toBe(200);
    const ack = (await res.json()) as { response_action: string; view: { blocks: unknown[] } };
    expect(ack.response_action).toBe('update');
    expect(JSON.stringify(ack.view.blocks)).toContain('Saved: call with Ana Ruiz at Globex');
    await interactive(payload);

    const rows = await app.db.db.select().from(notes).where(eq(notes.idempotencyKey, 'form:slack:V0FORM1'));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ summary: 'Quarter close is painful', quote: 'We close in nine days', pains: ['slow close', 'audit prep'], wants: [], sentiment: 'mixed', visibility: 'shared', consentToQuote: false });
    const fus = await app.db.db.select({ text: followUps.text, dueOn: followUps.dueOn }).from(followUps).where(eq(followUps.noteId, rows[0]!.id));
    expect(fus).toEqual([{ text: 'Share the close checklist', dueOn: '2026-11-27' }]);
  });

  it('Edit opens the form prefilled (views.open) and its submission updates the note; Undo deletes it', async () => {
    const body = slashCommand('/callnote', 'Initech with Bob Slydell (Consultant): wants fewer TPS reports; follow-up: send cover sheet memo by 2026-11-30', { trigger_id: 'trigger-edit' });
    await postSlack(body);
    const [note] = await app.db.db.select().from(notes).where(eq(notes.idempotencyKey, 'slack:trigger-edit'));

    const opened = next('views.open');
    await interactive(blockAction('trigger-edit-click', 'note.edit', note!.id));
    const open = await opened;
    expect(open.body.trigger_id).toBe('trigger-edit-click');
    const view = open.body.view as { private_metadata: string; title: { text: string }; blocks: Array<{ block_id: string; element: { initial_value?: string; initial_option?: { value: string } } }> };
    expect(JSON.parse(view.private_metadata)).toEqual({ noteId: note!.id });
    expect(view.title.text).toBe('Edit call note');
    const initial = Object.fromEntries(view.blocks.map((b) => [b.block_id, b.element.initial_value ?? b.element.initial_option?.value]));
    expect(initial).toMatchObject({ account: 'Initech', people: 'Bob Slydell (Consultant)', summary: 'wants fewer TPS reports', follow_ups: 'send cover sheet memo by 2026-11-30' });

    const res = await interactive(
      viewSubmission('V0EDIT', {
        account: { account: { type: 'static_select', selected_option: { value: 'Initech' } } },
        account_new: { account_new: { type: 'plain_text_input', value: null } },
        people: { people: { type: 'plain_text_input', value: 'Bob Slydell (Consultant), Peter Gibbons' } },
        summary: { summary: { type: 'plain_text_input', value: 'wants fewer TPS reports, and a new stapler' } },
        follow_ups: { follow_ups: { type: 'plain_text_input', value: 'send cover sheet memo by 2026-12-02' } },
        share: { share: { type: 'checkboxes', selected_options: [{ value: 'true' }] } },
        consent: { consent: { type: 'checkboxes', selected_options: [{ value: 'true' }] } },
      }, view.private_metadata),
    );
    expect(JSON.stringify(await res.json())).toContain('Updated: call with Bob Slydell and Peter Gibbons at Initech');
    const [edited] = await app.db.db.select().from(notes).where(eq(notes.id, note!.id));
    expect(edited!.summary).toBe('wants fewer TPS reports, and a new stapler');
    expect(await app.db.db.select({ dueOn: followUps.dueOn }).from(followUps).where(eq(followUps.noteId, note!.id))).toEqual([{ dueOn: '2026-12-02' }]);

    const responded = next('respond');
    await interactive(blockAction('trigger-undo-click', 'note.undo', note!.id));
    expect((await responded).body).toMatchObject({ response_type: 'ephemeral', text: 'Undone: your note on Initech is deleted.' });
    expect(await app.db.db.select().from(notes).where(eq(notes.id, note!.id))).toEqual([]);
    // People this note alone added go with it.
    expect(await app.db.db.select().from(people).where(eq(people.name, 'Peter Gibbons'))).toEqual([]);
  });

  it('answers Edit and Undo clicked inside the modal confirmation in the modal: push the form, update the view', async () => {
    await postSlack(slashCommand('/callnote', 'Initrode with Sam Chen (COO): wants one invoice a month', { trigger_id: 'trigger-modal-edit' }));
    const [note] = await app.db.db.select().from(notes).where(eq(notes.idempotencyKey, 'slack:trigger-modal-edit'));
    const inModal = (triggerId: string, actionId: string) => {
      const { channel: _channel, response_url: _url, ...rest } = blockAction(triggerId, actionId, note!.id);
      return { ...rest, container: { type: 'view', view_id: 'V0CONFIRM' }, view: { id: 'V0CONFIRM', type: 'modal', callback_id: '', private_metadata: '', state: { values: {} }, hash: 'h' } };
    };

    const pushed = next('views.push');
    await interactive(inModal('trigger-modal-edit-click', 'note.edit'));
    const push = await pushed;
    expect(push.body.trigger_id).toBe('trigger-modal-edit-click');
    expect((push.body.view as { title: { text: string } }).title.text).toBe('Edit call note');

    const updated = next('views.update');
    await interactive(inModal('trigger-modal-undo-click', 'note.undo'));
    const update = await updated;
    expect(update.body.view_id).toBe('V0CONFIRM');
    expect(JSON.stringify(update.body.view)).toContain('Undone: your note on Initrode is deleted.');
    expect(await app.db.db.select().from(notes).where(eq(notes.id, note!.id))).toEqual([]);
  });

  it('asks which account an ambiguous name meant, with buttons that save the note as typed', async () => {
    for (const name of ['Umbrella Health', 'Umbrella Labs']) {
      await postSlack(slashCommand('/callnote', `${name}: intro`, { trigger_id: `trigger-${name}` }));
    }
    const reply = (await (await postSlack(slashCommand('/callnote', 'umbrella with Alice: "We need SSO" #noquote', { trigger_id: 'trigger-ambiguous' }))).json()) as SlackReply;
    expect(reply.text).toContain('"umbrella" matches 2 accounts');
    const picks = reply.blocks.flatMap((b) => b.elements ?? []).filter((e) => e.action_id?.startsWith('account.pick'));
    expect(picks.map((p) => p.text.text)).toEqual(['Umbrella Health', 'Umbrella Labs']);
    // The command waits server-side; a button carries only ids.
    expect(picks.map((p) => Object.keys(JSON.parse(p.value) as object))).toEqual([['pending', 'account'], ['pending', 'account']]);
    // The note as typed is echoed back too.
    expect(JSON.stringify(reply.blocks)).toContain('/callnote umbrella with Alice');

    const responded = next('respond');
    await interactive(blockAction('trigger-pick', 'account.pick', picks[1]!.value));
    expect(((await responded).body as { text: string }).text).toBe('Saved: call with Alice at Umbrella Labs on Mon 23 Nov');
    const [saved] = await app.db.db.select().from(notes).where(eq(notes.quote, 'We need SSO'));
    expect(saved).toMatchObject({ consentToQuote: false });
  });

  it('keeps a 3,000-character note to an ambiguous account server-side: answered in the ack, saved whole after the pick', async () => {
    const long = `umbrella: "${'They lose a day every close. '.repeat(107)}"`.slice(0, 2999) + '"';
    expect(long.length).toBe(3000);
    const res = await postSlack(slashCommand('/callnote', long, { trigger_id: 'trigger-long-ambiguous' }));
    expect(res.status).toBe(200);
    const reply = (await res.json()) as SlackReply;
    expect(reply.text).toContain('"umbrella" matches 2 accounts');
    const picks = reply.blocks.flatMap((b) => b.elements ?? []).filter((e) => e.action_id === 'account.pick');
    expect(picks.every((p) => p.value.length < 100)).toBe(true);

    const responded = next('respond');
    await interactive(blockAction('trigger-long-pick', 'account.pick', picks[0]!.value));
    expect(((await responded).body as { text: string }).text).toBe('Saved: call at Umbrella Health on Mon 23 Nov');
    const [saved] = await app.db.db.select().from(notes).where(eq(notes.rawText, long.replace('umbrella', 'Umbrella Health')));
    expect(saved?.quote).toBe(long.slice(long.indexOf('"') + 1, -1));
  });

  it('answers bad input with what to fix and the text echoed back', async () => {
    const res = await postSlack(slashCommand('/callnote', 'Acme with Dana: "We lose two days pain: recon'));
    const reply = (await res.json()) as SlackReply;
    expect(reply.response_type).toBe('ephemeral');
    expect(reply.text).toContain('has no closing quote mark');
    expect(JSON.stringify(reply.blocks)).toContain('We lose two days pain: recon');
  });
});

function viewSubmission(viewId: string, values: Record<string, unknown>, privateMetadata = '{}') {
  return {
    type: 'view_submission',
    team: { id: TEAM_ID, domain: 'hallway-test' },
    user: { id: 'U0MARIA', username: 'maria', name: 'maria', team_id: TEAM_ID },
    api_app_id: 'A0HALLWAY',
    token: 'deprecated-verification-token',
    trigger_id: `trigger-${viewId}`,
    view: {
      id: viewId,
      team_id: TEAM_ID,
      type: 'modal',
      callback_id: 'note.form',
      private_metadata: privateMetadata,
      title: { type: 'plain_text', text: 'Call note' },
      blocks: [],
      state: { values },
      hash: '1700000000.abc',
      app_id: 'A0HALLWAY',
      bot_id: 'B0BOT',
    },
    response_urls: [],
    is_enterprise_install: false,
  };
}

function blockAction(triggerId: string, actionId: string, value: string) {
  return {
    type: 'block_actions',
    team: { id: TEAM_ID, domain: 'hallway-test' },
    user: { id: 'U0MARIA', username: 'maria', name: 'maria', team_id: TEAM_ID },
    api_app_id: 'A0HALLWAY',
    token: 'deprecated-verification-token',
    container: { type: 'message', message_ts: '1700000000.000100', channel_id: 'C0ENGINEERS', is_ephemeral: true },
    trigger_id: triggerId,
    channel: { id: 'C0ENGINEERS', name: 'engineering' },
    response_url: `${slackApi.url}/respond`,
    actions: [{ type: 'button', action_id: actionId, block_id: 'b1', text: { type: 'plain_text', text: 'x' }, value, action_ts: '1700000001.000200' }],
  };
}
