import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notes, people } from '../../../src/db/schema.js';
import type { Hallway } from '../../../src/main.js';
import { startTestApp } from '../../support/app.js';
import { nowSeconds, sign, SIGNING_SECRET, slashCommand, startFakeSlackApi } from '../../support/slack.js';

/*
 * What a /callnote costs the database, counted on the driver (BEGIN and
 * COMMIT included), through the real Slack adapter: so round trips cannot
 * creep back one helper at a time.
 */

/** Identity on a cold cache: the workspace and the user, read; nothing written unless something changed. */
const IDENTITY_QUERIES = 2;
/** The note itself: one read (account and roster), one write (note, people, last contact). */
const NOTE_QUERIES = 2;

let app: Hallway;
let slackApi: Awaited<ReturnType<typeof startFakeSlackApi>>;
const clock = { current: new Date('2026-11-23T10:00:00Z'), now() { return this.current; } };

beforeAll(async () => {
  slackApi = await startFakeSlackApi();
  app = await startTestApp({ SLACK_BOT_TOKEN: 'xoxb-test-token', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: `${slackApi.url}/api/` }, clock);
});

afterAll(async () => {
  await app?.close();
  await slackApi?.close();
});

async function callnote(text: string, triggerId: string): Promise<{ text: string; queries: number }> {
  const body = slashCommand('/callnote', text, { trigger_id: triggerId });
  const before = app.db.stats.queries;
  const res = await fetch(`${app.url}/slack/events`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...sign(body, nowSeconds()) }, body });
  expect(res.status).toBe(200);
  const reply = (await res.json()) as { text: string };
  return { text: reply.text, queries: app.db.stats.queries - before };
}

describe('what a /callnote costs in queries', () => {
  it('saves a note on a known account with known people in identity + 2 queries, and answers from what it wrote', async () => {
    // The first note creates the account and its people: the full, transactional path.
    const first = await callnote('Initech with Dana Lee (CFO), Jim Park: "first call"', 'trigger-q1');
    expect(first.text).toBe('Saved: call with Dana Lee and Jim Park at Initech on Mon 23 Nov');

    clock.current = new Date('2026-11-24T10:00:00Z');
    const second = await callnote('initech with dana, Jim Park: "We lose two days every month-end" pain: reconciliation', 'trigger-q2');
    expect(second.text).toBe('Saved: call with Dana Lee and Jim Park at Initech on Tue 24 Nov');
    // A day later the identity cache is cold: the workspace and the user are read once (nothing written).
    expect(second.queries).toBe(IDENTITY_QUERIES + NOTE_QUERIES);
    // Within the minute, who is asking comes from the cache: the note's two queries alone.
    const third = await callnote('initech with dana: "and again"', 'trigger-q2b');
    expect(third.queries).toBe(NOTE_QUERIES);

    // What the two queries wrote.
    const [note] = await app.db.db.select().from(notes).where(eq(notes.idempotencyKey, 'slack:trigger-q2'));
    expect(note).toMatchObject({ quote: 'We lose two days every month-end', pains: ['reconciliation'] });
    const dana = await app.db.db.select({ last: people.lastContactAt }).from(people).where(eq(people.name, 'Dana Lee'));
    expect(dana).toEqual([{ last: clock.current }]);
  });

  it('answers a retried request the same, and saves nothing new', async () => {
    const body = '"retried" pain: twice';
    const first = await callnote(`Initech with Jim Park: ${body}`, 'trigger-q3');
    const again = await callnote(`Initech with Jim Park: ${body}`, 'trigger-q3');
    expect(again.text).toBe(first.text);
    expect(await app.db.db.select().from(notes).where(eq(notes.idempotencyKey, 'slack:trigger-q3'))).toHaveLength(1);
  });

  it('costs more only when there is more to do: a new person goes through the transaction', async () => {
    const { queries } = await callnote('Initech with Ana Bell: "new face"', 'trigger-q4');
    expect(queries).toBeGreaterThan(IDENTITY_QUERIES + NOTE_QUERIES);
  });
});
