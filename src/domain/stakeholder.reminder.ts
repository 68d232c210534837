import { DateTime } from 'luxon';
import { addWorkingDays, isWorkingDay } from './schedule.js';

/** An unacknowledged reminder comes back after this many working days. */
export const REMIND_AGAIN_AFTER_WORKING_DAYS = 3;
/** A reminder that falls on a weekend waits for Monday at this local time. */
export const WEEKEND_REMINDER_TIME = { hour: 9, minute: 0 };
export const DEFAULT_GOING_COLD_DAYS = 45;

export interface ReminderState {
  status: 'open' | 'snoozed' | 'done';
  createdAt: Date;
  snoozedUntil: Date | null;
  /** Rounds already queued. */
  remindCount: number;
  lastRemindedAt: Date | null;
}

/**
 * When the next round of a stakeholder-change reminder is due, in the
 * recipient's zone: at once for a new change, when a snooze ends, or three
 * working days after the last round; never on a Saturday or Sunday.
 */
export function reminderDueAt(s: ReminderState, zone: string): Date | undefined {
  if (s.status === 'done') return undefined;
  if (s.status === 'snoozed') return s.snoozedUntil ? onWorkingDay(s.snoozedUntil, zone) : undefined;
  if (s.remindCount === 0 || !s.lastRemindedAt) return onWorkingDay(s.createdAt, zone);
  return onWorkingDay(addWorkingDays(s.lastRemindedAt, REMIND_AGAIN_AFTER_WORKING_DAYS, zone), zone);
}

/** `at` itself on a working day; otherwise the next Monday morning in `zone`. */
export function onWorkingDay(at: Date, zone: string): Date {
  if (isWorkingDay(at, zone)) return at;
  let t = DateTime.fromJSDate(at, { zone }).startOf('day');
  while (t.weekday > 5) t = t.plus({ days: 1 });
  return t.set(WEEKEND_REMINDER_TIME).toJSDate();
}

export type SnoozeFor = '1d' | '1w';

/** The end of a snooze, on the recipient's calendar (a day is a local day across DST). */
export function snoozeUntil(now: Date, snooze: SnoozeFor, zone: string): Date {
  const t = DateTime.fromJSDate(now, { zone });
  return onWorkingDay((snooze === '1d' ? t.plus({ days: 1 }) : t.plus({ weeks: 1 })).toJSDate(), zone);
}

/**
 * A role holder is going cold when nobody has met them for `days`; the spell
 * is named by the last contact, so one nudge goes out per spell and a new
 * note starts a new one.
 */
export function coldSpell(lastContact: Date, now: Date, days: number): string | undefined {
  return now.getTime() - lastContact.getTime() >= days * 86_400_000 ? lastContact.toISOString() : undefined;
}

export function goingColdDays(settings: { goingColdDays?: unknown } | null | undefined): number {
  const n = settings?.goingColdDays;
  return typeof n === 'number' && Number.isInteger(n) && n > 0 ? n : DEFAULT_GOING_COLD_DAYS;
}
