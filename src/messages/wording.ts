import { DateTime } from 'luxon';

/*
 * Dates as people say them. Builders get calendar dates as 'YYYY-MM-DD'
 * (already in the reader's zone) and, where "ago" matters, today's date in
 * the same zone, so these stay pure and need no clock.
 */

function day(iso: string): DateTime | null {
  const d = DateTime.fromISO(iso, { zone: 'UTC' });
  return d.isValid ? d : null;
}

/** Dates already said: a reply says the same few days (today, mostly), and luxon's toFormat costs ~40 µs. */
const said = new Map<string, string>();

/** "Fri 27 Nov", with the year when it is not this year's ("Tue 3 Mar 2025"). Unreadable input comes back as it is. */
export function sayDate(iso: string, today?: string): string {
  const key = `${iso} ${today ?? ''}`;
  let text = said.get(key);
  if (text === undefined) {
    const d = day(iso);
    const now = today ? day(today) : null;
    text = d ? d.toFormat(now && now.year !== d.year ? 'ccc d LLL yyyy' : 'ccc d LLL', { locale: 'en-GB' }) : iso;
    if (said.size >= 1000) said.clear();
    said.set(key, text);
  }
  return text;
}

/** "today", "yesterday", "9 days ago", "3 weeks ago", "in 2 days". */
export function sayAgo(iso: string, today: string): string {
  const d = day(iso);
  const now = day(today);
  if (!d || !now) return iso;
  const days = Math.round(now.diff(d, 'days').days);
  if (days === 0) return 'today';
  if (days === 1) return 'yesterday';
  if (days === -1) return 'tomorrow';
  if (days < 0) return `in ${-days} days`;
  if (days < 14) return `${days} days ago`;
  if (days < 60) return `${Math.floor(days / 7)} weeks ago`;
  return `${Math.floor(days / 30)} months ago`;
}

/** Whole days from `iso` to `today` (negative when it is still ahead). */
export function daysSince(iso: string, today: string): number {
  const d = day(iso);
  const now = day(today);
  return d && now ? Math.round(now.diff(d, 'days').days) : 0;
}

/** "Rosa Diaz", "Rosa Diaz and Tom Okafor", "Rosa Diaz, Tom Okafor and Li Wei". */
export function andList(names: readonly string[]): string {
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
