import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discoveryValues, notes } from '../../../src/db/schema.js';
import type { Hallway } from '../../../src/main.js';
import { startTestApp } from '../../support/app.js';
import { startFakeOpenAi } from '../../support/fake-openai.js';
import { messageActivity, startFakeConnector, type SentActivity } from '../../support/teams.js';

/* The model's reading of a free-text note proposes discovery values; the owner confirms one with a click (Teams). */

let app: Hallway;
let connector: Awaited<ReturnType<typeof startFakeConnector>>;
let openai: Awaited<ReturnType<typeof startFakeOpenAi>>;
const clock = { now: () => new Date('2026-11-23T10:00:00Z') };

beforeAll(async () => {
  connector = await startFakeConnector();
  openai = await startFakeOpenAi();
  app = await startTestApp({ OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: openai.baseURL, OPENAI_MODEL: 'test-model' }, clock);
});

afterAll(async () => {
  await app?.close();
  await connector?.close();
  await openai?.close();
});

async function send(activity: object): Promise<SentActivity> {
  const before = connector.requests.length;
  const res = await fetch(`${app.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
  expect(res.status).toBeLessThan(300);
  expect(connector.requests.length).toBe(before + 1);
  return connector.requests.at(-1)!.body as unknown as SentActivity;
}

describe('suggested discovery from the model', () => {
  it('keeps the model\'s discovery as suggestions, shown as such until the owner confirms one', async () => {
    openai.set({
      kind: 'json',
      content: {
        people: [{ name: 'Dana Lee', title: 'CFO' }],
        quote: null,
        pains: ['slow close'],
        wants: [],
        sentiment: null,
        discovery: { need: null, now: 'closes the books in two weeks', goal: 'a three-day close', ready: 'high', ready_why: 'audit in March', capacity: null },
      },
    });
    const activity = messageActivity(connector.url, 'callnote Northwind: Talked to Dana Lee, the CFO. They close the books in two weeks and want three days before the audit in March.');
    await send(activity);
    await app.idle();
    const [note] = await app.db.db.select().from(notes).where(eq(notes.idempotencyKey, `teams:${activity.id}`));
    const rows = await app.db.db.select({ field: discoveryValues.field, value: discoveryValues.value, level: discoveryValues.level, status: discoveryValues.status, source: discoveryValues.source, noteId: discoveryValues.noteId }).from(discoveryValues).orderBy(discoveryValues.field);
    expect(rows).toEqual([
      { field: 'goal', value: 'a three-day close', level: null, status: 'suggested', source: 'ai', noteId: note!.id },
      { field: 'now', value: 'closes the books in two weeks', level: null, status: 'suggested', source: 'ai', noteId: note!.id },
      { field: 'ready', value: 'audit in March', level: 'high', status: 'suggested', source: 'ai', noteId: note!.id },
    ]);

    const card = JSON.stringify((await send(messageActivity(connector.url, 'hallway account Northwind'))).attachments);
    expect(card).toContain('Suggested from a note — Where they want to be: a three-day close');
    expect(card).toContain('Not known yet: what do they need? how do they work today?');
    const [goal] = await app.db.db.select().from(discoveryValues).where(eq(discoveryValues.field, 'goal'));
    const confirmed = await send(messageActivity(connector.url, '', { value: { hallwayAction: 'discovery.confirm', value: goal!.id } }));
    expect(confirmed.summary).toBe('Confirmed: Where they want to be for Dana Lee.');
    const after = JSON.stringify((await send(messageActivity(connector.url, 'hallway account Northwind'))).attachments);
    expect(after).toContain('Where they want to be: a three-day close (today, Maria Jensen)');
    expect(after).not.toContain('Suggested from a note — Where they want to be');
  });
});
