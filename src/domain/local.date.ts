import { DateTime } from 'luxon';

const formatters = new Map<string, Intl.DateTimeFormat | null>();
/** Per zone, the last minute asked and its date: a command asks for "now" several times within one minute. */
const lastMinute = new Map<string, { minute: number; date: string }>();
/** Since 1970 every zone's offset is whole minutes (local mean times with seconds are older), so a minute has one date. */
const MINUTE_MS = 60_000;

/**
 * The calendar date ('YYYY-MM-DD') of an instant in a timezone: what luxon's
 * `DateTime.fromJSDate(at, { zone }).toISODate()` says, for half its
 * cost (one Intl formatter kept per zone). A `/callnote` asks three times.
 * A zone Intl does not know (luxon's own names, say) goes to luxon.
 */
export function localDate(at: Date, zone: string): string {
  const minute = Math.floor(at.getTime() / MINUTE_MS);
  const last = lastMinute.get(zone);
  if (last?.minute === minute) return last.date;
  const date = computeLocalDate(at, zone);
  if (minute >= 0) lastMinute.set(zone, { minute, date });
  return date;
}

function computeLocalDate(at: Date, zone: string): string {
  let format = formatters.get(zone);
  if (format === undefined) {
    try {
      format = new Intl.DateTimeFormat('en-US', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' });
    } catch {
      format = null;
    }
    formatters.set(zone, format);
  }
  if (!format) return DateTime.fromJSDate(at, { zone }).toISODate()!;
  let year = '';
  let month = '';
  let day = '';
  for (const part of format.formatToParts(at)) {
    if (part.type === 'year') year = part.value;
    else if (part.type === 'month') month = part.value;
    else if (part.type === 'day') day = part.value;
  }
  return `${year}-${month}-${day}`;
}
