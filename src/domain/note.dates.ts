import { DateTime } from 'luxon';

/*
 * Due dates as people write them after "by": 2026-12-01, 1 Dec, Dec 1st 2026,
 * Friday, tomorrow, in 3 days, next week, end of month. Pure calendar
 * arithmetic on local days ('YYYY-MM-DD'); `today` is the writer's own day.
 */

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

const day = (iso: string) => DateTime.fromISO(iso, { zone: 'UTC' });
const out = (d: DateTime) => (d.isValid ? d.toISODate()! : undefined);

function monthIndex(word: string): number | undefined {
  const w = word.toLowerCase().replace(/\.$/, '');
  if (w.length < 3) return undefined;
  const i = MONTHS.findIndex((full) => full.startsWith(w) || (w === 'sept' && full === 'september'));
  return i >= 0 ? i + 1 : undefined;
}

function weekdayIndex(word: string): number | undefined {
  const w = word.toLowerCase().replace(/\.$/, '');
  if (w.length < 3) return undefined;
  const full = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
  const i = full.findIndex((f) => f.startsWith(w) || (w === 'tues' && f === 'tuesday') || (w === 'thurs' && f === 'thursday'));
  return i >= 0 ? i + 1 : undefined;
}

/** A calendar date from a day and month, in this year or, if already past, the next. */
function dayMonth(today: DateTime, d: number, m: number, y?: number): string | undefined {
  if (y !== undefined) return out(DateTime.fromObject({ year: y, month: m, day: d }, { zone: 'UTC' }));
  const thisYear = DateTime.fromObject({ year: today.year, month: m, day: d }, { zone: 'UTC' });
  if (!thisYear.isValid) {
    // 29 Feb: only in a leap year; look a few years ahead.
    for (let k = 1; k <= 4; k += 1) {
      const later = DateTime.fromObject({ year: today.year + k, month: m, day: d }, { zone: 'UTC' });
      if (later.isValid) return out(later);
    }
    return undefined;
  }
  return out(thisYear < today ? thisYear.plus({ years: 1 }) : thisYear);
}

/** The date meant by `text`, or undefined when it is not one this understands. */
export function parseDueDate(text: string, today: string): string | undefined {
  const t = text.trim().toLowerCase().replace(/[.,!]+$/, '').replace(/\s+/g, ' ');
  const now = day(today);
  if (!now.isValid) throw new Error(`today is not a date: ${today}`);

  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(t);
  if (m) return out(DateTime.fromObject({ year: +m[1]!, month: +m[2]!, day: +m[3]! }, { zone: 'UTC' }));
  if (t === 'today' || t === 'eod' || t === 'end of day' || t === 'end of today') return out(now);
  if (t === 'tomorrow' || t === 'tmrw') return out(now.plus({ days: 1 }));
  m = /^in (\d{1,3}) (day|days|week|weeks)$/.exec(t);
  if (m) return out(now.plus(m[2]!.startsWith('week') ? { weeks: +m[1]! } : { days: +m[1]! }));
  if (t === 'next week') return out(now.plus({ weeks: 1 }).startOf('week'));
  if (t === 'end of week' || t === 'eow' || t === 'end of the week') return out(now.weekday <= 5 ? now.set({ weekday: 5 }) : now.plus({ weeks: 1 }).set({ weekday: 5 }));
  if (t === 'end of month' || t === 'eom' || t === 'end of the month') return out(now.endOf('month').startOf('day'));

  m = /^(?:next |this )?([a-z]+)$/.exec(t);
  if (m) {
    const wd = weekdayIndex(m[1]!);
    if (wd !== undefined) {
      // The next such day after today: "by Friday" on a Friday means next week's.
      const ahead = ((wd - now.weekday + 7) % 7) || 7;
      return out(now.plus({ days: ahead }));
    }
  }
  // 1 Dec, 1st December 2026
  m = /^(\d{1,2})(?:st|nd|rd|th)? (?:of )?([a-z]+\.?),? ?(\d{4})?$/.exec(t);
  if (m) {
    const mon = monthIndex(m[2]!);
    if (mon !== undefined) return dayMonth(now, +m[1]!, mon, m[3] ? +m[3] : undefined);
  }
  // Dec 1, December 1st, 2026
  m = /^([a-z]+\.?) (\d{1,2})(?:st|nd|rd|th)?,? ?(\d{4})?$/.exec(t);
  if (m) {
    const mon = monthIndex(m[1]!);
    if (mon !== undefined) return dayMonth(now, +m[2]!, mon, m[3] ? +m[3] : undefined);
  }
  return undefined;
}

/** True when `text` was probably meant as a date (so failing to read it is worth saying). */
export function looksLikeDate(text: string): boolean {
  const t = text.trim().toLowerCase();
  if (/\d/.test(t)) return true;
  return t.split(/[\s,]+/).some((w) => monthIndex(w) !== undefined || weekdayIndex(w) !== undefined || ['today', 'tomorrow', 'week', 'month'].includes(w));
}

export const DATE_HINT = 'Write the date as 2026-12-01, 1 Dec, Friday, tomorrow or in 3 days.';
