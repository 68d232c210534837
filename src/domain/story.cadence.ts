import type { ScheduleDays } from './schedule.js';

/**
 * How often a channel gets stories. A channel that lets stories go by
 * untouched gets fewer, so they never become noise: five in a row with no
 * reaction, reply or click and the cadence steps down one level; each story
 * engaged with at a slower level steps it back up one.
 */
export const QUIET_STREAK = 5;
export const SLOWEST_LEVEL = 2;

/** The days stories go out on at a level: as subscribed, then Mon/Wed/Fri, then Mondays. */
export function storyDays(subscribed: 'weekdays' | 'daily', level: number): ScheduleDays {
  if (level >= SLOWEST_LEVEL) return { weekday: 1 };
  if (level === 1) return { weekdaysOf: [1, 3, 5] };
  return subscribed;
}

/** "every weekday", "on Mondays, Wednesdays and Fridays", "on Mondays". */
export function cadenceWords(subscribed: 'weekdays' | 'daily', level: number): string {
  if (level >= SLOWEST_LEVEL) return 'once a week, on Mondays';
  if (level === 1) return 'on Mondays, Wednesdays and Fridays';
  return subscribed === 'daily' ? 'every day' : 'every weekday';
}

/**
 * Whether to step down now. `since` are the channel's stories posted since
 * its cadence last moved, newest first, each with whether anyone engaged.
 */
export function shouldSlowDown(level: number, since: readonly { engaged: boolean }[]): boolean {
  return level < SLOWEST_LEVEL && since.length >= QUIET_STREAK && since.slice(0, QUIET_STREAK).every((p) => !p.engaged);
}

/**
 * Whether engagement with a story steps the cadence up: only a story posted
 * at the current, slower level counts, so five reactions to one post are
 * one step, not five.
 */
export function shouldSpeedUp(level: number, postedAt: Date | null, changedAt: Date | null): boolean {
  return level > 0 && postedAt !== null && changedAt !== null && postedAt.getTime() >= changedAt.getTime();
}
