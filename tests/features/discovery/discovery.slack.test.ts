import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discoveryValues, notes, people, users } from '../../../src/db/schema.js';
import { recordDiscovery } from '../../../src/features/discovery/discovery.store.js';
import type { Hallway } from '../../../src/main.js';
import { startTestApp } from '../../support/app.js';
import type { Recorded } from '../../support/recording-server.js';
import { nowSeconds, sign, SIGNING_SECRET, slashCommand, startFakeSlackApi, TEAM_ID } from '../../support/slack.js';

/*
 * Discovery through the real Bolt app: clauses in signed /callnote requests,
 * the person form as views.open + view_submission, /hallway account, the
 * weekly staleness DM through the delivery queue, and one-click Confirm.
 */

const clock = { current: new Date('2026-11-23T10:00:00Z'), now() { return this.current; } };
let app: Hallway;
let slackApi: Awaited<ReturnType<typeof startFakeSlackApi>>;
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
    respond: answer('respond', { ok: true }),
  });
  app = await startTestApp({ SLACK_BOT_TOKEN: 'xoxb-test-token', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: `${slackApi.url}/api/` }, clock);
});

afterAll(async () => {
  await app?.close();
  await slackApi?.close();
});

interface RichText {
  type: string;
  text?: string;
  style?: string;
  elements?: RichText[];
}

interface SlackReply {
  response_type: string;
  text: string;
  blocks: Array<{ type: string; text?: { text: string }; elements?: Array<{ type?: string; text?: string | { text: string }; action_id?: string; value?: string; elements?: RichText[] }> }>;
}

async function post(body: string) {
  const res = await fetch(`${app.url}/slack/events`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...sign(body, nowSeconds()) }, body });
  expect(res.status).toBe(200);
  return res;
}

async function command(cmd: string, text: string): Promise<SlackReply> {
  return (await (await post(slashCommand(cmd, text, { trigger_id: `t-${Math.random()}` }))).json()) as SlackReply;
}

const interactive = (payload: unknown) => post(new URLSearchParams({ payload: JSON.stringify(payload) }).toString());

function click(actionId: string, value: string) {
  return interactive({
    type: 'block_actions',
    team: { id: TEAM_ID, domain: 'hallway-test' },
    user: { id: 'U0MARIA', username: 'maria', name: 'maria', team_id: TEAM_ID },
    api_app_id: 'A0HALLWAY',
    token: 'deprecated-verification-token',
    container: { type: 'message', message_ts: '1700000000.000100', channel_id: 'D0DM', is_ephemeral: false },
    trigger_id: `click-${Math.random()}`,
    channel: { id: 'D0DM', name: 'directmessage' },
    response_url: `${slackApi.url}/respond`,
    actions: [{ type: 'button', action_id: actionId, block_id: 'b1', text: { type: 'plain_text', text: 'x' }, value, action_ts: '1700000001.000200' }],
  });
}

/** The text of one rich_text element: a quote reads ">…", a list item "- …". */
function richLine(e: RichText): string {
  const runs = (els: RichText[] = []) => els.map((r) => r.text ?? '').join('');
  if (e.type === 'rich_text_quote') return `>${runs(e.elements)}`;
  if (e.type === 'rich_text_list') return (e.elements ?? []).map((item, i) => `${e.style === 'ordered' ? `${i + 1}.` : '-'} ${runs(item.elements)}`).join('\n');
  return runs(e.elements);
}

/** What a person reads, block by block: plain_text, context, button labels, and each rich_text block's sections, quotes and lists one per line. */
const texts = (blocks: SlackReply['blocks']) =>
  blocks
    .flatMap((b) => [
      ...(b.text?.text ? [b.text.text] : []),
      ...(b.type === 'rich_text'
        ? [(b.elements ?? []).map((e) => richLine(e as RichText)).join('\n')]
        : (b.elements ?? []).map((e) => (typeof e.text === 'string' ? e.text : e.text?.text ?? ''))),
    ])
    .filter(Boolean);

async function history(name: string) {
  return app.db.db
    .select({ field: discoveryValues.field, value: discoveryValues.value, level: discoveryValues.level, source: discoveryValues.source, status: discoveryValues.status, noteId: discoveryValues.noteId, at: discoveryValues.createdAt, by: users.displayName })
    .from(discoveryValues)
    .innerJoin(people, eq(people.id, discoveryValues.personId))
    .leftJoin(users, eq(users.id, discoveryValues.setBy))
    .where(eq(people.name, name))
    .orderBy(asc(discoveryValues.createdAt), asc(discoveryValues.field));
}

describe('discovery over the real Slack adapter', () => {
  it('reads discovery clauses from a call note and keeps each value with when, by whom and which note', async () => {
    const reply = await command('/callnote', 'Acme with Dana Lee (CFO): good call need: a three-day close; now: two weeks in spreadsheets; ready: medium because budget is frozen');
    expect(reply.text).toBe('Saved: call with Dana Lee at Acme on Mon 23 Nov');
    const [note] = await app.db.db.select({ id: notes.id }).from(notes);
    expect(await history('Dana Lee')).toEqual([
      { field: 'need', value: 'a three-day close', level: null, source: 'note', status: 'confirmed', noteId: note!.id, at: clock.current, by: 'maria' },
      { field: 'now', value: 'two weeks in spreadsheets', level: null, source: 'note', status: 'confirmed', noteId: note!.id, at: clock.current, by: 'maria' },
      { field: 'ready', value: 'budget is frozen', level: 'medium', source: 'note', status: 'confirmed', noteId: note!.id, at: clock.current, by: 'maria' },
    ]);
  });

  it('keeps the history when a value changes, and shows the latest with its age in /hallway account', async () => {
    clock.current = new Date('2026-12-01T10:00:00Z');
    await command('/callnote', 'Acme with Dana Lee: need: close in two days');
    expect((await history('Dana Lee')).filter((h) => h.field === 'need').map((h) => h.value)).toEqual(['a three-day close', 'close in two days']);

    const overview = await command('/hallway', 'account Acme');
    expect(overview.response_type).toBe('ephemeral');
    expect(texts(overview.blocks)).toContain(
      [
        'Need: close in two days (today, maria)',
        'Where they are now: two weeks in spreadsheets (8 days ago, maria)',
        'Ready to change: medium — budget is frozen (8 days ago, maria)',
        'Not known yet: where do they want to be? what cost or disruption of change can they bear?',
      ].join('\n'),
    );
  });

  it('answers a readiness it cannot read with how to write it, echoing the note', async () => {
    const reply = await command('/callnote', 'Acme with Dana Lee: ready: maybe next year');
    expect(reply.response_type).toBe('ephemeral');
    expect(reply.text).toBe('⚠️ "maybe next year" is not a readiness I know.');
    expect(JSON.stringify(reply.blocks)).toContain('Acme with Dana Lee: ready: maybe next year');
  });

  it('the person form opens with the current values and adds only what changed to the history', async () => {
    const opened = next('views.open');
    await post(slashCommand('/stakeholder', 'Acme edit Dana Lee', { trigger_id: 'edit-dana' }));
    const view = (await opened).body.view as { callback_id: string; private_metadata: string; blocks: Array<{ block_id: string; element: { initial_value?: string; initial_option?: { value: string } } }> };
    const initial = (id: string) => view.blocks.find((b) => b.block_id === id)?.element;
    expect(initial('need')?.initial_value).toBe('close in two days');
    expect(initial('ready_level')?.initial_option?.value).toBe('medium');
    expect(initial('goal')?.initial_value).toBeUndefined();

    clock.current = new Date('2026-12-02T10:00:00Z');
    const input = (value: string | null) => ({ type: 'plain_text_input', value });
    const res = await interactive({
      type: 'view_submission',
      team: { id: TEAM_ID, domain: 'hallway-test' },
      user: { id: 'U0MARIA', username: 'maria', name: 'maria', team_id: TEAM_ID },
      api_app_id: 'A0HALLWAY',
      token: 'x',
      trigger_id: 'submit-person',
      view: {
        id: 'V0PERSON',
        type: 'modal',
        callback_id: view.callback_id,
        private_metadata: view.private_metadata,
        state: {
          values: {
            objectives: { objectives: input(null) },
            operating_style: { operating_style: input(null) },
            preferences: { preferences: input(null) },
            need: { need: input('close in two days') },
            now: { now: input('two weeks in spreadsheets') },
            goal: { goal: input('one ledger, no audit findings') },
            ready_level: { ready_level: { type: 'static_select', selected_option: { value: 'high' } } },
            ready_why: { ready_why: input('the audit is in March') },
            capacity: { capacity: input(null) },
          },
        },
      },
    });
    expect(JSON.stringify(await res.json())).toContain('Saved what we know about Dana Lee at Acme.');
    const added = (await history('Dana Lee')).filter((h) => h.source === 'person_form');
    expect(added.map(({ field, value, level, by }) => ({ field, value, level, by }))).toEqual([
      { field: 'goal', value: 'one ledger, no audit findings', level: null, by: 'maria' },
      { field: 'ready', value: 'the audit is in March', level: 'high', by: 'maria' },
    ]);
  });

  it('lists missing or stale discovery to the owner once a week, with a button that opens the person form', async () => {
    // A Tuesday: nothing.
    clock.current = new Date('2027-03-09T09:05:00Z');
    await app.queue.runDue(clock.current);
    expect(slackApi.calls('chat.postMessage').filter((c) => String(c.body.text).startsWith('Discovery never ends'))).toHaveLength(0);

    // Monday 8 March 2027, 09:05 in the owner's zone (UTC): everything about Dana is over 90 days old.
    clock.current = new Date('2027-03-08T09:05:00Z');
    await app.queue.runDue(clock.current);
    await app.queue.runDue(new Date('2027-03-08T09:30:00Z'));
    const dms = slackApi.calls('chat.postMessage').filter((c) => String(c.body.text).startsWith('Discovery never ends'));
    expect(dms).toHaveLength(1);
    expect(dms[0]!.body.channel).toBe('D0DM');
    const blocks = dms[0]!.body.blocks as SlackReply['blocks'];
    expect(texts(blocks)).toContain('Dana Lee (Acme): what do they need? how do they work today? where do they want to be? how ready are they to change, and why? what cost or disruption of change can they bear?');
    const button = blocks.flatMap((b) => b.elements ?? []).find((e) => e.action_id === 'stakeholder.edit');
    const [dana] = await app.db.db.select({ id: people.id }).from(people).where(eq(people.name, 'Dana Lee'));
    expect(button?.value).toBe(dana!.id);

    const opened = next('views.open');
    await click('stakeholder.edit', button!.value!);
    expect(((await opened).body.view as { callback_id: string }).callback_id).toBe('stakeholder.person');
  });

  it('shows a suggested value as suggested until the owner confirms it with one click', async () => {
    const [dana] = await app.db.db.select().from(people).where(eq(people.name, 'Dana Lee'));
    await recordDiscovery(app.db.db, { orgId: dana!.orgId, personIds: [dana!.id], input: { capacity: 'one quiet month' }, at: clock.current, setBy: null, source: 'ai', status: 'suggested' });
    const before = texts((await command('/hallway', 'account Acme')).blocks);
    expect(before).toContain('Suggested from a note — Price of change they can bear: one quiet month');
    const [suggestion] = await app.db.db.select().from(discoveryValues).where(and(eq(discoveryValues.personId, dana!.id), eq(discoveryValues.status, 'suggested')));

    const responded = next('respond');
    await click('discovery.confirm', suggestion!.id);
    expect((await responded).body.text).toBe('Confirmed: Price of change they can bear for Dana Lee.');
    const after = texts((await command('/hallway', 'account Acme')).blocks).join('\n');
    expect(after).toContain('Price of change they can bear: one quiet month (today, maria)');
    expect(after).not.toContain('Suggested from a note');
  });

  it('tells engineers where the person wants to be in a story about them', async () => {
    await command('/callnote', 'Acme with Dana Lee: "Month-end eats my team alive" pain: manual close');
    const before = slackApi.calls('chat.postMessage').length;
    expect((await command('/hallway', 'story')).text).toBe('A customer story is on its way to this channel.');
    await app.queue.idle();
    // The story's notification text is its quote; it is the post with the story's buttons.
    const story = slackApi
      .calls('chat.postMessage')
      .slice(before)
      .find((c) => (c.body.blocks as SlackReply['blocks']).some((b) => b.elements?.some((e) => e.action_id === 'story.hear_more')));
    const read = texts(story!.body.blocks as SlackReply['blocks']);
    // A heading, then what they said, right after it.
    expect(read.slice(read.indexOf('Where they want to be'), read.indexOf('Where they want to be') + 2)).toEqual(['Where they want to be', 'one ledger, no audit findings']);
  });

  it('tells the owner what we do not know yet about someone new, in the stakeholder reminder', async () => {
    const before = slackApi.calls('chat.postMessage').length;
    await command('/stakeholder', 'Acme add Priya Shah as VP Finance');
    await app.queue.idle();
    await app.queue.runDue(clock.current);
    const reminder = slackApi.calls('chat.postMessage').slice(before).find((c) => String(c.body.text).startsWith('Priya Shah is new at Acme'));
    const read = texts(reminder!.body.blocks as SlackReply['blocks']);
    // A heading, then the unknowns as a list, right after it.
    const at = read.indexOf('What we do not know yet about Priya');
    expect(at).toBeGreaterThanOrEqual(0);
    expect(read[at + 1]).toBe(
      [
        '- what do they need?',
        '- how do they work today?',
        '- where do they want to be?',
        '- how ready are they to change, and why?',
        '- what cost or disruption of change can they bear?',
      ].join('\n'),
    );
  });
});
