import cron, { type ScheduledTask } from 'node-cron';
import type { Logger } from 'pino';
import type { Clock } from '../domain/clock.js';
import type { DeliveryQueue } from './types.js';

export interface Tick {
  /** One tick now: runDue(clock.now()). False when the previous tick is still running (skipped). */
  run(): Promise<boolean>;
  /** Every minute from now on. */
  start(): void;
  /** No further ticks; waits for the one in progress and for background passes. */
  stop(): Promise<void>;
}

/**
 * How long a tick may run before the next one stops waiting for it. A pass
 * sends at most a few hundred paced messages (minutes, not tens of them); one
 * still running after this is stranded (a query whose connection was lost and
 * never answered), and skipping behind it would stop all sending for good.
 */
export const TICK_OVERRUN_MS = 10 * 60_000;

/**
 * The minute tick of every running instance. A tick never throws (a failing
 * database must not kill the process; the next tick tries again), and a tick
 * that overruns its minute makes the next one skip rather than pile up: the
 * running one is already sending what is due. Past TICK_OVERRUN_MS the
 * running one is given up on and the next tick runs beside it (the queue's
 * leases and fenced writes keep two passes from sending one delivery twice).
 */
export function createTick(deps: { queue: DeliveryQueue; clock: Clock; log: Logger }): Tick {
  const { queue, clock, log } = deps;
  let running: { pass: Promise<void>; since: Date } | undefined;
  let task: ScheduledTask | undefined;

  async function once(at: Date): Promise<void> {
    try {
      const report = await queue.runDue(at);
      const busy = report.planned + report.sent + report.retried + report.dead + report.skipped > 0;
      log[busy ? 'info' : 'debug']({ at, ...report }, 'tick');
    } catch (err) {
      log.error({ err, at }, 'tick failed; the next one will try again');
    }
  }

  async function run(): Promise<boolean> {
    const at = clock.now();
    if (running) {
      if (at.getTime() - running.since.getTime() < TICK_OVERRUN_MS) {
        log.warn('the previous tick is still running; skipping this one');
        return false;
      }
      log.error({ since: running.since }, 'the previous tick has been running too long (stranded?); no longer waiting for it');
    }
    const mine = { pass: once(at), since: at };
    running = mine;
    try {
      await mine.pass;
    } finally {
      // A stranded tick that ends after all must not clear the mark of the one that replaced it.
      if (running === mine) running = undefined;
    }
    return true;
  }

  return {
    run,
    start() {
      task ??= cron.schedule('* * * * *', run, { name: 'hallway-run-due' });
    },
    async stop() {
      await task?.stop();
      await task?.destroy();
      task = undefined;
      await running?.pass;
      await queue.idle();
    },
  };
}
