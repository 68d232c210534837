import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conversations, users } from '../../../src/db/schema.js';
import type { Hallway } from '../../../src/main.js';
import { startTestApp } from '../../support/app.js';
import { messageActivity, startFakeConnector } from '../../support/teams.js';

/*
 * A malformed activity is the caller's mistake: 400 with what was wrong,
 * nothing written, nothing sent — never a 200 with an error in our logs.
 */

let app: Hallway;
let connector: Awaited<ReturnType<typeof startFakeConnector>>;

beforeAll(async () => {
  connector = await startFakeConnector();
  app = await startTestApp({});
});

afterAll(async () => {
  await app?.close();
  await connector?.close();
});

const CONVERSATION = 'a:1malformed';
const USER = '29:1malformed';

/** A valid activity from a user nobody has seen, with `change` applied (undefined deletes a field). */
function activity(change: Record<string, unknown>): Record<string, unknown> {
  const base: Record<string, unknown> = messageActivity(connector.url, 'hallway help', {
    from: { id: USER, name: 'Mal Formed' },
    conversation: { id: CONVERSATION, conversationType: 'personal' },
  });
  for (const [key, value] of Object.entries(change)) {
    if (value === undefined) delete base[key];
    else base[key] = value;
  }
  return base;
}

function post(body: unknown) {
  return fetch(`${app.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

describe('malformed Teams activities', () => {
  it.each([
    ['text not a string', { text: 42 }, 'text: Invalid input: expected string, received number'],
    ['text an object', { text: { value: 'help' } }, 'text: Invalid input: expected string, received object'],
    ['entities not an array', { entities: { type: 'mention' } }, 'entities: Invalid input: expected array, received object'],
    ['an entity that is null', { entities: [null] }, 'entities.0: Invalid input: expected object, received null'],
    ['an entity without a type', { entities: [{ text: '<at>Hallway</at>' }] }, 'entities.0.type: Invalid input: expected string, received undefined'],
    ['a mention whose person is a string', { entities: [{ type: 'mention', text: '<at>x</at>', mentioned: 'x' }] }, 'entities.0.mentioned: Invalid input: expected object, received string'],
    ['reactionsAdded: [null]', { type: 'messageReaction', reactionsAdded: [null] }, 'reactionsAdded.0: Invalid input: expected object, received null'],
    ['reactionsAdded not an array', { type: 'messageReaction', reactionsAdded: 'like' }, 'reactionsAdded: Invalid input: expected array, received string'],
    ['a reaction without a type', { type: 'messageReaction', reactionsAdded: [{}] }, 'reactionsAdded.0.type: Invalid input: expected string, received undefined'],
    ['reactionsRemoved: [7]', { type: 'messageReaction', reactionsRemoved: [7] }, 'reactionsRemoved.0: Invalid input: expected object, received number'],
    ['value a string', { value: 'story.hear_more' }, 'value: expected an object'],
    ['value an array', { value: [{ hallwayAction: 'story.hear_more' }] }, 'value: expected an object'],
    ['from missing', { from: undefined }, 'from: Invalid input: expected object, received undefined'],
    ['from without an id', { from: { name: 'Nobody' } }, 'from.id: Invalid input: expected string, received undefined'],
    ['from with an empty id', { from: { id: '' } }, 'from.id: expected a non-empty id'],
    ['from a string', { from: USER }, 'from: Invalid input: expected object, received string'],
    ['from.name a number', { from: { id: USER, name: 7 } }, 'from.name: Invalid input: expected string, received number'],
    ['conversation missing', { conversation: undefined }, 'conversation: Invalid input: expected object, received undefined'],
    ['conversation id a number', { conversation: { id: 12 } }, 'conversation.id: Invalid input: expected string, received number'],
    ['conversation isGroup a string', { conversation: { id: CONVERSATION, isGroup: 'yes' } }, 'conversation.isGroup: Invalid input: expected boolean, received string'],
    ['conversation tenantId a number', { conversation: { id: CONVERSATION, tenantId: 5 } }, 'conversation.tenantId: Invalid input: expected string, received number'],
    ['recipient without an id', { recipient: { name: 'Hallway' } }, 'recipient.id: Invalid input: expected string, received undefined'],
    // Found by the fuzz in tests/chaos: botbuilder read recipient.id and threw after the 200.
    ['recipient missing', { recipient: undefined }, 'recipient: Invalid input: expected object, received undefined'],
    ['recipient null', { recipient: null }, 'recipient: Invalid input: expected object, received null'],
    ['type missing', { type: undefined }, 'type: Invalid input: expected string, received undefined'],
    ['type empty', { type: '' }, 'type: expected an activity type'],
    ['serviceUrl missing', { serviceUrl: undefined }, 'serviceUrl: Invalid input: expected string, received undefined'],
    ['serviceUrl not a URL', { serviceUrl: 'teams' }, 'serviceUrl: expected an http(s) URL'],
    ['serviceUrl another scheme', { serviceUrl: 'file:///etc/passwd' }, 'serviceUrl: expected an http(s) URL'],
    ['localTimezone a number', { localTimezone: 60 }, 'localTimezone: Invalid input: expected string, received number'],
    ['replyToId an object', { replyToId: { id: '1' } }, 'replyToId: Invalid input: expected string, received object'],
    ['attachments an object', { attachments: { contentType: 'text/plain' } }, 'attachments: Invalid input: expected array, received object'],
    ['membersAdded: [null]', { type: 'conversationUpdate', membersAdded: [null] }, 'membersAdded.0: Invalid input: expected object, received null'],
    ['channelData.tenant a string', { channelData: { tenant: 'contoso' } }, 'channelData.tenant: Invalid input: expected object, received string'],
    ['channelData.tenant.id a number', { channelData: { tenant: { id: 1 } } }, 'channelData.tenant.id: Invalid input: expected string, received number'],
  ])('%s: 400 with the reason, nothing written or sent', async (_what, change, reason) => {
    const res = await post(activity(change));
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: `not a valid Bot Framework activity: ${reason}` });
    expect(connector.requests).toHaveLength(0);
    expect(await app.db.db.select().from(conversations).where(eq(conversations.externalId, CONVERSATION))).toEqual([]);
    expect(await app.db.db.select().from(users).where(eq(users.externalId, USER))).toEqual([]);
  });

  it.each([
    ['a JSON array', [1, 2, 3], 'not a valid Bot Framework activity: body: Invalid input: expected object, received array'],
    // express.json refuses top-level scalars before the adapter sees them.
    ['JSON null', null, 'malformed request body'],
    ['a JSON string', 'hello', 'malformed request body'],
  ])('%s: 400 with the reason', async (_what, body, error) => {
    const res = await post(body);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error });
  });

  it('names at most five problems at once', async () => {
    const res = await post({ type: 1, serviceUrl: 2, conversation: 3, from: 4, text: 5, entities: 6, value: 7 });
    const { error } = (await res.json()) as { error: string };
    expect(error.split('; ')).toHaveLength(5);
  });
});

describe('well-formed variants Teams and local clients send', () => {
  it.each([
    ['no text (a card submit)', { text: undefined, value: { hallwayAction: 'no.such.action' } }],
    ['text null', { text: null }],
    ['no entities', { entities: undefined }],
    // Found by the fuzz in tests/chaos: botbuilder read entities.length of null and threw after the 200.
    ['entities null', { entities: null }],
    ['value null', { value: null }],
    ['unknown extra fields', { importance: 'high', deliveryMode: 'normal', channelData: { tenant: { id: 't' }, eventType: 'teamMemberAdded' } }],
    ['conversation with isGroup and no type (the Emulator)', { conversation: { id: CONVERSATION, isGroup: false } }],
  ])('%s is answered', async (_what, change) => {
    const before = connector.requests.length;
    const res = await post(activity(change));
    expect(res.status).toBe(200);
    expect(connector.requests.length).toBe(before + 1);
    await app.db.db.delete(conversations).where(eq(conversations.externalId, CONVERSATION));
  });
});
