import { IANAZone } from 'luxon';
import { parseLocalTime } from './schedule.js';

/** `hallway subscribe [HH:MM] [<IANA timezone>] [weekdays|daily] [tags: a, b]`, read into its parts. */
export interface SubscribeRequest {
  time?: string;
  timezone?: string;
  days?: 'weekdays' | 'daily';
  tags: string[];
}

export type SubscribeProblem =
  | { code: 'bad_time'; word: string }
  | { code: 'bad_timezone'; word: string }
  | { code: 'bad_days'; word: string }
  | { code: 'repeated'; word: string; what: 'time' | 'timezone' | 'days' }
  | { code: 'empty_tags' }
  | { code: 'unknown_word'; word: string };

export type SubscribeParse = { ok: true; value: SubscribeRequest } | { ok: false; problem: SubscribeProblem };

/** Words people reach for that mean "a schedule", so they get the schedule hint rather than "unknown word". */
const SCHEDULE_WORDS = /^(weekly|monthly|hourly|weekends?|every(day)?|mon(day)?s?|tue(s(day)?)?s?|wed(nesday)?s?|thu(rs(day)?)?s?|fri(day)?s?|sat(urday)?s?|sun(day)?s?|work(ing)?days?|business ?days?)$/i;

export function parseSubscribe(text: string): SubscribeParse {
  const value: SubscribeRequest = { tags: [] };
  let rest = text.trim();

  const tagAt = /(^|\s)tags?:/i.exec(rest);
  if (tagAt) {
    const list = rest.slice(tagAt.index + tagAt[0].length);
    rest = rest.slice(0, tagAt.index);
    value.tags = normaliseTags(list);
    if (value.tags.length === 0) return { ok: false, problem: { code: 'empty_tags' } };
  }

  for (const word of rest.split(/\s+/).filter(Boolean)) {
    const lower = word.toLowerCase();
    if (/^\d{1,2}[:.h]\d{1,2}$/.test(word) || /^\d{1,2}(am|pm)?$/i.test(word)) {
      const time = parseLocalTime(word);
      if (!time) return { ok: false, problem: { code: 'bad_time', word } };
      if (value.time) return { ok: false, problem: { code: 'repeated', word, what: 'time' } };
      value.time = time;
    } else if (lower === 'weekdays' || lower === 'daily') {
      if (value.days) return { ok: false, problem: { code: 'repeated', word, what: 'days' } };
      value.days = lower;
    } else if (SCHEDULE_WORDS.test(word)) {
      return { ok: false, problem: { code: 'bad_days', word } };
    } else if (word.includes('/') || lower === 'utc') {
      const zone = canonicalZone(word);
      if (!zone) return { ok: false, problem: { code: 'bad_timezone', word } };
      if (value.timezone) return { ok: false, problem: { code: 'repeated', word, what: 'timezone' } };
      value.timezone = zone;
    } else {
      return { ok: false, problem: { code: 'unknown_word', word } };
    }
  }
  return { ok: true, value };
}

/** Lower-case, without a leading '#', no blanks or repeats. */
export function normaliseTags(list: string): string[] {
  const tags = list
    .split(/[,\s]+/)
    .map((t) => t.trim().replace(/^#/, '').toLowerCase())
    .filter(Boolean);
  return [...new Set(tags)];
}

/**
 * The zone as IANA spells it ("europe/berlin" → "Europe/Berlin"), or
 * undefined. Only the case is fixed: Intl's own canonical names are old
 * aliases (Asia/Calcutta for Asia/Kolkata), so the name typed is kept.
 */
export function canonicalZone(name: string): string | undefined {
  if (!IANAZone.isValidZone(name)) return undefined;
  if (name.toLowerCase() === 'utc') return 'UTC';
  return knownZones().get(name.toLowerCase()) ?? name.replace(/[^/_-]+/g, (part) => part[0]!.toUpperCase() + part.slice(1).toLowerCase());
}

let zones: Map<string, string> | undefined;
function knownZones(): Map<string, string> {
  zones ??= new Map(Intl.supportedValuesOf('timeZone').map((z) => [z.toLowerCase(), z]));
  return zones;
}
