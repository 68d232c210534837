import type { Server } from 'node:http';
import { Server as NetServer } from 'node:net';
import type { Logger } from 'pino';
import type { Tick } from './scheduler/tick.js';
import type { DeliveryQueue } from './scheduler/types.js';
import { createWorkTracker, type WorkTracker } from './work.tracker.js';

/** How long shutdown waits for requests and sends under way before closing anyway. */
export const DEFAULT_GRACE_MS = 10_000;

/** The listener closes once no connection has arrived for this long (a load balancer has seen the 503). */
const QUIET_MS = 250;

/**
 * Closing a listener resets the connections still waiting in its backlog:
 * clients that sent a request and never get an answer. So after readiness
 * went off, keep accepting until connections stop arriving for QUIET_MS, or
 * at most `maxMs`. A busy process (PGlite) accepts one connection per turn of
 * the event loop, so "the backlog is empty" can only be seen this way.
 *
 * A pause is not enough when something probes /healthz: a balancer that
 * has not yet seen the 503 may only be waiting for a free slot (its
 * per-server connection limit, all taken by slow requests here), and sends
 * again the moment one is answered, maybe just as the listener closes. So
 * the quiet period counts from the first probe answered "shutting down"
 * too (`toldAt`; undefined until then).
 */
async function acceptWaiting(server: Server, maxMs: number, toldAt: () => number | undefined): Promise<void> {
  let last = performance.now();
  const seen = () => void (last = performance.now());
  server.on('connection', seen);
  const until = last + maxMs;
  try {
    for (;;) {
      await afterPoll();
      const told = toldAt();
      const now = performance.now();
      if ((told !== undefined && now - Math.max(last, told) >= QUIET_MS) || now >= until) return;
    }
  } finally {
    server.off('connection', seen);
  }
}

/**
 * Resolves after the event loop's next poll phase (and a short pause): what
 * waits on the listener has been accepted, and requests waiting on accepted
 * connections have been read, so the check that follows does not come
 * before them after a long turn of the loop.
 */
async function afterPoll(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 25));
  await new Promise((resolve) => setImmediate(resolve));
}

export interface ShutdownParts {
  server: Server;
  queue: DeliveryQueue;
  tick?: Tick;
  /** Platform connections of their own (Slack Socket Mode). */
  stopAdapters(): Promise<void>;
  closeDatabase(): Promise<void>;
}

export interface Lifecycle {
  /** Everything that must finish before the database closes: requests, post-ack work, background sends. */
  work: WorkTracker;
  /** Readiness for /healthz: false from the first moment of shutdown. */
  ready(): boolean;
  /** /healthz answered a probe (with `ready()`): shutdown waits until a prober has been told. */
  probed(): void;
  /**
   * The graceful stop, in this order: readiness off; no new connections, no
   * new ticks or claims; requests and sends under way finish (at most
   * `graceMs`); the tick stops; then the database closes. Safe to call twice.
   */
  shutdown(parts: ShutdownParts): Promise<void>;
}

export function createLifecycle(deps: { log: Logger; graceMs?: number }): Lifecycle {
  const { log } = deps;
  const graceMs = deps.graceMs ?? DEFAULT_GRACE_MS;
  const work = createWorkTracker();
  let ready = true;
  let stopping: Promise<void> | undefined;
  let probes = 0;
  /** When a probe was first answered "shutting down". */
  let toldAt: number | undefined;

  async function stop(parts: ShutdownParts): Promise<void> {
    ready = false;
    const started = performance.now();
    // Nobody probes (one instance, no balancer): nobody to wait for.
    const probedBefore = probes > 0;
    log.info({ inFlight: work.size, graceMs }, 'shutting down: no new requests; finishing those under way');
    parts.queue.stop();
    await acceptWaiting(parts.server, graceMs / 2, () => (probedBefore ? toldAt : started));
    // Stop listening, but not through http's close(): it also closes "idle" connections, and a connection
    // accepted a moment ago is idle until its request has been read, so it would be reset unanswered.
    const closed = new Promise<void>((resolve) => NetServer.prototype.close.call(parts.server, () => resolve()));

    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), graceMs);
    });
    const finished = (async () => {
      await Promise.all([parts.tick?.stop(), parts.queue.idle()]);
      // A connection accepted just before the listener closed has its request read a turn of the loop
      // later; until then it looks idle, and closing idle connections would reset it unanswered.
      do {
        await work.drain();
        await afterPoll();
      } while (work.size > 0);
      // Responses are all out: connections left open are idle keep-alives.
      parts.server.closeIdleConnections();
      await closed;
      // A reply late for Slack's 3 s is acked first and finished after: its connection is gone, its work is not.
      await Promise.all([work.drain(), parts.queue.idle()]);
      return 'done' as const;
    })();
    const outcome = await Promise.race([finished, deadline]);
    clearTimeout(timer);
    if (outcome === 'late') {
      log.warn({ stillRunning: work.size, graceMs }, 'shutdown: work still under way after the grace period; closing anyway');
      parts.server.closeAllConnections();
    }
    await parts.stopAdapters();
    await parts.closeDatabase();
    log.info({ ms: Math.round(performance.now() - started) }, 'shut down');
  }

  return {
    work,
    ready: () => ready,
    probed() {
      probes += 1;
      if (!ready) toldAt ??= performance.now();
    },
    shutdown(parts) {
      stopping ??= stop(parts);
      return stopping;
    },
  };
}

/**
 * SIGTERM or SIGINT: a graceful stop, then exit 0 (1 if it failed). A second
 * signal while stopping exits at once: whoever sends it means it.
 */
export function exitOnSignals(close: () => Promise<void>, deps: { log: Logger; exit?: (code: number) => void; on?: (signal: NodeJS.Signals, fn: () => void) => void }): void {
  const exit = deps.exit ?? ((code: number) => process.exit(code));
  const on = deps.on ?? ((signal, fn) => process.on(signal, fn));
  let signalled = false;
  const handle = (signal: NodeJS.Signals) => () => {
    if (signalled) {
      deps.log.warn({ signal }, 'second signal: exiting now');
      exit(1);
      return;
    }
    signalled = true;
    deps.log.info({ signal }, 'signal received');
    close().then(
      () => exit(0),
      (err: unknown) => {
        deps.log.error({ err }, 'shutdown failed');
        exit(1);
      },
    );
  };
  on('SIGTERM', handle('SIGTERM'));
  on('SIGINT', handle('SIGINT'));
}
