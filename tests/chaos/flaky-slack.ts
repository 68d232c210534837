import { startRecordingServer } from '../support/recording-server.js';

/**
 * A local Slack Web API that fails a share of calls, for the delivery chaos
 * test: of every call, `faultRate` is answered 429 (Retry-After: 1 s, nothing
 * posted) or 500, half and half; half of the 500s to chat.postMessage come
 * after the message was stored (the answer lost on Slack's side). It keeps
 * what was posted, with the delivery id from the message metadata, and
 * answers conversations.history with it, as the queue asks before posting
 * again. Faults are drawn from a seeded generator, so a run can be replayed.
 */
export interface StoredPost {
  channel: string;
  deliveryId: string | undefined;
  ts: string;
  /** When the fake stored it (ms, performance.timeOrigin based wall clock). */
  at: number;
}

export async function startFlakySlack(opts: { faultRate: number; seed: number }) {
  let state = opts.seed >>> 0 || 1;
  // xorshift32: enough for choosing faults.
  const random = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
  const posts: StoredPost[] = [];
  const byChannel = new Map<string, StoredPost[]>();
  const stats = { calls: 0, posts: 0, limited: 0, failed: 0, failedAfterPosting: 0, historyCalls: 0 };
  let lastTs = 0;

  // Every request is recorded (as by every fake here); ~2,000 in a run.
  const server = await startRecordingServer((req) => {
    stats.calls += 1;
    const method = req.path.split('/').pop() ?? '';
    const params = req.body;
    const draw = random();
    const fault = draw < opts.faultRate ? (draw < opts.faultRate / 2 ? 'limited' : 'failed') : undefined;
    if (fault === 'limited') {
      stats.limited += 1;
      return { status: 429, headers: { 'retry-after': '1' }, body: { ok: false, error: 'ratelimited' } };
    }
    if (fault === 'failed' && (method !== 'chat.postMessage' || random() < 0.5)) {
      stats.failed += 1;
      return { status: 500, body: { ok: false, error: 'internal_error' } };
    }
    if (method === 'chat.postMessage') {
      const channel = String(params.channel);
      // The recording server reads metadata as an object, from a JSON body or a form (WebClient's).
      const metadata = params.metadata as { event_payload?: { delivery_id?: string } } | undefined;
      const now = performance.timeOrigin + performance.now();
      // Slack's ts: seconds with microseconds, unique per channel and increasing.
      lastTs = Math.max(lastTs + 1, Math.floor(now * 1000));
      const post: StoredPost = { channel, deliveryId: metadata?.event_payload?.delivery_id, ts: (lastTs / 1e6).toFixed(6), at: now };
      posts.push(post);
      byChannel.set(channel, [...(byChannel.get(channel) ?? []), post]);
      stats.posts += 1;
      if (fault === 'failed') {
        stats.failedAfterPosting += 1;
        return { status: 500, body: { ok: false, error: 'internal_error' } };
      }
      return { body: { ok: true, channel, ts: post.ts } };
    }
    if (method === 'conversations.history') {
      stats.historyCalls += 1;
      const oldest = Number(params.oldest ?? 0);
      const messages = (byChannel.get(String(params.channel)) ?? [])
        .filter((p) => Number(p.ts) >= oldest)
        .reverse()
        .map((p) => ({ type: 'message', ts: p.ts, metadata: { event_type: 'hallway_delivery', event_payload: { delivery_id: p.deliveryId } } }));
      return { body: { ok: true, messages, has_more: false } };
    }
    return { body: { ok: true } };
  });
  return { url: `${server.url}/api/`, posts, byChannel, stats, close: server.close };
}

/**
 * The most posts one channel got within any 1 s window, the shortest gap
 * between two posts to one channel, and the closest pairs (channel, when the
 * second came, the gap), to see where a margin was eaten.
 */
export function channelRates(byChannel: Map<string, StoredPost[]>) {
  let peakPerSecond = 0;
  const gaps: Array<{ channel: string; at: number; gapMs: number }> = [];
  for (const [channel, list] of byChannel) {
    const at = list.map((p) => p.at).sort((a, b) => a - b);
    for (let i = 0, j = 0; j < at.length; j += 1) {
      while (at[j]! - at[i]! >= 1000) i += 1;
      peakPerSecond = Math.max(peakPerSecond, j - i + 1);
      if (j > 0) gaps.push({ channel, at: at[j]!, gapMs: Math.round(at[j]! - at[j - 1]!) });
    }
  }
  gaps.sort((a, b) => a.gapMs - b.gapMs);
  return { peakPerSecond, minGapMs: gaps[0]?.gapMs ?? Infinity, gapsUnder1s: gaps.filter((g) => g.gapMs < 1000).length, closest: gaps.slice(0, 5) };
}
