import type { Ranked } from './digest.model.js';

/** One spelling of a pain as the database counted it. */
export interface PainCount {
  text: string;
  now: number;
  last: number;
}

/**
 * The grouping key: "Manual reconciliation!", "manual-reconciliation",
 * "MANUAL  reconciliation" and "SSO set-up" / "sso setup" pair up. Only
 * letters and digits count, case-folded: spaces go too, because people
 * write "set-up", "set up" and "setup" for one thing.
 */
export function painKey(text: string): string {
  return text
    .normalize('NFKC')
    .toLocaleLowerCase('en')
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

/**
 * The pains heard most this week, grouped by painKey, each beside last
 * week's count. A group is shown in its most used spelling this week (then
 * over both weeks, then alphabetically, so the choice is stable).
 */
export function topPains(counts: readonly PainCount[], limit: number): Ranked[] {
  const groups = new Map<string, { now: number; last: number; spellings: PainCount[] }>();
  for (const c of counts) {
    const key = painKey(c.text);
    if (!key) continue;
    const g = groups.get(key) ?? { now: 0, last: 0, spellings: [] };
    g.now += c.now;
    g.last += c.last;
    g.spellings.push(c);
    groups.set(key, g);
  }
  return [...groups.entries()]
    .filter(([, g]) => g.now > 0)
    .sort(([ka, a], [kb, b]) => b.now - a.now || b.last - a.last || ka.localeCompare(kb))
    .slice(0, limit)
    .map(([, g]) => ({ label: bestSpelling(g.spellings), value: { now: g.now, last: g.last } }));
}

function bestSpelling(spellings: PainCount[]): string {
  const [best] = [...spellings].sort(
    (a, b) => b.now - a.now || b.now + b.last - (a.now + a.last) || a.text.trim().localeCompare(b.text.trim()),
  );
  return best!.text.trim();
}
