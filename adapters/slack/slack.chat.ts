import { ErrorCode, WebAPIHTTPError, WebAPIPlatformError, type WebAPIRateLimitedError, WebAPIRequestError, WebClient } from '@slack/web-api';
import type { ChatPort, ConversationTarget, Posted, PostOptions, UserTarget } from '../../src/chat/port.js';
import { RateLimitedError } from '../../src/chat/port.js';
import type { ImageBlock, Message } from '../../src/messages/message.js';
import { messageToBlockKit, type UploadedImages } from './block-kit.renderer.js';
import { type JsonAnswer, keepAliveFetch, postJson } from './slack.http.js';

/** Slack message metadata type under which every queued post carries its delivery id. */
export const DELIVERY_EVENT_TYPE = 'hallway_delivery';

/**
 * Which bot token speaks where. One workspace (SLACK_BOT_TOKEN): always the
 * same token. OAuth installs: the token of the workspace the channel or user
 * belongs to, as stored; a channel or user Hallway has never seen has none.
 */
export interface SlackTokens {
  forConversation(channel: string): Promise<string | undefined>;
  forUser(userId: string): Promise<string | undefined>;
}

export function constantToken(token: string): SlackTokens {
  const same = async () => token;
  return { forConversation: same, forUser: same };
}

export class NoSlackTokenError extends Error {
  constructor(what: string) {
    super(`no Slack installation is known for ${what}: Hallway only posts where a command, story, link or subscription was used first`);
    this.name = 'NoSlackTokenError';
  }
}

/**
 * The core's ChatPort over the Slack Web API. Rate limits are not retried
 * here: the delivery queue owns retries and honours Retry-After. Every call
 * goes through WebClient, but chat.postMessage, which a fan-out makes
 * thousands of times a minute: it is one JSON POST (postMessage below),
 * answering and failing as WebClient would.
 */
export function createSlackChat(opts: ({ token: string } | { tokens: SlackTokens }) & { apiUrl: string }): ChatPort {
  const tokens = 'tokens' in opts ? opts.tokens : constantToken(opts.token);
  // SLACK_API_URL with or without its final slash, as WebClient takes it.
  const apiUrl = opts.apiUrl.endsWith('/') ? opts.apiUrl : `${opts.apiUrl}/`;
  /*
   * One client per workspace token (a handful): the token travels in the
   * Authorization header only, never in a request body, as with one token.
   */
  const clients = new Map<string, WebClient>();
  const clientFor = (token: string) => {
    let client = clients.get(token);
    if (!client) {
      client = new WebClient(token, { slackApiUrl: apiUrl, rejectRateLimitedCalls: true, retryConfig: { retries: 0 }, fetch: keepAliveFetch });
      clients.set(token, client);
    }
    return client;
  };
  const channelToken = async (channel: string) => (await tokens.forConversation(channel)) ?? raise(new NoSlackTokenError(`channel ${channel}`));
  const userToken = async (userId: string) => (await tokens.forUser(userId)) ?? raise(new NoSlackTokenError(`user ${userId}`));
  const channelClient = async (channel: string) => clientFor(await channelToken(channel));
  const userClient = async (userId: string) => clientFor(await userToken(userId));
  const openDm = async (userId: string, client: WebClient) => {
    const opened = await translate(() => client.conversations.open({ users: userId }));
    const channel = opened.channel?.id;
    if (!channel) throw new Error('conversations.open returned no channel');
    return channel;
  };

  async function post(to: ConversationTarget, msg: Message, o?: PostOptions, knownToken?: string): Promise<Posted> {
    const token = knownToken ?? (await channelToken(to.key));
    const images = msg.blocks.some((b) => b.type === 'image') ? await uploadImages(clientFor(token), msg) : {};
    try {
      return await postRendered(token, to, messageToBlockKit(msg, images), o);
    } catch (err) {
      // An image Slack will not show (still processing, no access) must not cost the message: post it with the text fallback.
      if (Object.keys(images).length === 0 || (err as { data?: { error?: string } }).data?.error !== 'invalid_blocks') throw err;
      return postRendered(token, to, messageToBlockKit(msg), o);
    }
  }

  async function postRendered(token: string, to: ConversationTarget, rendered: ReturnType<typeof messageToBlockKit>, o?: PostOptions): Promise<Posted> {
    const { text, blocks } = rendered;
    const res = await postMessage(apiUrl, token, {
      channel: to.key,
      text,
      blocks,
      unfurl_links: false,
      unfurl_media: false,
      ...(o?.idempotencyKey ? { metadata: { event_type: DELIVERY_EVENT_TYPE, event_payload: { delivery_id: o.idempotencyKey } } } : {}),
    });
    return { platform: 'slack', conversationKey: res.channel ?? to.key, messageId: res.ts ?? '' };
  }

  return {
    platform: 'slack',
    capabilities: { ephemeral: true, updateMessage: true, modals: true },
    post,
    async dm(to: UserTarget, msg: Message, o?: PostOptions) {
      const token = await userToken(to.userId);
      return post({ platform: 'slack', key: await openDm(to.userId, clientFor(token)) }, msg, o, token);
    },
    async update(ref: Posted, msg: Message) {
      const { text, blocks } = messageToBlockKit(msg);
      const client = await channelClient(ref.conversationKey);
      await translate(() => client.chat.update({ channel: ref.conversationKey, ts: ref.messageId, text, blocks }));
    },
    async profile(userId: string) {
      const token = await tokens.forUser(userId);
      // A user of no installed workspace: nothing to ask.
      if (!token) return undefined;
      const res = await translate(() => clientFor(token).users.info({ user: userId }));
      const user = res.user;
      if (!user) return undefined;
      // Never the legacy handle (user.name): people see names.
      return {
        displayName: user.profile?.display_name || user.real_name || user.profile?.real_name || undefined,
        timezone: user.tz,
        admin: Boolean(user.is_admin || user.is_owner || user.is_primary_owner),
      };
    },
    /*
     * The delivery queue asks this before re-sending a delivery whose earlier
     * attempt may have landed: our posts carry the delivery id in message
     * metadata, so the channel's history since the delivery was due tells.
     * Needs channels:history / groups:history / im:history (in the manifest).
     */
    async findPosted(to: ConversationTarget | UserTarget, idempotencyKey: string, since: Date) {
      const client = 'key' in to ? await channelClient(to.key) : await userClient(to.userId);
      const channel = 'key' in to ? to.key : await openDm(to.userId, client);
      let cursor: string | undefined;
      for (let page = 0; page < HISTORY_PAGES; page++) {
        const res = await translate(() =>
          client.conversations.history({
            channel,
            oldest: (since.getTime() / 1000).toFixed(6),
            inclusive: true,
            include_all_metadata: true,
            limit: HISTORY_PAGE_SIZE,
            ...(cursor ? { cursor } : {}),
          }),
        );
        const hit = res.messages?.find(
          (m) => m.metadata?.event_type === DELIVERY_EVENT_TYPE && (m.metadata.event_payload as { delivery_id?: unknown } | undefined)?.delivery_id === idempotencyKey,
        );
        if (hit?.ts) return { platform: 'slack' as const, conversationKey: channel, messageId: hit.ts };
        cursor = res.response_metadata?.next_cursor || undefined;
        if (!res.has_more || !cursor) return undefined;
      }
      // Not found within the pages we read: a channel that busy since the due time is an accepted blind spot.
      return undefined;
    },
  } satisfies ChatPort;
}

/**
 * Uploads a message's pictures with Slack's external upload flow (an upload
 * URL, the bytes, then completion without sharing to a channel), so the
 * message can show each one in an image block by its file id. A picture
 * that cannot be uploaded (say, an app installed without files:write) is
 * left out and its text fallback shows instead; only a rate limit is passed
 * on, for the queue to retry.
 */
async function uploadImages(client: WebClient, msg: Message): Promise<UploadedImages> {
  const uploaded: Record<string, string> = {};
  for (const image of msg.blocks.filter((b): b is ImageBlock => b.type === 'image')) {
    try {
      const target = await translate(() => client.files.getUploadURLExternal({ filename: `${image.key}.png`, length: image.png.byteLength, alt_text: image.alt }));
      if (!target.upload_url || !target.file_id) continue;
      const sent = await fetch(target.upload_url, { method: 'POST', headers: { 'content-type': 'image/png' }, body: image.png });
      if (!sent.ok) continue;
      await translate(() => client.files.completeUploadExternal({ files: [{ id: target.file_id!, title: image.alt }] }));
      uploaded[image.key] = target.file_id;
    } catch (err) {
      if (err instanceof RateLimitedError) throw err;
    }
  }
  return uploaded;
}

/**
 * chat.postMessage as WebClient makes it (a POST to SLACK_API_URL with the
 * token in the Authorization header), failing as WebClient does, with its
 * own error classes: a 429 with Retry-After is a RateLimitedError (the
 * queue waits that long; WebClient's rate-limit error becomes the same in
 * translate()), a 429 without one a plain error, any other status but 200
 * a WebAPIHTTPError, `ok: false` a WebAPIPlatformError carrying Slack's
 * answer in `data` (`data.error`, e.g. invalid_blocks), a failed request a
 * WebAPIRequestError. tests/adapters/slack/slack.chat.test.ts holds the two
 * side by side.
 */
async function postMessage(apiUrl: string, token: string, args: Record<string, unknown>): Promise<{ channel?: string; ts?: string }> {
  const url = `${apiUrl}chat.postMessage`;
  let res: JsonAnswer;
  try {
    res = await postJson(url, token, args);
  } catch (err) {
    throw new WebAPIRequestError(err instanceof Error ? err : new Error(String(err)));
  }
  if (res.status === 429) {
    const header = res.headers['retry-after'];
    const retryAfter = Number.parseInt(String(header), 10);
    if (header !== undefined && !Number.isNaN(retryAfter)) throw new RateLimitedError(retryAfter);
    throw new Error(`Retry header did not contain a valid timeout (url: ${url}, retry-after header: ${header === undefined ? null : String(header)})`);
  }
  if (res.status !== 200) {
    const headers = Object.fromEntries(Object.entries(res.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : String(v)]));
    throw new WebAPIHTTPError(res.status, res.statusMessage, headers, res.body);
  }
  let data: { ok?: boolean; error?: string; channel?: string; ts?: string; response_metadata?: Record<string, unknown> };
  try {
    data = JSON.parse(res.body) as typeof data;
  } catch {
    data = { ok: false, error: res.body };
  }
  // WebClient always gives a result response_metadata.
  if (!data.ok) throw new WebAPIPlatformError({ ...data, response_metadata: data.response_metadata ?? {} } as ConstructorParameters<typeof WebAPIPlatformError>[0]);
  return data;
}

/** How much history findPosted reads: enough for a channel's messages since a delivery fell due. */
const HISTORY_PAGES = 5;
const HISTORY_PAGE_SIZE = 200;

function raise(err: Error): never {
  throw err;
}

async function translate<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if ((err as { code?: string }).code === ErrorCode.RateLimitedError) {
      throw new RateLimitedError((err as WebAPIRateLimitedError).retryAfter);
    }
    throw err;
  }
}
