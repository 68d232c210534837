import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { like } from 'drizzle-orm';
import { afterAll, describe, it, vi } from 'vitest';
import { notes, stories } from '../../src/db/schema.js';
import type { FallbackReason } from '../../src/ai/client.js';
import type { DbHandle } from '../../src/db/client.js';
import type { Hallway } from '../../src/main.js';
import { startTestApp } from '../support/app.js';
import { startFakeOpenAi, type OpenAiBehaviour } from '../support/fake-openai.js';
import { nowSeconds, sign, SIGNING_SECRET, slashCommand, startFakeSlackApi } from '../support/slack.js';
import { openOwnTestDb } from '../support/test-db.js';
import { manualClock } from '../features/stories/stories.fixtures.js';

/*
 * The model failing three ways at once, each against an app of its own (its
 * own database, clock and model), all through signed Slack requests:
 *  - down: nothing listens at OPENAI_BASE_URL (connection refused);
 *  - slow: every answer comes after 30 s, past the client's 15 s (8 s for ask);
 *  - garbage: 200s that are not JSON, JSON that is no chat completion, no
 *    choices, a message that is not JSON, JSON that is not the schema.
 * Each time, notes are saved as typed, the daily stories go out by template,
 * /hallway ask answers from the notes, nobody sees an error, and
 * hallway_ai_fallbacks_total counts every fallback with its reason. The
 * three run side by side, so the slow one's timeouts set the wall time.
 */

const GARBAGE: OpenAiBehaviour[] = [
  { kind: 'raw', body: '{"id":"chatcmpl-cut-off","choices":[{"index":0,"mess' },
  { kind: 'raw', body: '{"object":"list","data":[]}' },
  { kind: 'no_choices' },
  { kind: 'text', content: 'Sure! Here is what the note says: Dana is unhappy.' },
  { kind: 'json', content: { result: 'ok', fields: ['people', 'quote'] } },
];

interface Mode {
  name: 'down' | 'slow' | 'garbage';
  reason: FallbackReason;
  /** How many notes, stories and questions (one for each kind of garbage). */
  times: number;
  behaviour?: OpenAiBehaviour;
}

const MODES: Mode[] = [
  { name: 'down', reason: 'down', times: 1 },
  { name: 'slow', reason: 'timeout', times: 1, behaviour: { kind: 'slow', ms: 30_000, then: { kind: 'json', content: { answer: 'Too late [1].' } } } },
  { name: 'garbage', reason: 'invalid', times: GARBAGE.length, behaviour: { kind: 'cycle', behaviours: GARBAGE } },
];

const PEOPLE = ['Ana Ruiz', 'Bo Chen', 'Cy Dune', 'Di Park', 'Ed Moss'];
/** Monday to Friday, a story each morning at 09:00 UTC. */
const DAYS = ['2027-03-01', '2027-03-02', '2027-03-03', '2027-03-04', '2027-03-05'];
const CHANNEL = 'C0STORIES';

const cleanup: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const fn of cleanup.reverse()) await fn().catch(() => {});
});

/** A port on which nothing listens: connecting is refused. */
async function refusingPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as AddressInfo;
  await new Promise((resolve) => s.close(resolve));
  return port;
}

interface SlackReply {
  response_type?: string;
  text?: string;
  blocks?: unknown[];
}

describe.concurrent('a model that is down, slow or talks garbage', () => {
  it.for(MODES)('$name: notes saved, stories by template, ask answered from the notes, no error shown, fallbacks counted', async (mode, { expect }) => {
    const started = performance.now();
    const slackApi = await startFakeSlackApi();
    cleanup.push(() => slackApi.close());
    let baseURL = `http://127.0.0.1:${await refusingPort()}/v1`;
    const openai = mode.behaviour ? await startFakeOpenAi() : undefined;
    if (openai) {
      cleanup.push(() => openai.close());
      openai.set(mode.behaviour!);
      baseURL = openai.baseURL;
    }
    const db: DbHandle = await openOwnTestDb();
    cleanup.push(() => db.close());
    const clock = manualClock(`${DAYS[0]}T08:00:00Z`);
    const app: Hallway = await startTestApp(
      { SLACK_BOT_TOKEN: 'xoxb-ai-faults', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: `${slackApi.url}/api/`, OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: baseURL, OPENAI_MODEL: 'test-model' },
      clock,
      db,
    );
    cleanup.push(() => app.close());

    // What people see: every ack and every later reply.
    const seen: SlackReply[] = [];
    let requests = 0;
    const slash = async (command: string, text: string, channel = 'C0ENGINEERS'): Promise<SlackReply> => {
      const id = `${mode.name}-${(requests += 1)}`;
      const body = slashCommand(command, text, { channel_id: channel, trigger_id: `trigger-${id}`, response_url: `${slackApi.url}/respond/${id}` });
      const res = await fetch(`${app.url}/slack/events`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...sign(body, nowSeconds()) }, body });
      expect(res.status).toBe(200);
      const acked = await res.text();
      // Later than Slack's 3 s: an empty ack now, the reply through response_url.
      const reply = acked
        ? (JSON.parse(acked) as SlackReply)
        : await vi.waitFor(
            () => {
              const later = slackApi.calls(`/respond/${id}`)[0];
              if (!later) throw new Error(`no reply yet to ${command} ${text}`);
              return later.body as SlackReply;
            },
            { timeout: 40_000, interval: 100 },
          );
      seen.push(reply);
      return reply;
    };
    const range = [...Array(mode.times).keys()];

    // Free-text notes, which the model is asked to read after the reply; and notes with a quote, for the stories.
    const freeText = (i: number) => `Acme ${i}: talked to Dana Lee, billing exports take them a whole day every week`;
    for (const i of range) expect((await slash('/callnote', freeText(i))).text).toMatch(/^Saved/);
    for (const i of range) {
      const saved = await slash('/callnote', `Borealis ${i} with ${PEOPLE[i]} (CFO): "Month-end close is where we bleed" pain: slow month-end close`);
      expect(saved.text).toMatch(/^Saved/);
    }
    expect((await slash('/hallway', 'subscribe 09:00 UTC weekdays', CHANNEL)).response_type).toBe('in_channel');

    const storiesPosted = () => slackApi.calls('chat.postMessage').filter((c) => c.body.channel === CHANNEL && JSON.stringify(c.body.blocks).includes('story.hear_more'));
    const [, , answers] = await Promise.all([
      // The model's reading of the notes, in the background.
      app.idle(),
      // One story each morning, as the minute tick would send it.
      (async () => {
        for (const day of DAYS.slice(0, mode.times)) {
          const before = storiesPosted().length;
          clock.set(`${day}T09:00:00Z`);
          await app.queue.runDue(clock.now());
          await app.queue.idle();
          expect(storiesPosted().length, `a story on ${day}`).toBe(before + 1);
        }
      })(),
      (async () => {
        const replies: SlackReply[] = [];
        for (const _ of range) replies.push(await slash('/hallway', 'ask who struggles with month-end close?'));
        return replies;
      })(),
    ]);
    await app.idle();

    // Notes: saved as typed, nothing added.
    const typed = await db.db.select().from(notes).where(like(notes.rawText, '%Acme%'));
    expect(typed).toHaveLength(mode.times);
    for (const n of typed) expect(n).toMatchObject({ quote: null, pains: [], wants: [], enrichedAt: null, summary: expect.stringMatching(/^talked to Dana Lee, billing exports/) });

    // Stories: the template's, and so recorded.
    const posted = storiesPosted();
    expect(posted).toHaveLength(mode.times);
    for (const p of posted) expect(JSON.stringify(p.body.blocks)).toMatch(/"text":"Meet (Ana Ruiz|Bo Chen|Cy Dune|Di Park|Ed Moss), CFO at Borealis \d"/);
    const drafted = await db.db.select({ source: stories.source, title: stories.title }).from(stories);
    expect(drafted.map((s) => s.source)).toEqual(range.map(() => 'template'));

    // Ask: the notes themselves, no model's sentence.
    for (const a of answers) {
      expect(a.text).toMatch(/^What the notes say \(\d+ notes?\): who struggles with month-end close\?$/);
      expect(JSON.stringify(a.blocks)).toContain('Month-end close is where we bleed');
      expect(JSON.stringify(a.blocks)).not.toContain('Written by AI');
    }

    // Nobody saw an error: not in a reply, not in a later one, not in a channel.
    const everything = [...seen, ...slackApi.calls('/respond/').map((c) => c.body), ...slackApi.calls('chat.postMessage').map((c) => c.body)];
    expect(everything.filter((m) => /⚠️|went wrong|error/i.test(JSON.stringify(m)))).toEqual([]);

    // The model was asked each time it could have helped, unless nothing listened.
    if (openai) expect(openai.completions().length).toBe(3 * mode.times);

    // Each fallback counted, under its use and reason, and nothing else.
    const metrics = await (await fetch(`${app.url}/metrics`)).text();
    const counted = Object.fromEntries([...metrics.matchAll(/^hallway_ai_fallbacks_total\{use="(\w+)",reason="(\w+)"\} (\d+)$/gm)].map((m) => [`${m[1]} ${m[2]}`, Number(m[3])]));
    expect(counted).toEqual({ [`note ${mode.reason}`]: mode.times, [`story ${mode.reason}`]: mode.times, [`ask ${mode.reason}`]: mode.times });
    console.log(`AI ${mode.name}: fallbacks ${JSON.stringify(counted)}; ${typed.length} notes as typed, ${posted.length} template stories, ${answers.length} answers from the notes; ${((performance.now() - started) / 1000).toFixed(1)} s`);
  });
});

