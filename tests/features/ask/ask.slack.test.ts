import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conversations, notes, users } from '../../../src/db/schema.js';
import type { Hallway } from '../../../src/main.js';
import { startTestApp } from '../../support/app.js';
import { startFakeOpenAi } from '../../support/fake-openai.js';
import type { Recorded } from '../../support/recording-server.js';
import { nowSeconds, sign, SIGNING_SECRET, slashCommand, startFakeSlackApi, TEAM_ID } from '../../support/slack.js';

/*
 * /hallway ask through the real Bolt app: notes logged with signed /callnote
 * requests, questions asked with signed /hallway requests, Share clicked as
 * a signed block_actions payload; the Web API and the model are local fakes.
 * Two apps share the database: one without a model, one with the fake.
 */

const clock = { now: () => new Date('2026-11-23T10:00:00Z') }; // a Monday
let plain: Hallway;
let withAi: Hallway;
let slackApi: Awaited<ReturnType<typeof startFakeSlackApi>>;
let openAi: Awaited<ReturnType<typeof startFakeOpenAi>>;

const waiting = new Map<string, (req: Recorded) => void>();
const next = (method: string) => new Promise<Recorded>((resolve) => waiting.set(method, resolve));

beforeAll(async () => {
  slackApi = await startFakeSlackApi({
    respond: (req) => {
      waiting.get('respond')?.(req);
      waiting.delete('respond');
      return { ok: true };
    },
  });
  openAi = await startFakeOpenAi();
  const slack = { SLACK_BOT_TOKEN: 'xoxb-test-token', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: `${slackApi.url}/api/` };
  plain = await startTestApp(slack, clock);
  withAi = await startTestApp({ ...slack, OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: openAi.baseURL, OPENAI_MODEL: 'test-model' }, clock);

  // Maria owns Acme and Borealis; Lee owns Globex. Sam is an engineer who logs nothing.
  await callnote('Acme with Dana Lee (VP Engineering): "Billing exports take us a whole day" pain: slow billing exports', MARIA, 'n-acme-1');
  await callnote('Acme with Jim Park: billing renewal is at risk, they are talking to a competitor #internal', MARIA, 'n-acme-internal');
  await callnote('Borealis with Ana Ruiz (Dispatcher): "Month-end close is where we bleed" want: a month-end checklist', MARIA, 'n-borealis');
  await callnote('Acme with Dana Lee: month-end reports are fine now', MARIA, 'n-acme-monthend');
  await callnote('Globex with Hank Scorpio (CFO): "Billing is a mess, frankly" #noquote', LEE, 'n-globex');
}, 60_000);

afterAll(async () => {
  await withAi?.close();
  await plain?.close();
  await slackApi?.close();
  await openAi?.close();
});

const MARIA = { user_id: 'U0MARIA', user_name: 'maria' };
const LEE = { user_id: 'U0LEE', user_name: 'lee' };
const SAM = { user_id: 'U0SAM', user_name: 'sam' };

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

async function post(app: Hallway, command: string, text: string, user: Record<string, string>, trigger = `t-${Math.random()}`): Promise<SlackReply> {
  const body = slashCommand(command, text, { ...user, trigger_id: trigger });
  const res = await fetch(`${app.url}/slack/events`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...sign(body, nowSeconds()) }, body });
  expect(res.status).toBe(200);
  return (await res.json()) as SlackReply;
}

async function callnote(text: string, user: Record<string, string>, trigger: string) {
  const reply = await post(plain, '/callnote', text, user, trigger);
  expect(reply.text).toMatch(/^Saved/);
}

const ask = (question: string, user = SAM, app = plain) => post(app, '/hallway', `ask ${question}`, user);

/** The text of one rich_text element: a quote reads ">…", a list item "- …". */
function richLine(e: RichText): string {
  const runs = (els: RichText[] = []) => els.map((r) => r.text ?? '').join('');
  if (e.type === 'rich_text_quote') return `>${runs(e.elements)}`;
  if (e.type === 'rich_text_list') return (e.elements ?? []).map((item, i) => `${e.style === 'ordered' ? `${i + 1}.` : '-'} ${runs(item.elements)}`).join('\n');
  return runs(e.elements);
}

/**
 * What a person reads, block by block: mrkdwn and plain_text sections,
 * context and button labels, and each rich_text block with its sections,
 * quotes and lists one per line. No block is mrkdwn any more, so the text
 * is read as is: an entity or lookalike left in it would be a bug.
 */
function lines(reply: SlackReply): string[] {
  return reply.blocks.flatMap((b) => {
    const own = b.text?.text ? [b.text.text] : [];
    const inner =
      b.type === 'rich_text'
        ? [(b.elements ?? []).map((e) => richLine(e as RichText)).join('\n')]
        : (b.elements ?? []).map((e) => (typeof e.text === 'string' ? e.text : e.text?.text ?? ''));
    return [...own, ...inner.filter(Boolean)];
  });
}

const shareButton = (reply: SlackReply) => reply.blocks.flatMap((b) => b.elements ?? []).find((e) => e.action_id === 'ask.share');

async function noteId(key: string) {
  const [row] = await plain.db.db.select({ id: notes.id }).from(notes).where(eq(notes.idempotencyKey, `slack:${key}`));
  return row!.id;
}

async function click(value: string, user = SAM, channel = 'C0ENGINEERS'): Promise<Recorded> {
  const responded = next('respond');
  const payload = {
    type: 'block_actions',
    team: { id: TEAM_ID, domain: 'hallway-test' },
    user: { id: user.user_id, username: user.user_name, name: user.user_name, team_id: TEAM_ID },
    api_app_id: 'A0HALLWAY',
    token: 'deprecated-verification-token',
    container: { type: 'message', message_ts: '1700000000.000100', channel_id: channel, is_ephemeral: true },
    trigger_id: `share-${Math.random()}`,
    channel: { id: channel, name: 'engineering' },
    response_url: `${slackApi.url}/respond`,
    actions: [{ type: 'button', action_id: 'ask.share', block_id: 'b1', text: { type: 'plain_text', text: 'Share in channel' }, value, action_ts: '1700000001.000200' }],
  };
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  const res = await fetch(`${plain.url}/slack/events`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...sign(body, nowSeconds()) }, body });
  expect(res.status).toBe(200);
  return responded;
}

describe('/hallway ask without a model', () => {
  it('answers privately with the sources: quote, person and role, account, day, who logged it, and a Share button', async () => {
    const reply = await ask('what did Acme say about billing?');
    expect(reply.response_type).toBe('ephemeral');
    // Acme's note first (named in the question), then what others said about billing.
    expect(reply.text).toBe('What the notes say (2 notes): what did Acme say about billing?');
    expect(lines(reply)).toEqual([
      'You asked: what did Acme say about billing?',
      '[1] · Dana Lee, VP Engineering · Acme · today · logged by maria',
      '>Billing exports take us a whole day\n— Dana Lee',
      '[2] · Hank Scorpio, CFO · Globex · today · logged by lee',
      '>Billing is a mess, frankly\n— Hank Scorpio — not to be quoted',
      'Share in channel',
    ]);
    expect(shareButton(reply)?.value).toBe(`${await noteId('n-acme-1')},${await noteId('n-globex')}`);
  });

  it('shows an internal note to its author and owner, marked, and never to an engineer', async () => {
    const maria = await ask('billing renewal at Acme', MARIA);
    expect(maria.text).toBe('What the notes say (3 notes): billing renewal at Acme');
    expect(lines(maria)).toContain('[1] · Jim Park · Acme · today · logged by maria · 🔒 internal');
    expect(lines(maria)).toContain('billing renewal is at risk, they are talking to a competitor');

    const sam = await ask('billing renewal at Acme');
    expect(sam.text).toBe('What the notes say (2 notes): billing renewal at Acme');
    expect(JSON.stringify(sam.blocks)).not.toContain('competitor');
    // Another account manager, who owns other accounts, does not see it either.
    expect(JSON.stringify((await ask('billing renewal at Acme', LEE)).blocks)).not.toContain('competitor');
  });

  it('shows internal notes to a manager', async () => {
    const boss = { user_id: 'U0BOSS', user_name: 'boss' };
    expect(JSON.stringify((await ask('renewal', boss)).blocks)).not.toContain('competitor');
    // Roles are granted by an admin (Maria, the first person here).
    expect((await post(plain, '/hallway', 'role <@U0BOSS|boss> manager', MARIA)).text).toContain('is now a manager');
    expect(JSON.stringify((await ask('renewal', boss)).blocks)).toContain('competitor');
  });

  it('puts the notes of an account named in the question first', async () => {
    const reply = await ask('who at Borealis cares about month-end?');
    expect(lines(reply)[1]).toBe('[1] · Ana Ruiz, Dispatcher · Borealis · today · logged by maria');
    expect(lines(reply)).toContain('[2] · Dana Lee, VP Engineering · Acme · today · logged by maria');
  });

  it('says so when nothing matches, and suggests a broader question or /hallway account', async () => {
    const reply = await ask('kubernetes operators');
    expect(reply.response_type).toBe('ephemeral');
    expect(lines(reply)).toEqual([
      'I found nothing in the notes you can see about: kubernetes operators',
      'Try a broader question with fewer or other words, or /hallway account <name> for everything about one customer.',
    ]);
  });

  it('shows five sources and "and N more"', async () => {
    for (let i = 1; i <= 7; i += 1) await callnote(`Initech: invoices arrive late, week ${i}`, MARIA, `n-invoices-${i}`);
    const reply = await ask('invoices');
    expect(lines(reply).filter((l) => /^\[\d\]/.test(l))).toHaveLength(5);
    expect(lines(reply)).toContain('and 2 more notes from the last 7 days; ask something narrower to see them.');
  });

  it('asks for a question when there is none', async () => {
    const reply = await ask('');
    expect(reply.response_type).toBe('ephemeral');
    expect(reply.text).toBe('⚠️ What would you like to know?');
  });
});

describe('Share in channel', () => {
  it('posts the quotes in the channel when every one may go there', async () => {
    const posted = await click(await noteId('n-acme-1'));
    expect(posted.body.response_type).toBe('in_channel');
    expect(posted.body.text).toBe('sam shared a customer quote');
    expect(JSON.stringify(posted.body.blocks)).toContain('Billing exports take us a whole day');
    expect(JSON.stringify(posted.body.blocks)).toContain('Dana Lee, VP Engineering · Acme · today');
  });

  it('refuses, privately and saying why, when one quote is internal or not to be quoted', async () => {
    const refused = await click([await noteId('n-acme-1'), await noteId('n-globex')].join(','), LEE);
    expect(refused.body.response_type).toBe('ephemeral');
    expect(refused.body.text).toBe("⚠️ I can't post these quotes here: Hank Scorpio (the note from Globex today) did not agree to be quoted. Nothing was posted.");

    const internal = await click(await noteId('n-acme-internal'), MARIA);
    expect(internal.body.text).toBe("⚠️ I can't post these quotes here: the note from Acme today is internal. Nothing was posted.");

    // Sam may not see that note at all: the click cannot reveal it either.
    const hidden = await click(await noteId('n-acme-internal'), SAM);
    expect(hidden.body.text).toBe('⚠️ Some of those notes were deleted or are no longer visible to you, so nothing was posted.');
  });

  it('refuses in a channel shared with a customer', async () => {
    await post(plain, '/hallway', 'link Acme', { ...MARIA, channel_id: 'C0ACMESHARED' });
    const [linked] = await plain.db.db.select().from(conversations).where(eq(conversations.externalId, 'C0ACMESHARED'));
    expect(linked?.accountId).toBeTruthy();
    const refused = await click(await noteId('n-acme-1'), SAM, 'C0ACMESHARED');
    expect(refused.body.text).toBe('⚠️ This channel is shared with Acme, so customer quotes stay out of it. Nothing was posted.');
  });
});

describe('/hallway ask with a model', () => {
  it('answers in a sentence that cites its sources, then the sources', async () => {
    openAi.set({ kind: 'json', content: { answer: 'Dana Lee at Acme says billing exports take a whole day [1].' } });
    const reply = await ask('what did Acme say about billing?', SAM, withAi);
    expect(reply.text).toBe('Dana Lee at Acme says billing exports take a whole day [1].');
    expect(lines(reply).slice(0, 4)).toEqual([
      'You asked: what did Acme say about billing?',
      'Dana Lee at Acme says billing exports take a whole day [1].',
      'Written by AI from the notes below; check them before you rely on it.',
      '[1] · Dana Lee, VP Engineering · Acme · today · logged by maria',
    ]);
    const sent = JSON.stringify(openAi.completions().at(-1)!.body);
    expect(sent).toContain('Billing exports take us a whole day');
    // The model never sees a note the asker may not.
    expect(sent).not.toContain('competitor');
  });

  it('drops an answer that names someone absent from the sources, and shows the sources alone', async () => {
    openAi.set({ kind: 'json', content: { answer: 'Priya Shah at Acme says billing exports take a whole day [1].' } });
    const reply = await ask('what did Acme say about billing?', SAM, withAi);
    expect(reply.text).toBe('What the notes say (2 notes): what did Acme say about billing?');
    expect(JSON.stringify(reply.blocks)).not.toContain('Priya');
  });

  it('drops an answer that cites nothing or a source it was not given, and survives a failing model', async () => {
    for (const answer of ['Billing exports are slow.', 'Billing exports are slow [3].']) {
      openAi.set({ kind: 'json', content: { answer } });
      expect((await ask('what did Acme say about billing?', SAM, withAi)).text).toBe('What the notes say (2 notes): what did Acme say about billing?');
    }
    openAi.set({ kind: 'status', status: 500 });
    expect((await ask('what did Acme say about billing?', SAM, withAi)).text).toBe('What the notes say (2 notes): what did Acme say about billing?');
  });
});
