/**
 * Yields to I/O until `done()` holds: for replies that reach the fake Slack
 * API after the HTTP answer (response_url, views.open). No timers: each turn
 * lets pending sockets and queries progress.
 */
export async function until(done: () => boolean | Promise<boolean>, what: string, turns = 1_000_000): Promise<void> {
  for (let i = 0; i < turns; i += 1) {
    if (await done()) return;
    await new Promise((r) => setImmediate(r));
  }
  throw new Error(`gave up waiting for ${what}`);
}
