import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hallway } from '../../../src/main.js';
import { startTestApp } from '../../support/app.js';
import { SIGNING_SECRET, startFakeSlackApi, TEAM_ID } from '../../support/slack.js';
import { startFakeSocketMode } from '../../support/slack-socket.js';
import { until } from '../../features/stakeholders/until.js';

/*
 * Socket Mode (SLACK_APP_TOKEN): the real Bolt SocketModeReceiver asks the
 * Web API for a WebSocket URL (apps.connections.open), connects to it, and
 * receives commands, clicks and events as envelopes it must acknowledge.
 */
let app: Hallway;
let socket: Awaited<ReturnType<typeof startFakeSocketMode>>;
let slackApi: Awaited<ReturnType<typeof startFakeSlackApi>>;

beforeAll(async () => {
  socket = await startFakeSocketMode();
  slackApi = await startFakeSlackApi({ 'apps.connections.open': () => ({ ok: true, url: socket.url }) });
  app = await startTestApp({
    SLACK_BOT_TOKEN: 'xoxb-test-token',
    SLACK_APP_TOKEN: 'xapp-1-test-token',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: `${slackApi.url}/api/`,
  });
  await socket.connected;
});

afterAll(async () => {
  await app?.close();
  await socket?.close();
  await slackApi?.close();
});

describe('Slack over Socket Mode', () => {
  it('opened the connection with the app-level token', () => {
    expect(slackApi.calls('apps.connections.open')[0]?.headers.authorization).toBe('Bearer xapp-1-test-token');
  });

  it('a slash command: the reply comes back in the acknowledgement', async () => {
    const ack = await socket.send('slash_commands', {
      token: 'deprecated',
      team_id: TEAM_ID,
      team_domain: 'hallway-test',
      channel_id: 'C0ENGINEERS',
      channel_name: 'engineering',
      user_id: 'U0MARIA',
      user_name: 'maria',
      command: '/hallway',
      text: 'help',
      api_app_id: 'A0HALLWAY',
      response_url: `${slackApi.url}/respond/command`,
      trigger_id: '13345224609.738474920.socket1',
    });
    expect(ack.payload).toMatchObject({ response_type: 'ephemeral', text: 'Hallway commands, by who uses them' });
    expect(JSON.stringify(ack.payload?.blocks)).toContain('/callnote');
  });

  it('an action: acknowledged at once, answered at its response_url', async () => {
    const ack = await socket.send('interactive', {
      type: 'block_actions',
      user: { id: 'U0MARIA', username: 'maria', name: 'maria', team_id: TEAM_ID },
      api_app_id: 'A0HALLWAY',
      token: 'deprecated',
      container: { type: 'message', message_ts: '1700000000.000100', channel_id: 'D0DM', is_ephemeral: false },
      trigger_id: '13345224609.738474920.socket2',
      team: { id: TEAM_ID, domain: 'hallway-test' },
      channel: { id: 'D0DM', name: 'directmessage' },
      response_url: `${slackApi.url}/respond/action`,
      actions: [{ action_id: 'stakeholder.done', block_id: 'b1', text: { type: 'plain_text', text: 'Done' }, value: 'not-a-change', type: 'button', action_ts: '1700000001.000200' }],
    });
    expect(ack.payload).toEqual({});
    await until(() => slackApi.calls('/respond/action').length > 0, 'the reply at response_url');
    expect(slackApi.calls('/respond/action')[0]?.body).toMatchObject({
      response_type: 'ephemeral',
      text: '⚠️ That reminder no longer exists (the person may have been erased).',
    });
  });

  it('an event: acknowledged, then handled (App Home published)', async () => {
    const ack = await socket.send('events_api', {
      token: 'x',
      team_id: TEAM_ID,
      api_app_id: 'A0HALLWAY',
      type: 'event_callback',
      event_id: 'Ev0SOCKET',
      event_time: 1800000000,
      event: { type: 'app_home_opened', user: 'U0MARIA', channel: 'D0HOME', tab: 'home', event_ts: '1800000000.000100' },
    });
    expect(ack.envelope_id).toBeTruthy();
    await until(() => slackApi.calls('views.publish').length > 0, 'views.publish');
    const publish = slackApi.calls('views.publish')[0]!.body as { user_id: string; view: { type: string } };
    expect(publish).toMatchObject({ user_id: 'U0MARIA', view: { type: 'home' } });
  });
});
