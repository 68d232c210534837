import { DateTime } from 'luxon';

/**
 * When something recurring is due, in its own timezone. Luxon does the
 * calendar and DST arithmetic; nothing here adds fixed offsets.
 */
export type ScheduleDays =
  | 'weekdays'
  | 'daily'
  | { weekday: number /* ISO: 1 = Monday … 7 = Sunday */ }
  | { weekdaysOf: number[] /* ISO weekdays, e.g. [1, 3, 5] */ };

export interface ScheduleSpec {
  /** 'HH:MM', 24-hour, local to `timezone`. */
  time: string;
  timezone: string;
  days: ScheduleDays;
}

export interface Slot {
  /** The local calendar day of the occurrence, 'YYYY-MM-DD' — the natural dedupe key part. */
  localDate: string;
  dueAt: Date;
}

/**
 * The occurrence that is due at `now`: its local time has passed today (in the
 * schedule's zone) by less than `lateWindowMs`, and today is one of its days.
 * A late occurrence is still returned until the window closes, so a bot that
 * was down catches up the same day; callers dedupe by `localDate`.
 */
export function dueSlot(now: Date, spec: ScheduleSpec, lateWindowMs: number): Slot | undefined {
  const local = DateTime.fromJSDate(now, { zone: spec.timezone });
  // Yesterday's occurrence can still be inside the window just after local midnight.
  for (const day of [local.startOf('day'), local.minus({ days: 1 }).startOf('day')]) {
    if (!isOnDay(day, spec.days)) continue;
    const due = atLocalTime(day, spec.time);
    const delta = now.getTime() - due.toMillis();
    if (delta >= 0 && delta < lateWindowMs) return { localDate: day.toISODate()!, dueAt: due.toJSDate() };
  }
  return undefined;
}

/** The first occurrence strictly after `after`, for confirmations ("next post: Mon 09:30"). */
export function nextSlot(after: Date, spec: ScheduleSpec): Slot {
  let day = DateTime.fromJSDate(after, { zone: spec.timezone }).startOf('day');
  for (let i = 0; i < 15; i += 1, day = day.plus({ days: 1 })) {
    if (!isOnDay(day, spec.days)) continue;
    const due = atLocalTime(day, spec.time);
    if (due.toMillis() > after.getTime()) return { localDate: day.toISODate()!, dueAt: due.toJSDate() };
  }
  throw new Error(`no occurrence of ${spec.time} within two weeks`);
}

export function isOnDay(day: DateTime, days: ScheduleDays): boolean {
  if (days === 'daily') return true;
  if (days === 'weekdays') return day.weekday <= 5;
  if ('weekdaysOf' in days) return days.weekdaysOf.includes(day.weekday);
  return day.weekday === days.weekday;
}

/**
 * The instant of HH:MM on a local day. A time that does not exist that day
 * (skipped by a DST change) moves forward by the gap, as a wall clock would.
 */
export function atLocalTime(day: DateTime, time: string): DateTime {
  const [h, m] = time.split(':').map(Number) as [number, number];
  return day.set({ hour: h, minute: m, second: 0, millisecond: 0 });
}

/** True for Monday to Friday in the given zone. */
export function isWorkingDay(at: Date, timezone: string): boolean {
  return DateTime.fromJSDate(at, { zone: timezone }).weekday <= 5;
}

/** `at` plus n working days (Mon–Fri) in the given zone, keeping the local time; n < 0 goes back. */
export function addWorkingDays(at: Date, n: number, timezone: string): Date {
  let t = DateTime.fromJSDate(at, { zone: timezone });
  const step = Math.sign(n);
  let left = Math.abs(n);
  while (left > 0) {
    t = t.plus({ days: step });
    if (t.weekday <= 5) left -= 1;
  }
  return t.toJSDate();
}

export function parseLocalTime(s: string): string | undefined {
  const m = /^([01]?\d|2[0-3])[:.h]([0-5]\d)$/.exec(s.trim());
  return m ? `${m[1]!.padStart(2, '0')}:${m[2]}` : undefined;
}
