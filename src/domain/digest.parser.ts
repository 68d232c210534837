import { parseLocalTime } from './schedule.js';

/** When a weekly digest arrives: an ISO weekday (1 = Monday) and 'HH:MM'. */
export interface DigestSchedule {
  weekday: number;
  time: string;
}

export const DEFAULT_DIGEST_SCHEDULE: DigestSchedule = { weekday: 1, time: '09:00' };

export const WEEKDAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;

export type ScheduleProblem =
  | { problem: 'unknown_day'; word: string }
  | { problem: 'bad_time'; word: string }
  | { problem: 'twice'; word: string };

/** "monday", "Mon", "mondays" → 1. */
export function parseWeekday(word: string): number | undefined {
  const w = word.toLowerCase().replace(/s$/, '');
  const i = WEEKDAY_NAMES.findIndex((name) => {
    const n = name.toLowerCase();
    return w === n || (w.length >= 3 && n.startsWith(w) && w.length <= n.length);
  });
  return i >= 0 ? i + 1 : undefined;
}

/**
 * `[<day>] [HH:MM]` in either order; what is left out keeps its default
 * (Monday, 09:00). A word that looks like a time but is not one ("25:00",
 * "9:75") is a bad time; any other unknown word is an unknown day.
 */
export function parseDigestSchedule(text: string): DigestSchedule | ScheduleProblem {
  let weekday: number | undefined;
  let time: string | undefined;
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (/^\d/.test(word)) {
      const t = parseLocalTime(word);
      if (!t) return { problem: 'bad_time', word };
      if (time) return { problem: 'twice', word };
      time = t;
      continue;
    }
    const d = parseWeekday(word.replace(/[,.]$/, ''));
    if (!d) return { problem: 'unknown_day', word };
    if (weekday) return { problem: 'twice', word };
    weekday = d;
  }
  return { weekday: weekday ?? DEFAULT_DIGEST_SCHEDULE.weekday, time: time ?? DEFAULT_DIGEST_SCHEDULE.time };
}

/** `<@U123>` / `<@U123|Sam Lee>` → the ids and names, in order, once each; `rest` is what was not a mention. */
export function parseMentions(text: string): { mentions: { userId: string; name?: string }[]; rest: string } {
  const mentions: { userId: string; name?: string }[] = [];
  const rest = text.replace(/<@([^|>\s]+)(?:\|([^>]*))?>/g, (_m, id: string, name: string | undefined) => {
    if (!mentions.some((m) => m.userId === id)) mentions.push({ userId: id, ...(name?.trim() ? { name: name.trim() } : {}) });
    return ' ';
  });
  // Separators people put between mentions are not leftovers.
  return { mentions, rest: rest.replace(/(^|\s)(and|&)(?=\s|$)/gi, ' ').replace(/[,;]/g, ' ').replace(/\s+/g, ' ').trim() };
}
