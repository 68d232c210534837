import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conversations } from '../../../src/db/schema.js';
import type { Hallway } from '../../../src/main.js';
import { startTestApp } from '../../support/app.js';
import { messageActivity, startFakeConnector, type SentActivity } from '../../support/teams.js';

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

function postActivity(body: unknown) {
  return fetch(`${app.url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

function lastReply(): SentActivity {
  const sent = connector.calls('/activities').at(-1) ?? connector.requests.at(-1);
  if (!sent) throw new Error('the bot sent nothing to the connector');
  return sent.body as unknown as SentActivity;
}

describe('Teams adapter through the real CloudAdapter', () => {
  it.each([
    ['hallway help'],
    ['/hallway help'],
    ['<at>Hallway</at> hallway help'],
    ['help'],
  ])('answers "%s" with the command list as an Adaptive Card', async (text) => {
    const before = connector.requests.length;
    const activity = messageActivity(connector.url, text);
    const res = await postActivity(activity);
    expect(res.status).toBeLessThan(300);
    expect(connector.requests.length).toBe(before + 1);
    const sent = connector.requests.at(-1)!;
    expect(sent.method).toBe('POST');
    expect(sent.path).toBe(`/v3/conversations/${encodeURIComponent(activity.conversation.id)}/activities/${activity.id}`);
    const reply = lastReply();
    expect(reply.type).toBe('message');
    const card = reply.attachments?.[0];
    expect(card?.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(card?.content.version).toBe('1.5');
    const json = JSON.stringify(card?.content);
    // Teams shows the commands without the slash.
    expect(json).toContain('stakeholder Acme add Priya Shah as CFO');
    expect(json).toContain('hallway digest');
    expect(json).not.toContain('/hallway subscribe');
  });

  it('stores the conversation reference of every inbound activity, so proactive sends survive a restart', async () => {
    const activity = messageActivity(connector.url, 'hallway help', {
      conversation: { id: '19:engineering@thread.tacv2', conversationType: 'channel', tenantId: 'tenant-x' },
    });
    await postActivity(activity);
    const [row] = await app.db.db
      .select({ kind: conversations.kind, reference: conversations.reference })
      .from(conversations)
      .where(and(eq(conversations.platform, 'teams'), eq(conversations.externalId, '19:engineering@thread.tacv2')));
    expect(row?.kind).toBe('channel');
    expect(row?.reference).toMatchObject({ serviceUrl: connector.url, conversation: { id: '19:engineering@thread.tacv2' }, bot: { id: '28:hallway-bot' } });

    const before = connector.requests.length;
    const posted = await app.chats.teams!.post({ platform: 'teams', key: '19:engineering@thread.tacv2' }, { text: 'A story', blocks: [{ type: 'text', text: 'Dana at Acme' }] });
    expect(posted.messageId).toMatch(/^reply-/);
    const sent = connector.requests[before]!;
    // botbuilder addresses a proactive send to its own fresh continuation id, never to the inbound activity.
    expect(sent.path).toMatch(new RegExp(`^/v3/conversations/${encodeURIComponent('19:engineering@thread.tacv2')}/activities/[0-9a-f-]{36}$`));
    expect(sent.path).not.toContain(activity.id);
    expect(JSON.stringify(sent.body)).toContain('Dana at Acme');
  });

  it('DMs a user through their stored personal chat', async () => {
    await postActivity(messageActivity(connector.url, 'help'));
    const before = connector.requests.length;
    await app.chats.teams!.dm({ platform: 'teams', userId: '29:1maria-teams' }, { text: 'Reminder', blocks: [{ type: 'text', text: 'Call Dana' }] });
    expect(connector.requests[before]?.path).toMatch(new RegExp(`^/v3/conversations/${encodeURIComponent('a:1personal-maria')}/activities/`));
    expect(JSON.stringify(connector.requests[before]?.body)).toContain('Call Dana');
  });

  it('rejects malformed JSON with a 400 and keeps serving', async () => {
    const res = await postActivity('{"type": "message", ');
    expect(res.status).toBe(400);
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
  });

  it('rejects an activity that is not an activity with a 4xx', async () => {
    for (const body of [{}, { type: 'message' }, [1, 2, 3], 'null']) {
      const res = await postActivity(body);
      expect(res.status, JSON.stringify(body)).toBeGreaterThanOrEqual(400);
      expect(res.status, JSON.stringify(body)).toBeLessThan(500);
    }
  });
});

describe('a first DM to a Teams user who never wrote to the bot', () => {
  it('creates the 1:1 chat in their tenant, sends, and remembers it for next time', async () => {
    // A channel in the tenant is known (the bot was added there); the owner was only @mentioned.
    await postActivity(
      messageActivity(connector.url, 'hallway help', {
        conversation: { id: '19:sales@thread.tacv2', conversationType: 'channel', tenantId: 'tenant-dm' },
        channelData: { tenant: { id: 'tenant-dm' } },
      }),
    );
    const { ensureActor } = await import('../../../src/features/identity.js');
    await ensureActor(app.db.db, { platform: 'teams', workspaceId: 'tenant-dm', userId: '29:1owner-never-wrote' });

    const before = connector.requests.length;
    const posted = await app.chats.teams!.dm({ platform: 'teams', userId: '29:1owner-never-wrote' }, { text: 'Reminder', blocks: [{ type: 'text', text: 'Priya is the new CFO' }] });
    const [create, send] = connector.requests.slice(before);
    expect(create?.path).toBe('/v3/conversations');
    expect(create?.body).toMatchObject({ isGroup: false, members: [{ id: '29:1owner-never-wrote' }], tenantId: 'tenant-dm', bot: { id: '28:hallway-bot' } });
    // The fake connector answers every request with { id: 'reply-<request number>' }, the new conversation included.
    const created = `reply-${before + 1}`;
    expect(send?.path).toMatch(new RegExp(`^/v3/conversations/${created}/activities`));
    expect(JSON.stringify(send?.body)).toContain('Priya is the new CFO');
    expect(posted.conversationKey).toBe(created);

    const again = connector.requests.length;
    await app.chats.teams!.dm({ platform: 'teams', userId: '29:1owner-never-wrote' }, { text: 'Again', blocks: [{ type: 'text', text: 'second' }] });
    expect(connector.requests.slice(again).map((r) => r.path.split('/activities')[0])).toEqual([`/v3/conversations/${created}`]);
  });

  it('says plainly why a user in an unknown tenant cannot be reached', async () => {
    const { ensureActor } = await import('../../../src/features/identity.js');
    await ensureActor(app.db.db, { platform: 'teams', workspaceId: 'tenant-nobody-knows', userId: '29:1stranger' });
    await expect(app.chats.teams!.dm({ platform: 'teams', userId: '29:1stranger' }, { text: 'x', blocks: [] })).rejects.toThrow(
      /no conversation in their tenant is stored yet/,
    );
  });
});
