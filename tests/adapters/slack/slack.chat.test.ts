import { afterEach, describe, expect, it } from 'vitest';
import { createSlackChat } from '../../../adapters/slack/slack.chat.js';
import type { Message } from '../../../src/messages/message.js';
import { startRecordingServer, type Responder } from '../../support/recording-server.js';
import { startFakeSlackApi } from '../../support/slack.js';

/*
 * The Slack chat port's own post (chat.postMessage is one JSON POST, not a
 * WebClient call): what Slack receives, and what its answers become.
 */

const servers: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function slackAnswering(respond: Responder) {
  const api = await startRecordingServer(respond);
  servers.push(api);
  return { api, chat: createSlackChat({ token: 'xoxb-test', apiUrl: `${api.url}/api/` }) };
}

const chart: Message = {
  text: 'Your weekly digest',
  blocks: [
    { type: 'text', text: 'Your weekly digest' },
    { type: 'image', key: 'trend', png: new Uint8Array([137, 80, 78, 71]), alt: 'Notes per week: 1, 3', fallback: 'Notes per week: 1, 3' },
  ],
};

describe('the Slack chat port posting', () => {
  it('posts JSON with the token in the Authorization header only, and answers where the message landed', async () => {
    const { api, chat } = await slackAnswering((req) => ({ body: { ok: true, channel: req.body.channel, ts: '1772357400.000100' } }));
    const posted = await chat.post({ platform: 'slack', key: 'C0ENG' }, { text: 'hello', blocks: [{ type: 'text', text: 'hello' }] }, { idempotencyKey: 'd-1' });
    expect(posted).toEqual({ platform: 'slack', conversationKey: 'C0ENG', messageId: '1772357400.000100' });
    const [sent] = api.calls('/api/chat.postMessage');
    expect(sent!.headers).toMatchObject({ authorization: 'Bearer xoxb-test', 'content-type': 'application/json; charset=utf-8' });
    expect(sent!.body).toMatchObject({ channel: 'C0ENG', text: 'hello', unfurl_links: false, metadata: { event_type: 'hallway_delivery', event_payload: { delivery_id: 'd-1' } } });
    expect(sent!.body).not.toHaveProperty('token');
  });

  it('posts a picture Slack will not show (invalid_blocks) again with its text fallback instead', async () => {
    const api = await startFakeSlackApi({
      'chat.postMessage': (req) =>
        JSON.stringify(req.body.blocks).includes('"image"') ? { ok: false, error: 'invalid_blocks' } : { ok: true, channel: req.body.channel, ts: '1772357400.000200' },
    });
    servers.push(api);
    const chat = createSlackChat({ token: 'xoxb-test', apiUrl: `${api.url}/api/` });
    expect(await chat.post({ platform: 'slack', key: 'C0ENG' }, chart)).toMatchObject({ messageId: '1772357400.000200' });
    const posts = api.calls('chat.postMessage');
    expect(posts).toHaveLength(2);
    expect(JSON.stringify(posts[1]!.body.blocks)).toContain('Notes per week: 1, 3');
    expect(JSON.stringify(posts[1]!.body.blocks)).not.toContain('"image"');
  });

  it('throws Slack\'s own error for a refused post, and an HTTP error for a broken answer', async () => {
    const { chat } = await slackAnswering((req) => (req.body.channel === 'C0GONE' ? { body: { ok: false, error: 'channel_not_found' } } : { status: 502, body: 'bad gateway' }));
    const hello: Message = { text: 'hello', blocks: [{ type: 'text', text: 'hello' }] };
    await expect(chat.post({ platform: 'slack', key: 'C0GONE' }, hello)).rejects.toMatchObject({
      message: 'An API error occurred: channel_not_found',
      code: 'slack_webapi_platform_error',
      data: { ok: false, error: 'channel_not_found' },
    });
    await expect(chat.post({ platform: 'slack', key: 'C0ENG' }, hello)).rejects.toMatchObject({ message: 'An HTTP protocol error occurred: statusCode = 502', code: 'slack_webapi_http_error' });
  });
});
