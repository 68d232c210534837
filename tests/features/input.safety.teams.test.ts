import { like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_INPUT_CHARS } from '../../src/chat/input.normaliser.js';
import { notes } from '../../src/db/schema.js';
import type { Hallway } from '../../src/main.js';
import { startTestApp } from '../support/app.js';
import { messageActivity, startFakeConnector, type SentActivity } from '../support/teams.js';

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

async function send(text: string): Promise<SentActivity & { text?: string }> {
  const before = connector.requests.length;
  const res = await fetch(`${app.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(messageActivity(connector.url, text)) });
  expect(res.status).toBeLessThan(300);
  expect(connector.requests.length).toBe(before + 1);
  return connector.requests.at(-1)!.body as unknown as SentActivity & { text?: string };
}

const cardText = (reply: SentActivity) => JSON.stringify(reply.attachments?.[0]?.content ?? {});

describe('inputs made safe where they enter (Teams)', () => {
  it('saves a note with a NUL and other control characters, without them', async () => {
    const reply = await send('callnote Nullco with Dana\u200bLee: they said\u0000 "it works\u0007 now"');
    expect(reply.summary).toBe('Saved: call with Dana Lee at Nullco on Mon 23 Nov');
    const [note] = await app.db.db.select().from(notes).where(like(notes.rawText, 'Nullco%'));
    expect(note?.quote).toBe('it works now');
  });

  it('answers a text over the limit with what was wrong and the text echoed back, saving nothing', async () => {
    const long = `Longco: ${'x'.repeat(MAX_INPUT_CHARS)}`;
    const reply = await send(`callnote ${long}`);
    const card = cardText(reply);
    expect(card).toContain(`That is ${long.length.toLocaleString('en')} characters; I take at most 10,000 at a time.`);
    // The echo comes back in pieces that together are the whole text.
    const pieces = (JSON.parse(card) as { body: Array<{ text?: string; items?: Array<{ text?: string }> }> }).body
      .flatMap((b) => [b.text ?? '', ...(b.items ?? []).map((i) => i.text ?? '')])
      .join('')
      // Each piece is a quote in italics: _…_.
      .replace(/_/g, '');
    expect(pieces.includes(long)).toBe(true);
    expect(await app.db.db.select().from(notes).where(like(notes.rawText, 'Longco%'))).toEqual([]);
  });
});
