import { createServer, connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A TCP proxy in front of Postgres, for cutting the database away from a
 * client as a network fault or a failover would: every socket reset at once,
 * and new connections reset on arrival for a while. It also can cut a new
 * connection at its first query (the moment postgres.js fetches array types).
 */
export interface PgProxy {
  /** `databaseUrl` with its host and port replaced by the proxy's. */
  url(databaseUrl: string): string;
  /** Resets every open connection and, for `ms`, every new one as it arrives. */
  cutAll(ms: number): void;
  /** The next `n` new connections are reset when the client sends its first query (after start-up and authentication). */
  cutAtFirstQuery(n: number): void;
  /** Connections reset so far, both kinds. */
  readonly resets: number;
  close(): Promise<void>;
}

export async function startPgProxy(databaseUrl: string): Promise<PgProxy> {
  const target = new URL(databaseUrl);
  const open = new Set<Socket>();
  let refuseUntil = 0;
  let cutFirstQueries = 0;
  let resets = 0;
  const reset = (s: Socket) => {
    if (!s.destroyed) s.resetAndDestroy();
  };

  const server = createServer((client) => {
    if (performance.now() < refuseUntil) {
      resets += 1;
      client.on('error', () => {});
      reset(client);
      return;
    }
    const upstream = connect(Number(target.port || 5432), target.hostname);
    const pair = [client, upstream];
    const cutPair = () => {
      resets += 1;
      pair.forEach(reset);
    };
    for (const s of pair) {
      open.add(s);
      s.on('error', () => pair.forEach((x) => x.destroy()));
      s.on('close', () => {
        open.delete(s);
        pair.forEach((x) => x.destroy());
      });
    }
    let cutHere = cutFirstQueries > 0;
    if (cutHere) cutFirstQueries -= 1;
    let startup = true;
    client.on('data', (chunk: Buffer) => {
      // The start-up message has no type byte; after it, 'P' (Parse) or 'Q' (Query) starts the first query.
      if (cutHere && !startup && (chunk[0] === 0x50 || chunk[0] === 0x51)) {
        cutHere = false;
        cutPair();
        return;
      }
      startup = false;
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => client.write(chunk));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url(url) {
      const u = new URL(url);
      u.hostname = '127.0.0.1';
      u.port = String(port);
      return u.toString();
    },
    cutAll(ms) {
      refuseUntil = performance.now() + ms;
      const sockets = [...open];
      resets += sockets.length / 2;
      sockets.forEach(reset);
    },
    cutAtFirstQuery(n) {
      cutFirstQueries += n;
    },
    get resets() {
      return resets;
    },
    async close() {
      [...open].forEach((s) => s.destroy());
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
