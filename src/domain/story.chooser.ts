/** A shareable note that could become a story in a channel. */
export interface StoryCandidate {
  noteId: string;
  accountId: string;
  metAt: Date;
  /** The note's and its account's tags, lower-case. */
  tags: string[];
  /** The note's pains, lower-case. */
  pains?: string[];
}

/** A story someone in the channel found "not useful" lately: its pains and tags. */
export interface Disliked {
  pains: string[];
  tags: string[];
}

export interface ChannelState {
  /** The channel's filter; empty means every note. */
  tags: string[];
  /** Notes already shown (or being shown) in this channel. */
  shown: ReadonlySet<string>;
  /** The account of the channel's latest story. */
  lastAccountId?: string;
  /** Stories marked "not useful" here lately (NOT_USEFUL_DAYS): fewer like them. */
  disliked?: readonly Disliked[];
}

/** How long a "not useful" steers a channel's choice. */
export const NOT_USEFUL_DAYS = 28;

export type NothingLeft =
  | { code: 'no_notes' }
  | { code: 'no_tag_match'; tags: string[] }
  | { code: 'all_shown'; total: number; tags: string[] };

export type Choice = { ok: true; candidate: StoryCandidate } | { ok: false; why: NothingLeft };

export const FRESH_DAYS = 30;
const DAY_MS = 86_400_000;

/**
 * Picks the next story for a channel. Never a repeat. Among the rest, one
 * unlike the stories the channel found "not useful" lately (no shared pain,
 * no shared tag beyond the channel's own filter) comes first: that is the
 * channel telling us; then a different account than last time wins over
 * freshness, because two days of the same customer reads like a campaign;
 * then notes from the last 30 days; then the newest. Ties break on the note
 * id so the choice is reproducible. A story like a disliked one is still
 * shown when nothing else is left.
 */
export function chooseStory(candidates: readonly StoryCandidate[], channel: ChannelState, now: Date): Choice {
  if (candidates.length === 0) return { ok: false, why: { code: 'no_notes' } };
  const wanted = new Set(channel.tags);
  const matching = wanted.size === 0 ? candidates : candidates.filter((c) => c.tags.some((t) => wanted.has(t)));
  if (matching.length === 0) return { ok: false, why: { code: 'no_tag_match', tags: channel.tags } };
  const fresh = matching.filter((c) => !channel.shown.has(c.noteId));
  if (fresh.length === 0) return { ok: false, why: { code: 'all_shown', total: matching.length, tags: channel.tags } };

  const score = (c: StoryCandidate) => [
    isLikeDisliked(c, channel) ? 0 : 1,
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

function isLikeDisliked(c: StoryCandidate, channel: ChannelState): boolean {
  if (!channel.disliked?.length) return false;
  const filter = new Set(channel.tags);
  const pains = new Set((c.pains ?? []).map((p) => p.toLowerCase()));
  const tags = new Set(c.tags.filter((t) => !filter.has(t)));
  return channel.disliked.some((d) => d.pains.some((p) => pains.has(p.toLowerCase())) || d.tags.some((t) => tags.has(t)));
}
