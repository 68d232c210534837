import { DateTime } from 'luxon';
import { addWorkingDays } from './schedule.js';

/**
 * The weeks a digest talks about. The digest instant T is the scheduled slot
 * of a delivered digest (so a digest sent late still covers the same days) or
 * the moment of a preview. "This week" is [T − 7 days, T) and "last week"
 * [T − 14 days, T − 7 days), where a day is a calendar day in the manager's
 * zone: across a DST change a week is 167 or 169 hours and keeps its wall
 * time. The trend's eight weeks step back the same way.
 */
export interface DigestWindow {
  at: Date;
  timezone: string;
  /** bounds[k] = T − 7k local days, k = 0…8: week k is [bounds[k+1], bounds[k]). */
  bounds: Date[];
}

export const TREND_WEEKS = 8;

export function digestWindow(at: Date, timezone: string): DigestWindow {
  const t = DateTime.fromJSDate(at, { zone: timezone });
  const bounds = Array.from({ length: TREND_WEEKS + 1 }, (_, k) => t.minus({ days: 7 * k }).toJSDate());
  return { at, timezone, bounds };
}

/** This week's start (T − 7 days) and last week's start (T − 14 days). */
export function weekStarts(w: DigestWindow): { thisWeek: Date; lastWeek: Date } {
  return { thisWeek: w.bounds[1]!, lastWeek: w.bounds[2]! };
}

/** `at` minus whole calendar days in the zone, keeping the wall time. */
export function daysBefore(at: Date, days: number, timezone: string): Date {
  return DateTime.fromJSDate(at, { zone: timezone }).minus({ days }).toJSDate();
}

/**
 * `at` stepped back over n working days (Mon–Fri) in the zone, keeping the
 * wall time: a reminder created at or before it has been open for more than
 * n working days at `at`. (One created on a weekend counts from the instant
 * it was created, not from the Monday after.)
 */
export function workingDaysBefore(at: Date, n: number, timezone: string): Date {
  return addWorkingDays(at, -n, timezone);
}

/** "23 Nov – 30 Nov" style label of this week, in the zone. */
export function weekLabel(w: DigestWindow): string {
  const from = DateTime.fromJSDate(w.bounds[1]!, { zone: w.timezone });
  const to = DateTime.fromJSDate(w.at, { zone: w.timezone });
  return `${from.toFormat('ccc d LLL')} – ${to.toFormat('ccc d LLL HH:mm')}`;
}
