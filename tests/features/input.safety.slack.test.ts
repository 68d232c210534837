import { eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_INPUT_CHARS } from '../../src/chat/input.normaliser.js';
import { notes, people } from '../../src/db/schema.js';
import type { Hallway } from '../../src/main.js';
import { startTestApp } from '../support/app.js';
import { nowSeconds, sign, SIGNING_SECRET, slashCommand, startFakeSlackApi } from '../support/slack.js';

let app: Hallway;
let slackApi: Awaited<ReturnType<typeof startFakeSlackApi>>;
const clock = { now: () => new Date('2026-11-23T10:00:00Z') };

beforeAll(async () => {
  slackApi = await startFakeSlackApi();
  app = await startTestApp({ SLACK_BOT_TOKEN: 'xoxb-test-token', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: `${slackApi.url}/api/` }, clock);
});

afterAll(async () => {
  await app?.close();
  await slackApi?.close();
});

interface SlackReply {
  text: string;
  blocks: Array<{ type: string; elements?: Array<{ type: string; elements?: Array<{ type: string; text?: string }> }> }>;
}

async function command(name: string, text: string): Promise<SlackReply> {
  const body = slashCommand(name, text, { response_url: `${slackApi.url}/respond` });
  const res = await fetch(`${app.url}/slack/events`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...sign(body, nowSeconds()) }, body });
  expect(res.status).toBe(200);
  return (await res.json()) as SlackReply;
}

/** The echoed text as a person reads it: the rich text quotes, in order, without the attribution line. */
function echoed(reply: SlackReply): string {
  return reply.blocks
    .filter((b) => b.type === 'rich_text')
    .flatMap((b) => b.elements ?? [])
    .filter((e) => e.type === 'rich_text_quote')
    .flatMap((e) => e.elements ?? [])
    .map((run) => run.text ?? '')
    .join('');
}

describe('inputs made safe where they enter (Slack)', () => {
  it('saves a note with a NUL and other control characters, without them, instead of a database error', async () => {
    const reply = await command('/callnote', 'Nullco: they said\u0000 "it works\u0007 now"');
    expect(reply.text).toMatch(/^Saved/);
    const [note] = await app.db.db.select().from(notes).where(like(notes.rawText, 'Nullco%'));
    expect(note?.rawText).toBe('Nullco: they said "it works now"');
    expect(note?.quote).toBe('it works now');
  });

  it('stores a name typed with a zero-width space as the name people see, so `forget Dana Lee` finds it', async () => {
    await command('/callnote', 'Zerowidth Inc with Dana\u200bLee (CTO): first call');
    expect((await app.db.db.select({ name: people.name }).from(people).where(eq(people.nameKey, 'dana lee'))).map((p) => p.name)).toEqual(['Dana Lee']);
    const ask = await command('/hallway', 'forget Dana Lee');
    expect(ask.text).toBe('Erase Dana Lee (Zerowidth Inc) everywhere?');
  });

  it('answers a text over the limit with what was wrong and the whole text echoed back, saving nothing', async () => {
    const long = `Longco: ${'all the words they said, '.repeat(Math.ceil(MAX_INPUT_CHARS / 25))}`.trim();
    const reply = await command('/callnote', long);
    expect(reply.text).toBe(`⚠️ That is ${long.length.toLocaleString('en')} characters; I take at most 10,000 at a time.`);
    expect(echoed(reply)).toBe(`/callnote ${long}`);
    // Too long for one rich text block, so it comes back in several quotes, the last one attributed.
    const quotes = reply.blocks.filter((b) => b.elements?.some((e) => e.type === 'rich_text_quote'));
    expect(quotes.length).toBeGreaterThan(1);
    expect(JSON.stringify(quotes.at(-1))).toContain('what you typed (copy it to try again)');
    expect(await app.db.db.select().from(notes).where(like(notes.rawText, 'Longco%'))).toEqual([]);
  });
});
