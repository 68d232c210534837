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
 * The minute tick of every running instance. A tick never throws (a failing
 * database must not kill the process; the next tick tries again), and a tick
 * that overruns its minute makes the next one skip rather than pile up: the
 * running one is already sending what is due.
 */
export function createTick(deps: { queue: DeliveryQueue; clock: Clock; log: Logger }): Tick {
  const { queue, clock, log } = deps;
  let running: Promise<void> | undefined;
  let task: ScheduledTask | undefined;

  async function once(): Promise<void> {
    const at = clock.now();
    try {
      const report = await queue.runDue(at);
      const busy = report.planned + report.sent + report.retried + report.dead + report.skipped > 0;
      log[busy ? 'info' : 'debug']({ at, ...report }, 'tick');
    } catch (err) {
      log.error({ err, at }, 'tick failed; the next one will try again');
    }
  }

  async function run(): Promise<boolean> {
    if (running) {
      log.warn('the previous tick is still running; skipping this one');
      return false;
    }
    running = once();
    try {
      await running;
    } finally {
      running = undefined;
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
      await running;
      await queue.idle();
    },
  };
}
