import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discoveryValues, people } from '../../../src/db/schema.js';
import type { Hallway } from '../../../src/main.js';
import { startTestApp } from '../../support/app.js';
import { messageActivity, startFakeConnector, type SentActivity } from '../../support/teams.js';

/*
 * Discovery through the real botbuilder CloudAdapter: clauses in a message,
 * the account card, the person form submitted as an Adaptive Card, and the
 * weekly staleness message sent to the owner's stored personal chat.
 */

const clock = { current: new Date('2026-11-23T10:00:00Z'), now() { return this.current; } };
let app: Hallway;
let connector: Awaited<ReturnType<typeof startFakeConnector>>;

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

interface CardElement {
  type: string;
  id?: string;
  text?: string;
  value?: string;
  items?: CardElement[];
}

function texts(reply: SentActivity): string[] {
  // Markdown escapes (a backslash before ASCII punctuation) read as the character itself.
  const walk = (els: CardElement[]): string[] => els.flatMap((e) => [...(e.text ? [e.text.replace(/\\([!-/:-@[-`{-~])/g, '$1')] : []), ...walk(e.items ?? [])]);
  return walk((reply.attachments?.[0]?.content.body ?? []) as CardElement[]);
}

const history = () =>
  app.db.db
    .select({ field: discoveryValues.field, value: discoveryValues.value, level: discoveryValues.level, source: discoveryValues.source })
    .from(discoveryValues)
    .innerJoin(people, eq(people.id, discoveryValues.personId))
    .where(eq(people.name, 'Ana Ruiz'))
    .orderBy(asc(discoveryValues.createdAt), asc(discoveryValues.field));

describe('discovery over the real Teams adapter', () => {
  it('reads discovery clauses from a message and keeps them as history', async () => {
    const reply = await send(messageActivity(connector.url, 'callnote Borealis with Ana Ruiz (Dispatcher): goal: every truck tracked live; capacity: no downtime in peak season; ready: high'));
    expect(reply.summary).toBe('Saved: call with Ana Ruiz at Borealis on Mon 23 Nov');
    expect(await history()).toEqual([
      { field: 'capacity', value: 'no downtime in peak season', level: null, source: 'note' },
      { field: 'goal', value: 'every truck tracked live', level: null, source: 'note' },
      { field: 'ready', value: '', level: 'high', source: 'note' },
    ]);
  });

  it('shows the latest values with their age, and what is not known yet, on the account card', async () => {
    clock.current = new Date('2026-12-14T10:00:00Z');
    const card = texts(await send(messageActivity(connector.url, 'hallway account Borealis')));
    // One TextBlock a line (Teams collapses a single line break), in this order.
    const at = card.indexOf('Where they want to be: every truck tracked live (3 weeks ago, Maria Jensen)');
    expect(at).toBeGreaterThanOrEqual(0);
    expect(card.slice(at, at + 4)).toEqual([
      'Where they want to be: every truck tracked live (3 weeks ago, Maria Jensen)',
      'Ready to change: high (3 weeks ago, Maria Jensen)',
      'Price of change they can bear: no downtime in peak season (3 weeks ago, Maria Jensen)',
      'Not known yet: what do they need? how do they work today?',
    ]);
  });

  it('answers a discovery clause in a note that names nobody with what to write', async () => {
    const reply = await send(messageActivity(connector.url, 'callnote Borealis: need: live tracking'));
    expect(reply.summary).toBe('⚠️ need:, now:, goal:, ready: and capacity: are about a person, and this note names nobody.');
    expect(JSON.stringify(reply.attachments)).toContain('callnote Borealis: need: live tracking');
  });

  it('saves the person form submitted from its Adaptive Card', async () => {
    const form = await send(messageActivity(connector.url, 'stakeholder Borealis edit Ana Ruiz'));
    const content = form.attachments?.[0]?.content as unknown as { body: CardElement[]; actions: Array<{ data: Record<string, unknown> }> };
    expect(content.body.find((e) => e.id === 'goal')?.value).toBe('every truck tracked live');
    const reply = await send(
      messageActivity(connector.url, '', {
        value: { ...content.actions[0]!.data, objectives: '', operating_style: '', preferences: '', need: 'live tracking for 40 trucks', now: '', goal: 'every truck tracked live', ready_level: 'high', ready_why: '', capacity: 'no downtime in peak season' },
      }),
    );
    expect(reply.summary).toBe('Saved what we know about Ana Ruiz at Borealis.');
    expect((await history()).filter((h) => h.source === 'person_form')).toEqual([{ field: 'need', value: 'live tracking for 40 trucks', level: null, source: 'person_form' }]);
  });

  it('sends the weekly staleness list to the owner\'s personal chat, once', async () => {
    const before = connector.requests.length;
    clock.current = new Date('2027-03-22T09:10:00Z'); // a Monday; Maria's zone is Europe/Berlin (10:10 there)
    await app.queue.runDue(clock.current);
    await app.queue.runDue(new Date('2027-03-22T09:40:00Z'));
    const sent = connector.requests.slice(before).map((r) => r.body as unknown as SentActivity).filter((a) => a.summary?.startsWith('Discovery never ends'));
    expect(sent).toHaveLength(1);
    expect(texts(sent[0]!)).toContain('Ana Ruiz (Borealis): what do they need? how do they work today? where do they want to be? how ready are they to change, and why? what cost or disruption of change can they bear?');
    expect(JSON.stringify(sent[0]!.attachments)).toContain('"hallwayAction":"stakeholder.edit"');
  });

  it('reads discovery from the note form\'s card, and answers a label it does not know', async () => {
    const form = await send(messageActivity(connector.url, 'callnote'));
    const submit = (form.attachments?.[0]?.content as unknown as { actions: Array<{ data: Record<string, unknown> }> }).actions[0]!.data;
    const values = { account: 'Borealis', account_new: '', people: 'Ana Ruiz', met_on: '2027-03-22', summary: 'Checked in', quote: '', pains: '', wants: '', follow_ups: '', follow_up_due: '', sentiment: '', share: 'true', consent: 'true' };
    const bad = await send(messageActivity(connector.url, '', { value: { ...submit, ...values, discovery: 'pain: paper logs' } }));
    expect(bad.summary).toBe('⚠️ "pain:" is not a discovery label; pains, wants and follow-ups have their own fields.');
    const saved = await send(messageActivity(connector.url, '', { value: { ...submit, ...values, discovery: 'need: live tracking; now: paper logs in every cab' } }));
    expect(saved.summary).toBe('Saved: call with Ana Ruiz at Borealis on Mon 22 Mar');
    const latest = (await history()).slice(-2);
    expect(latest).toEqual([
      { field: 'need', value: 'live tracking', level: null, source: 'note' },
      { field: 'now', value: 'paper logs in every cab', level: null, source: 'note' },
    ]);
  });
});
