import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { exitOnSignals } from '../../src/lifecycle.js';
import { startTestApp } from '../support/app.js';

const silent = pino({ level: 'silent' });

describe('signals', () => {
  it('stops gracefully on the first SIGTERM and exits 0; a second signal exits 1 at once', async () => {
    const handlers = new Map<string, () => void>();
    const exits: number[] = [];
    let finishClose: () => void = () => {};
    let closes = 0;
    exitOnSignals(
      () => {
        closes += 1;
        return new Promise<void>((resolve) => (finishClose = resolve));
      },
      { log: silent, exit: (code) => exits.push(code), on: (signal, fn) => handlers.set(signal, fn) },
    );
    handlers.get('SIGTERM')!();
    expect(closes).toBe(1);
    expect(exits).toEqual([]);
    handlers.get('SIGINT')!();
    expect(exits).toEqual([1]);
    finishClose();
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(closes).toBe(1);
    expect(exits).toEqual([1, 0]);
  });
});

describe('close()', () => {
  it('turns /healthz to 503 before anything else, and answers a request that was under way', async () => {
    const app = await startTestApp({});
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
    const before = fetch(`${app.url}/metrics`, { headers: { connection: 'close' } });
    const closing = app.close();
    // The listener stays open while connections still arrive; a load balancer's probe sees 503.
    const probe = await fetch(`${app.url}/healthz`, { headers: { connection: 'close' } });
    expect(probe.status).toBe(503);
    expect(await probe.json()).toEqual({ status: 'shutting down' });
    expect((await before).status).toBe(200);
    await closing;
    await expect(fetch(`${app.url}/healthz`)).rejects.toThrow();
  });

  it('keeps accepting through a pause until a probe has been answered 503: a balancer not yet told may still send', async () => {
    const app = await startTestApp({});
    // Something probes this instance, so shutdown waits until it has been told.
    expect((await fetch(`${app.url}/healthz`, { headers: { connection: 'close' } })).status).toBe(200);
    const closing = app.close();
    // Longer than the quiet period: before, the listener closed here, and a request sent now was refused or reset.
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect((await fetch(`${app.url}/metrics`, { headers: { connection: 'close' } })).status).toBe(200);
    expect((await fetch(`${app.url}/healthz`, { headers: { connection: 'close' } })).status).toBe(503);
    await closing;
    await expect(fetch(`${app.url}/healthz`)).rejects.toThrow();
  });

  it('does not wait for a probe when nothing ever probed', async () => {
    const app = await startTestApp({});
    const started = performance.now();
    await app.close();
    expect(performance.now() - started).toBeLessThan(2_500);
  });
});
