import { eq } from 'drizzle-orm';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAiModel } from '../../../src/ai/client.js';
import { notePeople, notes, people } from '../../../src/db/schema.js';
import { enrichNote } from '../../../src/features/notes/note.enrichment.js';
import type { Hallway } from '../../../src/main.js';
import { startTestApp } from '../../support/app.js';
import { startFakeOpenAi } from '../../support/fake-openai.js';
import { messageActivity, startFakeConnector } from '../../support/teams.js';

let app: Hallway;
let connector: Awaited<ReturnType<typeof startFakeConnector>>;
let openai: Awaited<ReturnType<typeof startFakeOpenAi>>;
const clock = { now: () => new Date('2026-11-23T10:00:00Z') };
const log = pino({ level: 'silent' });

const TEXT = 'Talked to Dana Lee, their VP Engineering. She said we lose two days every month-end. They want auto-matching.';
const GOOD = {
  people: [{ name: 'Dana Lee', title: 'VP Engineering' }, { name: 'Zed Invented', title: null }],
  quote: 'we lose two days every month-end',
  pains: ['two days lost every month-end'],
  wants: ['auto-matching'],
  sentiment: 'mixed',
};

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

/** Writes a note through Teams, replies first, and returns it once the background work is done. */
async function writeNote(text: string) {
  const activity = messageActivity(connector.url, `callnote ${text}`);
  const res = await fetch(`${app.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
  expect(res.status).toBeLessThan(300);
  await app.idle();
  const [note] = await app.db.db.select().from(notes).where(eq(notes.idempotencyKey, `teams:${activity.id}`));
  return note!;
}

const peopleOf = async (noteId: string) =>
  app.db.db.select({ name: people.name, title: people.title }).from(notePeople).innerJoin(people, eq(people.id, notePeople.personId)).where(eq(notePeople.noteId, noteId));

const shortModel = () => createAiModel({ apiKey: 'sk-test', baseURL: openai.baseURL, model: 'test-model' }, 300)!;

describe('enriching a free-text note with the real openai client', () => {
  it('fills people, quote, pains, wants and sentiment from a good structured answer, after the reply', async () => {
    openai.set({ kind: 'json', content: GOOD });
    const note = await writeNote(`Northwind: ${TEXT}`);
    const request = openai.completions().at(-1)!.body as { model: string; response_format: { type: string; json_schema: { name: string; strict: boolean } }; messages: Array<{ role: string; content: string }> };
    expect(request.model).toBe('test-model');
    expect(request.response_format.type).toBe('json_schema');
    expect(request.response_format.json_schema).toMatchObject({ name: 'call_note', strict: true });
    expect(request.messages.at(-1)!.content).toBe(TEXT);

    expect(note).toMatchObject({ summary: TEXT, quote: 'we lose two days every month-end', pains: ['two days lost every month-end'], wants: ['auto-matching'], sentiment: 'mixed' });
    expect(note.enrichedAt).toEqual(clock.now());
    // A name the text does not contain is the model's invention, and is dropped.
    expect(await peopleOf(note.id)).toEqual([{ name: 'Dana Lee', title: 'VP Engineering' }]);
  });

  it('never overwrites what the author typed', async () => {
    openai.set({ kind: 'json', content: GOOD });
    const note = await writeNote(`Northwind with Jim Park: ${TEXT} sentiment: positive`);
    expect(note).toMatchObject({ sentiment: 'positive', quote: 'we lose two days every month-end', wants: ['auto-matching'] });
    expect(await peopleOf(note.id)).toEqual([{ name: 'Jim Park', title: null }]);
  });

  it('leaves a note with labels alone', async () => {
    const before = openai.completions().length;
    const note = await writeNote('Northwind: pain: manual recon');
    expect(openai.completions().length).toBe(before);
    expect(note.enrichedAt).toBeNull();
  });

  it.each([
    ['garbage', { kind: 'text', content: 'Sure! Here are the fields you asked for: people…' }],
    ['JSON of the wrong shape', { kind: 'json', content: { people: 'Dana', quote: 7 } }],
    ['a 500', { kind: 'status', status: 500 }],
    ['a timeout', { kind: 'hang' }],
  ] as const)('leaves the note as typed after %s', async (_what, behaviour) => {
    openai.set({ kind: 'text', content: '' }); // the note is written without the model…
    const note = await writeNote(`Contoso: ${TEXT}`);
    openai.set(behaviour); // …then enriched against the misbehaving one, with a short timeout
    const outcome = await enrichNote({ db: app.db.db, ai: shortModel(), log, clock }, note.id);
    expect(outcome).toBe('failed');
    const [after] = await app.db.db.select().from(notes).where(eq(notes.id, note.id));
    expect(after).toMatchObject({ summary: TEXT, quote: null, pains: [], wants: [], sentiment: null, enrichedAt: null });
    expect(await peopleOf(note.id)).toEqual([]);
  });

  it('drops a "quote" that is not in the text word for word', async () => {
    openai.set({ kind: 'text', content: '' });
    const note = await writeNote(`Contoso: ${TEXT}`);
    openai.set({ kind: 'json', content: { ...GOOD, quote: 'we lose three days every month-end', people: [] } });
    expect(await enrichNote({ db: app.db.db, ai: shortModel(), log, clock }, note.id)).toBe('enriched');
    const [after] = await app.db.db.select().from(notes).where(eq(notes.id, note.id));
    expect(after).toMatchObject({ quote: null, pains: ['two days lost every month-end'], sentiment: 'mixed' });
  });

  // Last: the hanging call stays open until the fake server closes.
  it('saves and replies without waiting for the model', async () => {
    openai.set({ kind: 'hang' });
    const before = openai.completions().length;
    const activity = messageActivity(connector.url, `callnote Fabrikam: ${TEXT}`);
    const res = await fetch(`${app.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
    expect(res.status).toBeLessThan(300);
    expect((connector.requests.at(-1)!.body as { summary?: string }).summary).toBe('Saved: call at Fabrikam on Mon 23 Nov');
    const [note] = await app.db.db.select().from(notes).where(eq(notes.idempotencyKey, `teams:${activity.id}`));
    expect(note).toMatchObject({ summary: TEXT, enrichedAt: null });
  });
});
