import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accounts, followUps, notePeople, notes, people } from '../../../src/db/schema.js';
import type { Hallway } from '../../../src/main.js';
import { startTestApp } from '../../support/app.js';
import { messageActivity, startFakeConnector, type SentActivity } from '../../support/teams.js';

let app: Hallway;
let connector: Awaited<ReturnType<typeof startFakeConnector>>;
const clock = { now: () => new Date('2026-11-23T10:00:00Z') };

beforeAll(async () => {
  connector = await startFakeConnector();
  app = await startTestApp({}, clock);
});

afterAll(async () => {
  await app?.close();
  await connector?.close();
});

async function send(activity: object): Promise<SentActivity> {
  const before = connector.requests.length;
  const res = await fetch(`${app.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
  expect(res.status).toBeLessThan(300);
  expect(connector.requests.length).toBe(before + 1);
  return connector.requests.at(-1)!.body as unknown as SentActivity;
}

const CANONICAL =
  'Acme with Dana Lee (VP Engineering), Jim Park: "We lose two days every month-end" pain: manual reconciliation; want: auto-matching; follow-up: send the beta invite by 2026-12-01 #internal';

async function noteFor(id: string) {
  const [note] = await app.db.db.select().from(notes).where(eq(notes.idempotencyKey, id));
  if (!note) throw new Error(`no note for ${id}`);
  const met = await app.db.db.select({ name: people.name, title: people.title }).from(notePeople).innerJoin(people, eq(people.id, notePeople.personId)).where(eq(notePeople.noteId, note.id)).orderBy(people.name);
  const fus = await app.db.db.select({ text: followUps.text, dueOn: followUps.dueOn }).from(followUps).where(eq(followUps.noteId, note.id));
  const [account] = await app.db.db.select({ name: accounts.name }).from(accounts).where(eq(accounts.id, note.accountId));
  return { account: account!.name, quote: note.quote, summary: note.summary, pains: note.pains, wants: note.wants, visibility: note.visibility, consentToQuote: note.consentToQuote, people: met, followUps: fus };
}

describe('callnote over the real Teams adapter', () => {
  it('saves the quick syntax from a message and answers in the conversation with Edit and Undo', async () => {
    const activity = messageActivity(connector.url, `callnote ${CANONICAL}`);
    const reply = await send(activity);
    const card = JSON.stringify(reply.attachments?.[0]?.content);
    expect(reply.summary).toBe('Saved: call with Dana Lee and Jim Park at Acme on Mon 23 Nov');
    expect(card).toContain('"hallwayAction":"note.edit"');
    expect(card).toContain('"hallwayAction":"note.undo"');
    expect(card).toContain('"hallwayAction":"stakeholder.add_from_note"');
    expect(await noteFor(`teams:${activity.id}`)).toEqual({
      account: 'Acme',
      quote: 'We lose two days every month-end',
      summary: null,
      pains: ['manual reconciliation'],
      wants: ['auto-matching'],
      visibility: 'internal',
      consentToQuote: true,
      people: [
        { name: 'Dana Lee', title: 'VP Engineering' },
        { name: 'Jim Park', title: null },
      ],
      followUps: [{ text: 'send the beta invite', dueOn: '2026-12-01' }],
    });
  });

  it('saves one note when Teams redelivers the same activity', async () => {
    const activity = messageActivity(connector.url, '/callnote acme with dana: redelivered "twice over"');
    const first = await send(activity);
    const second = await send(activity);
    expect(second.attachments).toEqual(first.attachments);
    expect(await app.db.db.select().from(notes).where(eq(notes.idempotencyKey, `teams:${activity.id}`))).toHaveLength(1);
    // "acme" and "dana" found the existing account and person.
    expect(await noteFor(`teams:${activity.id}`)).toMatchObject({ account: 'Acme', people: [{ name: 'Dana Lee', title: 'VP Engineering' }] });
  });

  it('opens the note form as an Adaptive Card with inputs, and its submission saves the same note as the quick syntax', async () => {
    const formReply = await send(messageActivity(connector.url, 'callnote'));
    const form = formReply.attachments?.[0]?.content as { body: Array<{ type: string; id?: string; value?: string }>; actions: Array<{ data: Record<string, unknown> }> };
    expect(form.body.filter((e) => e.id).map((e) => [e.id, e.type])).toEqual([
      ['account', 'Input.ChoiceSet'],
      ['account_new', 'Input.Text'],
      ['people', 'Input.Text'],
      ['met_on', 'Input.Date'],
      ['summary', 'Input.Text'],
      ['quote', 'Input.Text'],
      ['pains', 'Input.Text'],
      ['wants', 'Input.Text'],
      ['discovery', 'Input.Text'],
      ['follow_ups', 'Input.Text'],
      ['follow_up_due', 'Input.Date'],
      ['follow_up_owner', 'Input.ChoiceSet'],
      ['sentiment', 'Input.ChoiceSet'],
      ['share', 'Input.Toggle'],
      ['consent', 'Input.Toggle'],
    ]);
    expect(form.body.find((e) => e.id === 'met_on')?.value).toBe('2026-11-23');
    const submit = form.actions[0]!.data;

    // Teams posts the inputs merged with the submit action's data.
    const activity = messageActivity(connector.url, '', {
      value: {
        ...submit,
        account: 'Acme',
        account_new: '',
        people: 'Dana Lee (VP Engineering), Jim Park',
        met_on: '2026-11-23',
        summary: '',
        quote: '"We lose two days every month-end"',
        pains: 'manual reconciliation',
        wants: 'auto-matching',
        follow_ups: 'send the beta invite',
        follow_up_due: '2026-12-01',
        follow_up_owner: '29:1maria-teams',
        sentiment: '',
        share: 'false',
        consent: 'true',
      },
    });
    const reply = await send(activity);
    expect(reply.summary).toBe('Saved: call with Dana Lee and Jim Park at Acme on Mon 23 Nov');
    const fromCard = await noteFor(`form:teams:${activity.id}`);
    const [quick] = await app.db.db.select({ key: notes.idempotencyKey }).from(notes).where(eq(notes.rawText, CANONICAL));
    expect(fromCard).toEqual(await noteFor(quick!.key!));

    // A redelivered submission saves nothing new.
    await send(activity);
    expect(await app.db.db.select().from(notes).where(eq(notes.idempotencyKey, `form:teams:${activity.id}`))).toHaveLength(1);
  });

  it('answers bad input in the conversation with what to fix and the text echoed', async () => {
    const reply = await send(messageActivity(connector.url, 'callnote Acme with <at>Sam</at>: ok', {
      entities: [{ type: 'mention', mentioned: { id: '29:sam', name: 'Sam' }, text: '<at>Sam</at>' }],
    }));
    const card = JSON.stringify(reply.attachments?.[0]?.content);
    expect(reply.summary).toContain('holds a mention');
    expect(card).toContain('what you typed');
  });

  it('keeps a 3,000-character note to an ambiguous account server-side and saves it whole after the pick', async () => {
    for (const name of ['Umbrella Health', 'Umbrella Labs']) await send(messageActivity(connector.url, `callnote ${name}: intro`));
    const long = `umbrella: "${'They lose a day every close. '.repeat(107)}"`.slice(0, 2999) + '"';
    const reply = await send(messageActivity(connector.url, `callnote ${long}`));
    expect(reply.summary).toContain('"umbrella" matches 2 accounts');
    const actions = JSON.stringify(reply.attachments?.[0]?.content).match(/"data":\{"hallwayAction":"account.pick","value":"(?:[^"\\]|\\.)*"\}/g) ?? [];
    expect(actions).toHaveLength(2);
    const data = JSON.parse(actions[1]!.slice('"data":'.length)) as { hallwayAction: string; value: string };
    expect(data.value.length).toBeLessThan(100);

    const saved = await send(messageActivity(connector.url, '', { value: data }));
    expect(saved.summary).toBe('Saved: call at Umbrella Labs on Mon 23 Nov');
    const [note] = await app.db.db.select().from(notes).where(eq(notes.rawText, long.replace('umbrella', 'Umbrella Labs')));
    expect(note?.quote).toBe(long.slice(long.indexOf('"') + 1, -1));
  });
});
