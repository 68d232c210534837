import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
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

  it('takes SLACK_API_URL with or without its final slash, as WebClient does', async () => {
    const api = await startFakeSlackApi();
    servers.push(api);
    const chat = createSlackChat({ token: 'xoxb-test', apiUrl: `${api.url}/proxy/slack` });
    await chat.post({ platform: 'slack', key: 'C0ENG' }, { text: 'hello', blocks: [{ type: 'text', text: 'hello' }] });
    await chat.update({ platform: 'slack', conversationKey: 'C0ENG', messageId: '1.2' }, { text: 'hello again', blocks: [{ type: 'text', text: 'hello again' }] });
    expect(api.requests.map((r) => r.path)).toEqual(['/proxy/slack/chat.postMessage', '/proxy/slack/chat.update']);
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

  /*
   * The same answer to our chat.postMessage and to a WebClient call
   * (chat.update goes through WebClient), compared: what the queue and the
   * logs see must not depend on which of the two made the request.
   */
  const answers: Record<string, { status?: number; headers?: Record<string, string>; body?: unknown; raw?: string }> = {
    refused: { body: { ok: false, error: 'channel_not_found' } },
    'rate limited': { status: 429, headers: { 'retry-after': '7' }, body: { ok: false, error: 'ratelimited' } },
    'rate limited without Retry-After': { status: 429, body: { ok: false, error: 'ratelimited' } },
    'rate limited with a date for Retry-After': { status: 429, headers: { 'retry-after': 'Wed, 21 Oct 2026 07:28:00 GMT' }, body: {} },
    'bad gateway': { status: 502, raw: 'bad gateway', body: undefined },
    'not JSON': { raw: '<html>maintenance</html>', body: undefined },
  };
  const seen = (err: unknown) => {
    const e = err as Error & { code?: string; retryAfterSeconds?: number; statusCode?: number; body?: unknown; data?: { error?: unknown } };
    return {
      class: e.constructor.name,
      code: e.code,
      message: e.message.replace(/chat\.\w+/, 'chat.<method>'),
      retryAfterSeconds: e.retryAfterSeconds,
      statusCode: e.statusCode,
      body: e.body,
      error: e.data?.error,
    };
  };
  const failure = (p: Promise<unknown>) => p.then(() => expect.fail('it answered'), seen);

  it.each(Object.keys(answers))('fails as WebClient does when Slack answers: %s', async (name) => {
    const { chat } = await slackAnswering(() => ({ body: null, ...answers[name] }));
    const hello: Message = { text: 'hello', blocks: [{ type: 'text', text: 'hello' }] };
    const ours = await failure(chat.post({ platform: 'slack', key: 'C0ENG' }, hello));
    const webClient = await failure(chat.update({ platform: 'slack', conversationKey: 'C0ENG', messageId: '1.2' }, hello));
    expect(ours).toEqual(webClient);
    if (name === 'rate limited') expect(ours).toMatchObject({ class: 'RateLimitedError', retryAfterSeconds: 7 });
    if (name === 'refused') expect(ours).toMatchObject({ class: 'WebAPIPlatformError', code: 'slack_webapi_platform_error', error: 'channel_not_found' });
    if (name === 'bad gateway') expect(ours).toMatchObject({ class: 'WebAPIHTTPError', statusCode: 502, body: 'bad gateway' });
  });

  it('fails as WebClient does when Slack cannot be reached', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const chat = createSlackChat({ token: 'xoxb-test', apiUrl: `http://127.0.0.1:${port}/api/` });
    const hello: Message = { text: 'hello', blocks: [{ type: 'text', text: 'hello' }] };
    const ours = await failure(chat.post({ platform: 'slack', key: 'C0ENG' }, hello));
    expect(ours).toEqual(await failure(chat.update({ platform: 'slack', conversationKey: 'C0ENG', messageId: '1.2' }, hello)));
    expect(ours).toMatchObject({ class: 'WebAPIRequestError', code: 'slack_webapi_request_error' });
  });
});
