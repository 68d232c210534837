import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conversationKindOf } from '../../../adapters/teams/conversation.kind.js';
import { mayPost, placeReply, PrivacyViolation } from '../../../adapters/teams/reply.delivery.js';
import type { Reply } from '../../../src/chat/inbound.js';
import { accounts, conversations, users } from '../../../src/db/schema.js';
import type { Hallway } from '../../../src/main.js';
import { startTestApp } from '../../support/app.js';
import { startRecordingServer, type Recorded } from '../../support/recording-server.js';
import { messageActivity, privateAnswer, startFakeConnector, TENANT_ID, type SentActivity } from '../../support/teams.js';

/*
 * Teams has no ephemeral messages: what Slack shows only to the asker goes to
 * the asker's personal chat with the bot, with a one-line pointer where they
 * asked. Through the real CloudAdapter, against a recording connector.
 */

let app: Hallway;
let connector: Awaited<ReturnType<typeof startFakeConnector>>;

const CHANNEL = { id: '19:sales@thread.tacv2', conversationType: 'channel', tenantId: TENANT_ID };
const GROUP = { id: '19:meeting-prep@unq.gbl.spaces', conversationType: 'groupChat', tenantId: TENANT_ID };
const MARIA_PERSONAL = { id: 'a:1personal-maria', conversationType: 'personal', tenantId: TENANT_ID };
const SAM = { id: '29:1sam-teams', name: 'Sam Taylor', aadObjectId: '6b1f0000-0000-4000-8000-0000000000bb' };

beforeAll(async () => {
  connector = await startFakeConnector();
  app = await startTestApp({});
});

afterAll(async () => {
  await app?.close();
  await connector?.close();
});

/** Sends an activity; returns what the bot sent to the connector while answering it. */
async function send(activity: ReturnType<typeof messageActivity>): Promise<Recorded[]> {
  const before = connector.requests.length;
  const res = await fetch(`${app.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
  expect(res.status).toBe(200);
  return connector.requests.slice(before);
}

const inConversation = (sent: Recorded[], id: string) => sent.filter((r) => r.path.startsWith(`/v3/conversations/${encodeURIComponent(id)}/`));
const cardText = (a: SentActivity) => JSON.stringify(a.attachments?.[0]?.content ?? {});

describe('a private reply asked in a Teams channel', () => {
  it('goes to the asker’s personal chat, opened for them, with a pointer in the channel', async () => {
    const activity = messageActivity(connector.url, '<at>Hallway</at> hallway help', { from: SAM, conversation: CHANNEL });
    const sent = await send(activity);

    const { pointer, answer, conversationId } = privateAnswer(sent, activity);
    // Sam never wrote to the bot 1:1: the chat is created in his tenant, through this channel's service URL.
    expect(sent.map((r) => r.path.replace(/\/activities\/.*$/, '/activities'))).toEqual([
      '/v3/conversations',
      `/v3/conversations/${encodeURIComponent(conversationId)}/activities`,
      `/v3/conversations/${encodeURIComponent(CHANNEL.id)}/activities`,
    ]);
    expect(sent[0]!.body).toMatchObject({ isGroup: false, members: [{ id: SAM.id }], tenantId: TENANT_ID, bot: { id: '28:hallway-bot' } });

    expect(cardText(answer)).toContain('hallway digest');
    expect(pointer.summary).toBe("Sam Taylor, I've sent you the answer in our personal chat.");
    expect(pointer.attachments?.[0]?.content.body).toEqual([{ type: 'TextBlock', text: "Sam Taylor, I've sent you the answer in our personal chat.", wrap: true }]);
    // The channel saw the pointer and nothing else.
    expect(inConversation(sent, CHANNEL.id)).toHaveLength(1);
    expect(cardText(inConversation(sent, CHANNEL.id)[0]!.body as unknown as SentActivity)).not.toContain('hallway digest');

    // Remembered as Sam's personal chat: the next private reply goes straight there.
    const [row] = await app.db.db
      .select({ kind: conversations.kind, user: users.externalId })
      .from(conversations)
      .innerJoin(users, eq(users.id, conversations.userId))
      .where(and(eq(conversations.platform, 'teams'), eq(conversations.externalId, conversationId)));
    expect(row).toEqual({ kind: 'personal', user: SAM.id });
    const again = await send(messageActivity(connector.url, '<at>Hallway</at> hallway help', { from: SAM, conversation: CHANNEL }));
    expect(again.map((r) => r.path.split('/activities')[0])).toEqual([`/v3/conversations/${encodeURIComponent(conversationId)}`, `/v3/conversations/${encodeURIComponent(CHANNEL.id)}`]);
  });

  it('keeps internal notes out of the channel: "hallway account" answers in the personal chat', async () => {
    await send(
      messageActivity(connector.url, 'callnote Acme with Dana Lee (VP Engineering): "Our auditors must not hear about the restatement" #internal', { conversation: MARIA_PERSONAL }),
    );
    const activity = messageActivity(connector.url, '<at>Hallway</at> hallway account Acme', { conversation: CHANNEL });
    const sent = await send(activity);
    const { answer, pointer, conversationId } = privateAnswer(sent, activity);
    expect(conversationId).toBe(MARIA_PERSONAL.id);
    expect(cardText(answer)).toContain('restatement');
    expect(pointer.summary).toBe("Maria Jensen, I've sent you the answer in our personal chat.");
    for (const r of inConversation(sent, CHANNEL.id)) expect(JSON.stringify(r.body)).not.toMatch(/restatement|Dana Lee/);
  });

  it('sends an error (what was wrong, the text echoed) privately too', async () => {
    const activity = messageActivity(connector.url, '<at>Hallway</at> hallway frobnicate the quarterly numbers', { conversation: CHANNEL });
    const sent = await send(activity);
    const { answer, pointer, conversationId } = privateAnswer(sent, activity);
    expect(conversationId).toBe(MARIA_PERSONAL.id);
    expect(answer.summary).toBe('⚠️ I don\'t know "/hallway frobnicate".');
    expect(cardText(answer)).toContain('frobnicate the quarterly numbers');
    expect(pointer.summary).toBe("Maria Jensen, I've sent you the answer in our personal chat.");
  });

  it('sends a form to the personal chat, since everyone in a channel could read and fill in its inputs', async () => {
    const activity = messageActivity(connector.url, '<at>Hallway</at> callnote', { conversation: CHANNEL });
    const sent = await send(activity);
    const { answer, pointer, conversationId } = privateAnswer(sent, activity);
    expect(conversationId).toBe(MARIA_PERSONAL.id);
    expect(cardText(answer)).toContain('Input.Text');
    expect(pointer.summary).toBe("Maria Jensen, I've sent you the form in our personal chat.");
    expect(cardText(inConversation(sent, CHANNEL.id)[0]!.body as unknown as SentActivity)).not.toContain('Input.');
  });

  it('answers a reply meant for the conversation where it was asked', async () => {
    const activity = messageActivity(connector.url, '<at>Hallway</at> hallway subscribe', { conversation: CHANNEL });
    const sent = await send(activity);
    expect(sent.map((r) => r.path)).toEqual([`/v3/conversations/${encodeURIComponent(CHANNEL.id)}/activities/${activity.id}`]);
    expect((sent[0]!.body as unknown as SentActivity).summary).toMatch(/^📣 This channel will meet one customer/);
  });
});

describe('a private reply asked elsewhere', () => {
  it('goes to the personal chat from a group chat too', async () => {
    const activity = messageActivity(connector.url, '<at>Hallway</at> hallway help', { conversation: GROUP });
    const sent = await send(activity);
    const { pointer, conversationId } = privateAnswer(sent, activity);
    expect(conversationId).toBe(MARIA_PERSONAL.id);
    expect(pointer.summary).toBe("Maria Jensen, I've sent you the answer in our personal chat.");
    expect(inConversation(sent, GROUP.id)).toHaveLength(1);
  });

  it('is answered in place in the personal chat, with no pointer', async () => {
    const activity = messageActivity(connector.url, 'hallway frobnicate', { conversation: MARIA_PERSONAL });
    const sent = await send(activity);
    expect(sent.map((r) => r.path)).toEqual([`/v3/conversations/${encodeURIComponent(MARIA_PERSONAL.id)}/activities/${activity.id}`]);
    expect((sent[0]!.body as unknown as SentActivity).summary).toBe('⚠️ I don\'t know "/hallway frobnicate".');
  });
});

describe('when the personal chat cannot be opened', () => {
  it('says so in the channel and shows nothing private there', async () => {
    // A connector that refuses to create conversations (the app is not installed for the user, say).
    const refusing = await startRecordingServer((r) => (r.path === '/v3/conversations' ? { status: 403, body: { error: { code: 'Forbidden' } } } : { body: { id: 'sent' } }));
    try {
      const activity = messageActivity(refusing.url, '<at>Hallway</at> hallway help', {
        from: { id: '29:1no-personal-scope', name: 'Noor Haddad' },
        conversation: { ...CHANNEL, id: '19:locked@thread.tacv2' },
      });
      const res = await fetch(`${app.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
      expect(res.status).toBe(200);
      expect(refusing.requests.map((r) => r.path)).toEqual(['/v3/conversations', `/v3/conversations/${encodeURIComponent('19:locked@thread.tacv2')}/activities/${activity.id}`]);
      const pointer = refusing.requests[1]!.body as unknown as SentActivity;
      expect(pointer.summary).toBe("Noor Haddad, I couldn't open our personal chat to send you the answer. Message me directly (Hallway, under Chat) and ask again there.");
      expect(JSON.stringify(pointer)).not.toContain('hallway digest');
    } finally {
      await refusing.close();
    }
  });
});

/** The data of the card button titled `title`. */
function buttonData(activity: SentActivity, title: string): Record<string, unknown> {
  const found: Array<Record<string, unknown>> = [];
  const walk = (n: unknown): void => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (!n || typeof n !== 'object') return;
    const o = n as Record<string, unknown>;
    if (o.type === 'Action.Submit' && o.title === title) found.push(o.data as Record<string, unknown>);
    Object.values(o).forEach(walk);
  };
  walk(activity.attachments);
  expect(found, `a button titled ${title}`).toHaveLength(1);
  return found[0]!;
}

const linkedAccount = async (key: string) =>
  (
    await app.db.db
      .select({ name: accounts.name })
      .from(conversations)
      .leftJoin(accounts, eq(accounts.id, conversations.accountId))
      .where(eq(conversations.externalId, key))
  )[0]?.name ?? null;

describe('buttons of an answer moved to the personal chat', () => {
  let pick: Record<string, unknown>;

  it('carry the conversation the question was asked in', async () => {
    for (const name of ['Globex East', 'Globex West']) {
      await send(messageActivity(connector.url, `callnote ${name}: "Budget is frozen until March"`, { conversation: MARIA_PERSONAL }));
    }
    const ask = messageActivity(connector.url, '<at>Hallway</at> hallway link Globex', { conversation: CHANNEL });
    const { answer, conversationId } = privateAnswer(await send(ask), ask);
    expect(conversationId).toBe(MARIA_PERSONAL.id);
    pick = buttonData(answer, 'Globex East');
    expect(pick).toMatchObject({ hallwayAction: 'account.pick', hallwayFrom: CHANNEL.id });
  });

  it('act there when clicked in the personal chat, once the connector confirms the clicker is a member', async () => {
    const click = messageActivity(connector.url, '', { conversation: MARIA_PERSONAL, value: pick });
    const sent = await send(click);
    expect(sent.map((r) => `${r.method} ${r.path.replace(/\/activities\/.*$/, '/activities')}`)).toEqual([
      `GET /v3/conversations/${encodeURIComponent(CHANNEL.id)}/members/${encodeURIComponent('29:1maria-teams')}`,
      `POST /v3/conversations/${encodeURIComponent(CHANNEL.id)}/activities`,
    ]);
    expect((sent[1]!.body as unknown as SentActivity).summary).toBe('This channel is now linked to Globex East.');
    expect(await linkedAccount(CHANNEL.id)).toBe('Globex East');
  });

  it('act in the personal chat when the clicker is not a member of the conversation named', async () => {
    // A channel the bot knows, that Maria is not in; her edited button names it.
    await send(messageActivity(connector.url, '<at>Hallway</at> hallway subscribe', { from: SAM, conversation: { ...CHANNEL, id: '19:board@thread.tacv2' } }));
    const roster = await startRecordingServer((r) => (r.path.includes('/members/') ? { status: 404, body: { error: { code: 'MemberNotFoundInConversation' } } } : { body: { id: 'sent' } }));
    try {
      const forged = messageActivity(roster.url, '', { conversation: MARIA_PERSONAL, value: { ...pick, value: JSON.stringify({ command: 'hallway', text: 'link Globex West' }), hallwayFrom: '19:board@thread.tacv2' } });
      const res = await fetch(`${app.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(forged) });
      expect(res.status).toBe(200);
      expect(roster.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
        `GET /v3/conversations/${encodeURIComponent('19:board@thread.tacv2')}/members/${encodeURIComponent('29:1maria-teams')}`,
        `POST /v3/conversations/${encodeURIComponent(MARIA_PERSONAL.id)}/activities/${forged.id}`,
      ]);
      expect((roster.requests[1]!.body as unknown as SentActivity).summary).toBe('⚠️ Run this in the channel you share with the customer, not in a direct message.');
      expect(await linkedAccount('19:board@thread.tacv2')).toBeNull();
    } finally {
      await roster.close();
    }
  });
});

describe('the one privacy check', () => {
  const privateMessage: Reply = { kind: 'message', visibility: 'private', message: { text: 'x', blocks: [] } };
  const openMessage: Reply = { kind: 'message', visibility: 'conversation', message: { text: 'x', blocks: [] } };
  const form: Reply = { kind: 'form', form: { id: 'note.form', title: 'Call note', submitLabel: 'Save', fields: [] } };

  it.each([
    [privateMessage, 'personal', 'here'],
    [privateMessage, 'group', 'personal chat'],
    [privateMessage, 'channel', 'personal chat'],
    [form, 'personal', 'here'],
    [form, 'group', 'personal chat'],
    [form, 'channel', 'personal chat'],
    [openMessage, 'personal', 'here'],
    [openMessage, 'group', 'here'],
    [openMessage, 'channel', 'here'],
  ] as const)('places %j asked in a %s conversation: %s', (reply, askedIn, where) => {
    expect(placeReply(reply as Exclude<Reply, { kind: 'none' }>, askedIn)).toBe(where);
  });

  it('refuses to post anything private where others read it', () => {
    expect(() => mayPost('private', 'channel')).toThrow(PrivacyViolation);
    expect(() => mayPost('private', 'group')).toThrow('refused to post a private reply into a group conversation, where others would read it');
    expect(() => mayPost('private', 'personal')).not.toThrow();
    expect(() => mayPost('conversation', 'channel')).not.toThrow();
  });

  it.each([
    [{ conversationType: 'personal' }, 'personal'],
    [{ conversationType: 'groupChat' }, 'group'],
    [{ conversationType: 'channel' }, 'channel'],
    [{ conversationType: 'meeting' }, 'channel'],
    [{ isGroup: true }, 'group'],
    [{}, 'personal'],
  ] as const)('reads %j as a %s conversation', (conversation, kind) => {
    expect(conversationKindOf(conversation)).toBe(kind);
  });
});
