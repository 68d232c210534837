/** A shareable note that could become a story in a channel. */
export interface StoryCandidate {
  noteId: string;
  accountId: string;
  metAt: Date;
  /** The note's and its account's tags, lower-case. */
  tags: string[];
}

export interface ChannelState {
  /** The channel's filter; empty means every note. */
  tags: string[];
  /** Notes already shown (or being shown) in this channel. */
  shown: ReadonlySet<string>;
  /** The account of the channel's latest story. */
  lastAccountId?: string;
}

export type NothingLeft =
  | { code: 'no_notes' }
  | { code: 'no_tag_match'; tags: string[] }
  | { code: 'all_shown'; total: number; tags: string[] };

export type Choice = { ok: true; candidate: StoryCandidate } | { ok: false; why: NothingLeft };

export const FRESH_DAYS = 30;
const DAY_MS = 86_400_000;

/**
 * Picks the next story for a channel. Never a repeat. Among the rest, a
 * different account than last time wins over freshness, because two days of
 * the same customer reads like a campaign; then notes from the last 30 days;
 * then the newest. Ties break on the note id so the choice is reproducible.
 */
export function chooseStory(candidates: readonly StoryCandidate[], channel: ChannelState, now: Date): Choice {
  if (candidates.length === 0) return { ok: false, why: { code: 'no_notes' } };
  const wanted = new Set(channel.tags);
  const matching = wanted.size === 0 ? candidates : candidates.filter((c) => c.tags.some((t) => wanted.has(t)));
  if (matching.length === 0) return { ok: false, why: { code: 'no_tag_match', tags: channel.tags } };
  const fresh = matching.filter((c) => !channel.shown.has(c.noteId));
  if (fresh.length === 0) return { ok: false, why: { code: 'all_shown', total: matching.length, tags: channel.tags } };

  const score = (c: StoryCandidate) => [
    c.accountId !== channel.lastAccountId ? 1 : 0,
    now.getTime() - c.metAt.getTime() <= FRESH_DAYS * DAY_MS ? 1 : 0,
    c.metAt.getTime(),
  ];
  const best = [...fresh].sort((a, b) => {
    const sa = score(a);
    const sb = score(b);
    for (let i = 0; i < sa.length; i += 1) if (sa[i] !== sb[i]) return sb[i]! - sa[i]!;
    return a.noteId < b.noteId ? -1 : a.noteId > b.noteId ? 1 : 0;
  })[0]!;
  return { ok: true, candidate: best };
}
