import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local Slack Web API for bench/fanout.ts that enforces rate limits the way
 * Slack documents them for chat.postMessage: about one post per second per
 * channel with short bursts, and a per-workspace tier; beyond them it answers
 * 429 with Retry-After (whole seconds) and posts nothing. As in OAuth mode,
 * every workspace has its own bot token (`xoxb-T<workspace>`, sent in the
 * Authorization header) and the workspace's tier is counted by the token; a
 * channel id names its workspace (`C<workspace>N<channel>`), as Slack knows a
 * channel's, and a post with another workspace's token gets
 * `channel_not_found` (counted in stats.wrongWorkspace).
 */
export const benchChannel = (workspace: number, channel: number) => `C${workspace}N${channel}`;
export const benchTeam = (workspace: number) => `T${workspace}`;
export const benchToken = (team: string) => `xoxb-${team}`;

export interface Limits {
  channelPerSecond: number;
  channelBurst: number;
  workspacePerSecond: number;
  workspaceBurst: number;
}

class Bucket {
  private tokens: number;
  private at: number;
  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    now: number,
  ) {
    this.tokens = burst;
    this.at = now;
  }
  private refill(now: number): void {
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.at) / 1000) * this.perSecond);
    this.at = now;
  }
  /** 0 when a token was taken, else ms until one is there. */
  take(now: number): number {
    this.refill(now);
    if (this.tokens >= 1) return 0;
    return ((1 - this.tokens) / this.perSecond) * 1000;
  }
  spend(): void {
    this.tokens -= 1;
  }
}

export async function startLimitedSlack(limits: Limits) {
  const channels = new Map<string, Bucket>();
  const workspaces = new Map<string, Bucket>();
  const stats = { posts: 0, limited: 0, wrongWorkspace: 0, firstPost: 0, lastPost: 0 };
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const json = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(payload));
      };
      if (!req.url?.endsWith('/chat.postMessage')) return json(200, { ok: true });
      const params = req.headers['content-type']?.includes('json') ? (JSON.parse(body) as Record<string, string>) : Object.fromEntries(new URLSearchParams(body));
      const channel = String(params.channel ?? '');
      const workspace = String(req.headers.authorization ?? '').replace(/^Bearer xoxb-/, '');
      if (`T${channel.slice(1).split('N')[0]}` !== workspace) {
        stats.wrongWorkspace += 1;
        return json(200, { ok: false, error: 'channel_not_found' });
      }
      const now = Date.now();
      const c = channels.get(channel) ?? new Bucket(limits.channelPerSecond, limits.channelBurst, now);
      const w = workspaces.get(workspace) ?? new Bucket(limits.workspacePerSecond, limits.workspaceBurst, now);
      channels.set(channel, c);
      workspaces.set(workspace, w);
      const wait = Math.max(c.take(now), w.take(now));
      if (wait > 0) {
        stats.limited += 1;
        return json(429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(Math.max(1, Math.ceil(wait / 1000))) });
      }
      c.spend();
      w.spend();
      stats.posts += 1;
      stats.firstPost ||= now;
      stats.lastPost = now;
      json(200, { ok: true, channel, ts: `${Math.floor(now / 1000)}.${String(stats.posts).padStart(6, '0')}` });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/`,
    stats,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * The shortest time these limits allow for `perWorkspace` posts to distinct
 * channels in each workspace: the burst goes at once, the rest at the tier's rate.
 */
export function floorSeconds(limits: Limits, perWorkspace: number, perChannel: number): number {
  const workspace = Math.max(0, perWorkspace - limits.workspaceBurst) / limits.workspacePerSecond;
  const channel = Math.max(0, perChannel - limits.channelBurst) / limits.channelPerSecond;
  return Math.max(workspace, channel);
}
