import { orgForCli } from '../../src/features/orgs/org.store.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hallway } from '../../src/main.js';

import { startTestApp } from '../support/app.js';
import type { Recorded } from '../support/recording-server.js';
import { SIGNING_SECRET, startFakeSlackApi } from '../support/slack.js';
import { messageActivity, startFakeConnector, type SentActivity } from '../support/teams.js';
import { delivery, manualTime, row, textKind } from './harness.js';

/*
 * The queue as main.ts composes it, with the real Slack chat (Bolt's
 * WebClient against a recording Slack Web API) and the real Teams chat
 * (botbuilder's CloudAdapter against a recording connector).
 */

let app: Hallway;
let slackApi: Awaited<ReturnType<typeof startFakeSlackApi>>;
let connector: Awaited<ReturnType<typeof startFakeConnector>>;
let orgId: string;
const time = manualTime('2027-03-01T09:30:00.000Z');

beforeAll(async () => {
  slackApi = await startFakeSlackApi({
    'chat.postMessage': (req: Recorded) =>
      req.body.channel === 'C0ARCHIVED' ? { ok: false, error: 'is_archived' } : { ok: true, channel: req.body.channel, ts: '1772357400.000100' },
  });
  connector = await startFakeConnector();
  app = await startTestApp({ SLACK_BOT_TOKEN: 'xoxb-test-token', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: `${slackApi.url}/api/` }, time.clock);
  app.queue.register(textKind());
  orgId = await orgForCli(app.db.db);
});

afterAll(async () => {
  await app?.close();
  await slackApi?.close();
  await connector?.close();
});

describe('scheduled deliveries through the real adapters', () => {
  it('a scheduled Slack post carries the delivery id in message metadata', async () => {
    await app.queue.enqueue(delivery(orgId, 'slack-story', { target: { type: 'conversation', platform: 'slack', key: 'C0ENGINEERS' }, dueAt: time.clock.now() }));
    expect(await app.queue.runDue(time.clock.now())).toMatchObject({ sent: 1 });

    const id = (await row(app.db.db, orgId, 'test:slack-story')).id;
    const posts = slackApi.calls('chat.postMessage');
    expect(posts).toHaveLength(1);
    expect(posts[0]!.body).toMatchObject({
      channel: 'C0ENGINEERS',
      text: 'message slack-story',
      metadata: { event_type: 'hallway_delivery', event_payload: { delivery_id: id } },
    });
    expect(await row(app.db.db, orgId, 'test:slack-story')).toMatchObject({
      status: 'sent',
      messageRef: { platform: 'slack', conversationKey: 'C0ENGINEERS', messageId: '1772357400.000100' },
    });
  });

  it('a Teams delivery goes out proactively through the stored conversation reference', async () => {
    const channel = '19:engineering@thread.tacv2';
    const activity = messageActivity(connector.url, 'hallway help', { conversation: { id: channel, conversationType: 'channel', tenantId: 'tenant-x' } });
    const res = await fetch(`${app.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
    expect(res.status).toBeLessThan(300);
    const before = connector.requests.length;

    await app.queue.enqueue(delivery(orgId, 'teams-story', { target: { type: 'conversation', platform: 'teams', key: channel }, dueAt: time.clock.now() }));
    expect(await app.queue.runDue(time.clock.now())).toMatchObject({ sent: 1 });

    const sent = connector.requests.slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.path).toMatch(new RegExp(`^/v3/conversations/${encodeURIComponent(channel)}/activities/[0-9a-f-]{36}$`));
    const card = (sent[0]!.body as unknown as SentActivity).attachments?.[0];
    expect(card?.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(JSON.stringify(card?.content)).toContain('message teams-story');
    expect(await row(app.db.db, orgId, 'test:teams-story')).toMatchObject({
      status: 'sent',
      messageRef: { platform: 'teams', conversationKey: channel, messageId: expect.stringMatching(/^reply-\d+$/) },
    });
  });

  it('poke sends a just-enqueued DM without waiting for the tick', async () => {
    await app.queue.enqueue(delivery(orgId, 'dm', { target: { type: 'user', platform: 'slack', userId: 'U0OWNER' }, dueAt: time.clock.now() }));
    const before = slackApi.calls('chat.postMessage').length;
    app.queue.poke();
    await app.queue.idle();
    expect(slackApi.calls('conversations.open').at(-1)?.body).toMatchObject({ users: 'U0OWNER' });
    expect(slackApi.calls('chat.postMessage').slice(before).map((r) => r.body.channel)).toEqual(['D0DM']);
    expect((await row(app.db.db, orgId, 'test:dm')).status).toBe('sent');
  });

  it('counts a delivery that died after 8 failures in /metrics', async () => {
    await app.queue.enqueue(delivery(orgId, 'archived', { target: { type: 'conversation', platform: 'slack', key: 'C0ARCHIVED' }, dueAt: time.clock.now() }));
    for (let attempt = 1; attempt <= 8; attempt++) {
      await app.queue.runDue(time.clock.now());
      time.advance(2 * 3600_000);
    }
    expect(await row(app.db.db, orgId, 'test:archived')).toMatchObject({ status: 'dead', attempts: 8, lastError: 'An API error occurred: is_archived' });
    const metrics = await (await fetch(`${app.url}/metrics`)).text();
    expect(metrics).toContain('hallway_deliveries_total{kind="test.text",outcome="dead"} 1');
    expect(metrics).toContain('hallway_deliveries_total{kind="test.text",outcome="retry"} 7');
  });
});
