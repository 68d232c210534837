import { DateTime } from 'luxon';

/**
 * A past day as a colleague would say it, in the reader's zone: "today",
 * "yesterday", "on Tuesday" within the week, "on 12 Nov" this year,
 * "on 12 Nov 2025" before.
 */
export function spokenDate(at: Date, now: Date, zone: string): string {
  const day = DateTime.fromJSDate(at, { zone }).startOf('day');
  const today = DateTime.fromJSDate(now, { zone }).startOf('day');
  const days = Math.round(today.diff(day, 'days').days);
  if (days === 0) return 'today';
  if (days === 1) return 'yesterday';
  if (days > 1 && days < 7) return `on ${day.toFormat('cccc')}`;
  return day.year === today.year ? `on ${day.toFormat('d LLL')}` : `on ${day.toFormat('d LLL yyyy')}`;
}

/** How old a value is, in the words of a person: "today", "3 days ago", "5 weeks ago", "4 months ago". */
export function spokenAge(at: Date, now: Date, zone: string): string {
  const days = Math.round(DateTime.fromJSDate(now, { zone }).startOf('day').diff(DateTime.fromJSDate(at, { zone }).startOf('day'), 'days').days);
  if (days <= 0) return 'today';
  if (days === 1) return 'yesterday';
  if (days < 14) return `${days} days ago`;
  if (days < 60) return `${Math.floor(days / 7)} weeks ago`;
  if (days < 730) return `${Math.floor(days / 30)} months ago`;
  return `${Math.floor(days / 365)} years ago`;
}
