import { vi } from 'vitest';

/**
 * Waits until `done()` holds: for replies that reach the fake Slack API after
 * the HTTP answer (response_url, views.open). Bounded by time rather than by
 * event-loop turns, so a loaded CI machine does not turn into a failure.
 */
export async function until(done: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  await vi.waitFor(
    async () => {
      if (!(await done())) throw new Error(`gave up waiting for ${what}`);
    },
    { timeout: timeoutMs, interval: 20 },
  );
}
