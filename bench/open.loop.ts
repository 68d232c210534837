/**
 * An open-loop load generator: requests leave at evenly spaced instants
 * (every 1/rate s), whether or not earlier ones have been answered, over
 * keep-alive connections opened as needed. Each latency is measured from the
 * instant the request was due, not from when it actually left, so a stalled
 * server (or a stalled generator) shows in the figures instead of delaying
 * the requests that would have measured it.
 *
 * Why not autocannon's `overallRate`: it gives each connection rate /
 * connections requests per second and refills them every second, so they go
 * out in a burst at the start of each second; and it "corrects for
 * coordinated omission" with an expected interval of ceil(1 / per-connection
 * rate) = 1 ms, adding a synthetic sample per millisecond of each slow
 * response. Both inflate the p99 of even a server that only acks.
 *
 * The generator shares the machine's cores with the server under test; `lagMs`
 * (how late the last request left, at the worst) says when it fell behind.
 */
import { Agent, request } from 'node:http';
import { percentile } from './support.js';

/** One run's raw figures; `summarise` pools several (say, rounds alternated with other servers). */
export interface OpenLoopRun {
  /** Per answered (2xx) request, ms from when it was due to its answer's end. */
  latencies: number[];
  errors: number;
  sent: number;
  seconds: number;
  /** Worst delay between when a request was due and when it was handed to the socket, in ms. */
  lagMs: number;
}

export interface OpenLoopResult {
  /** Requests answered with a 2xx per second. */
  reqPerSec: number;
  p50: number;
  p99: number;
  max: number;
  sent: number;
  errors: number;
  lagMs: number;
}

export interface OpenLoopOptions {
  url: string;
  rate: number;
  seconds: number;
  /** A fresh body and headers per request (a new signature and timestamp each). */
  next: () => { body: string; headers: Record<string, string> };
  timeoutMs?: number;
}

export async function openLoop(opts: OpenLoopOptions): Promise<OpenLoopRun> {
  const target = new URL(opts.url);
  const agent = new Agent({ keepAlive: true, maxSockets: 512 });
  const intervalMs = 1000 / opts.rate;
  const total = Math.round(opts.rate * opts.seconds);
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const latencies: number[] = [];
  let errors = 0;
  let lagMs = 0;
  let sent = 0;
  const inFlight = new Set<Promise<void>>();

  const fire = (due: number) => {
    const { body, headers } = opts.next();
    lagMs = Math.max(lagMs, performance.now() - due);
    const done = new Promise<void>((resolve) => {
      const req = request(
        { agent, host: target.hostname, port: target.port, path: target.pathname, method: 'POST', headers: { ...headers, 'content-length': Buffer.byteLength(body) }, timeout: timeoutMs },
        (res) => {
          res.resume();
          res.once('end', () => {
            if (res.statusCode && res.statusCode < 300) latencies.push(performance.now() - due);
            else errors += 1;
            resolve();
          });
        },
      );
      req.once('timeout', () => req.destroy(new Error('timeout')));
      req.once('error', () => {
        errors += 1;
        resolve();
      });
      req.end(body);
    });
    inFlight.add(done);
    void done.then(() => inFlight.delete(done));
  };

  const start = performance.now();
  await new Promise<void>((resolve) => {
    const tick = () => {
      // Everything due by now goes out, so a late timer does not thin the load.
      const now = performance.now();
      while (sent < total && start + sent * intervalMs <= now) {
        fire(start + sent * intervalMs);
        sent += 1;
      }
      if (sent >= total) return resolve();
      setTimeout(tick, Math.max(0, start + sent * intervalMs - performance.now()));
    };
    tick();
  });
  while (inFlight.size) await Promise.all([...inFlight]);
  const seconds = (performance.now() - start) / 1000;
  agent.destroy();
  return { latencies, errors, sent, seconds, lagMs };
}

/** Several runs as one: percentiles over all their samples. */
export function summarise(runs: OpenLoopRun[]): OpenLoopResult {
  const latencies = runs.flatMap((r) => r.latencies);
  const sum = (f: (r: OpenLoopRun) => number) => runs.reduce((a, r) => a + f(r), 0);
  const round = (ms: number) => Math.round(ms * 10) / 10;
  return {
    reqPerSec: latencies.length / sum((r) => r.seconds),
    p50: round(percentile(latencies, 50)),
    p99: round(percentile(latencies, 99)),
    max: round(percentile(latencies, 100)),
    sent: sum((r) => r.sent),
    errors: sum((r) => r.errors),
    lagMs: round(Math.max(...runs.map((r) => r.lagMs))),
  };
}
