import type { CliContext } from '../features/feature.js';

/** `hallway run-due [--at <ISO>]`: exactly what the minute tick would do at that instant. */
export async function runDueCommand(ctx: CliContext, opts: { at?: string }): Promise<void> {
  const at = opts.at ? new Date(opts.at) : ctx.clock.now();
  if (Number.isNaN(at.getTime())) throw new Error(`--at: "${opts.at}" is not an ISO date-time such as 2027-01-04T14:30:00Z`);
  const report = await ctx.queue.runDue(at);
  ctx.out(`run-due at ${at.toISOString()}: planned ${report.planned}, sent ${report.sent}, retried ${report.retried}, dead ${report.dead}, skipped ${report.skipped}`);
}
