import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hallway } from '../../../src/main.js';
import { startTestApp } from '../../support/app.js';
import { startFakeOpenAi } from '../../support/fake-openai.js';
import { messageActivity, privateAnswer, startFakeConnector, TENANT_ID, type SentActivity } from '../../support/teams.js';

/*
 * `hallway ask` through the real botbuilder CloudAdapter: message activities
 * in, cards out to a recording connector. Two apps share the database: one
 * without a model, one with the fake OpenAI server.
 */

const clock = { now: () => new Date('2026-11-23T10:00:00Z') };
let plain: Hallway;
let withAi: Hallway;
let connector: Awaited<ReturnType<typeof startFakeConnector>>;
let openAi: Awaited<ReturnType<typeof startFakeOpenAi>>;

const SAM = { from: { id: '29:1sam-teams', name: 'Sam Ode', aadObjectId: '6b1f0000-0000-4000-8000-0000000000bb' } };
const CHANNEL = { conversation: { id: '19:engineering@thread.tacv2', conversationType: 'channel', tenantId: TENANT_ID, isGroup: true } };

beforeAll(async () => {
  connector = await startFakeConnector();
  openAi = await startFakeOpenAi();
  plain = await startTestApp({}, clock);
  withAi = await startTestApp({ OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: openAi.baseURL, OPENAI_MODEL: 'test-model' }, clock);
  // Maria (the default sender) owns Acme.
  await send(plain, messageActivity(connector.url, 'callnote Acme with Dana Lee (VP Engineering): "Billing exports take us a whole day" pain: slow billing exports'));
  await send(plain, messageActivity(connector.url, 'callnote Acme with Jim Park: "We may not renew" billing renewal is at risk, they are talking to a competitor #internal'));
}, 60_000);

afterAll(async () => {
  await withAi?.close();
  await plain?.close();
  await connector?.close();
  await openAi?.close();
});

async function send(app: Hallway, activity: object): Promise<SentActivity> {
  const before = connector.requests.length;
  const res = await fetch(`${app.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
  expect(res.status).toBeLessThan(300);
  expect(connector.requests.length).toBe(before + 1);
  return connector.requests.at(-1)!.body as unknown as SentActivity;
}

const ask = (question: string, overrides: Record<string, unknown> = SAM, app = plain) => send(app, messageActivity(connector.url, `hallway ask ${question}`, overrides));

interface CardElement {
  type: string;
  text?: string;
  items?: CardElement[];
  columns?: Array<{ items: CardElement[] }>;
}

/** Every text on the card, in order. */
function texts(reply: SentActivity): string[] {
  const walk = (els: CardElement[]): string[] =>
    els.flatMap((e) => [...(e.text ? [e.text] : []), ...walk(e.items ?? []), ...walk((e.columns ?? []).flatMap((c) => c.items))]);
  // The renderer escapes Teams markdown ("\\[1\\]"); compare the words.
  return walk((reply.attachments?.[0]?.content.body ?? []) as CardElement[]).map((t) => t.replace(/\\([[\]])/g, '$1'));
}

function shareValue(reply: SentActivity): string | undefined {
  const actions = JSON.stringify(reply.attachments?.[0]?.content ?? {});
  const m = /"hallwayAction":"ask\.share","value":"([^"]+)"/.exec(actions);
  return m?.[1];
}

describe('hallway ask over the real Teams adapter', () => {
  it('answers with the sources the asker may see, and never an internal note of someone else', async () => {
    const reply = await ask('what did Acme say about billing?');
    expect(reply.summary).toBe('What the notes say (1 note): what did Acme say about billing?');
    const seen = texts(reply);
    expect(seen).toContain('[1] · Dana Lee, VP Engineering · Acme · today · logged by Maria Jensen');
    expect(seen.join('\n')).toContain('Billing exports take us a whole day');
    expect(seen.join('\n')).not.toContain('competitor');
    expect(shareValue(reply)).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('shows the internal note to its author, marked', async () => {
    const reply = await ask('billing renewal at Acme', {});
    expect(reply.summary).toBe('What the notes say (2 notes): billing renewal at Acme');
    expect(texts(reply)).toContain('[1] · Jim Park · Acme · today · logged by Maria Jensen · 🔒 internal');
  });

  it('says so when nothing matches', async () => {
    const reply = await ask('kubernetes operators');
    expect(reply.summary).toBe('I found nothing in the notes you can see about: kubernetes operators');
  });

  it('shares the quotes in the channel, and refuses an internal one', async () => {
    const answer = await ask('what did Acme say about billing?');
    const posted = await send(plain, messageActivity(connector.url, '', { ...SAM, ...CHANNEL, value: { hallwayAction: 'ask.share', value: shareValue(answer) } }));
    expect(posted.summary).toBe('Sam Ode shared a customer quote');
    expect(texts(posted).join('\n')).toContain('Billing exports take us a whole day');

    const mine = await ask('billing renewal at Acme', {});
    // The refusal is private: it goes to the asker's personal chat, with a pointer in the channel.
    const before = connector.requests.length;
    const click = messageActivity(connector.url, '', { ...CHANNEL, value: { hallwayAction: 'ask.share', value: shareValue(mine) } });
    await fetch(`${plain.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(click) });
    const refused = privateAnswer(connector.requests.slice(before), click).answer;
    expect(refused.summary).toBe("⚠️ I can't post these quotes here: the note from Acme today is internal. Nothing was posted.");
  });

  it('with a model: a cited answer first; an answer naming someone absent from the sources is dropped', async () => {
    openAi.set({ kind: 'json', content: { answer: 'Dana Lee says billing exports take a whole day [1].' } });
    const good = await ask('what did Acme say about billing?', SAM, withAi);
    expect(good.summary).toBe('Dana Lee says billing exports take a whole day [1].');
    expect(texts(good)).toContain('[1] · Dana Lee, VP Engineering · Acme · today · logged by Maria Jensen');

    openAi.set({ kind: 'json', content: { answer: 'Dana Lee told Priya Shah that billing exports take a whole day [1].' } });
    const invented = await ask('what did Acme say about billing?', SAM, withAi);
    expect(invented.summary).toBe('What the notes say (1 note): what did Acme say about billing?');
    expect(JSON.stringify(invented.attachments)).not.toContain('Priya');
  });
});
