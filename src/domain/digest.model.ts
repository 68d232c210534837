import type { DigestWindow } from './digest.week.js';

/** A figure this week, beside the same figure last week. */
export interface Compared {
  now: number;
  last: number;
}

/** One line of a "by person" or "by pain" list. */
export interface Ranked {
  label: string;
  value: Compared;
}

export interface RankedList {
  /** The first few, largest first. */
  top: Ranked[];
  /** How many lines there were before the list was cut. */
  total: number;
}

export interface ChangeLine {
  account: string;
  person: string;
  kind: 'joined' | 'left' | 'replaced' | 'role_changed';
  role: string | null;
  status: 'open' | 'snoozed' | 'done';
}

export interface ColdAccount {
  account: string;
  /** Whole days since the last note; null when there never was one. */
  daysSilent: number | null;
}

export interface ShareableQuote {
  text: string;
  person: string | null;
  title: string | null;
  account: string;
}

export interface TopStory {
  title: string;
  reactions: number;
  hearMore: number;
  replies: number;
}

/** A channel whose stories slowed down because nobody engaged (src/domain/story.cadence.ts). */
export interface SlowedChannel {
  /** "#engineering", or "a channel Lee subscribed" when the platform gave no name. */
  channel: string;
  /** "on Mondays, Wednesdays and Fridays". */
  cadence: string;
}

/** Everything a digest says, as figures; the message builder words it. */
export interface DigestData {
  window: DigestWindow;
  /** Whose work it covers: the manager's team, or everyone when no team is set. */
  scope: { kind: 'team'; size: number } | { kind: 'org' } | { kind: 'self' };
  conversations: {
    notes: Compared;
    accountsTouched: Compared;
    singleThreaded: Compared;
    byAuthor: RankedList;
  };
  relationships: {
    changes: Compared;
    open: Compared;
    snoozed: Compared;
    /** Acknowledged during the week. */
    done: Compared;
    /** Open for more than STALE_WORKING_DAYS working days, by account owner. */
    staleByOwner: RankedList;
    recent: ChangeLine[];
  };
  goingCold: { days: number; count: Compared; coldest: ColdAccount[] };
  followUps: { overdue: Compared; byOwner: RankedList };
  /** People whose discovery has a field missing or older than DISCOVERY_STALE_DAYS, by account owner. */
  discovery: { staleByOwner: RankedList };
  voice: { pains: Ranked[]; quotes: ShareableQuote[] };
  stories: {
    posted: Compared;
    reactions: Compared;
    hearMore: Compared;
    notUseful: Compared;
    top: TopStory | null;
    /** The stories engaged with most this week, up to ENGAGED_LIMIT; the first is `top`. */
    engagedMost: TopStory[];
    /** Every channel of the organisation whose stories come less often now. */
    slowed: SlowedChannel[];
  };
  /** Notes per week, oldest first; the last is this week. */
  trend: number[];
  /** Stakeholder changes acted on per week, oldest first. */
  trendActed: number[];
  /** Engineers' reactions, "hear more" asks and replies to stories per week, oldest first. */
  trendEngaged: number[];
}

export const STALE_WORKING_DAYS = 3;
export const DEFAULT_GOING_COLD_DAYS = 30;
/** Lines shown in a by-person list before "and N more". */
export const LIST_LIMIT = 8;
export const PAIN_LIMIT = 5;
export const QUOTE_LIMIT = 3;
export const COLD_LIMIT = 5;
export const CHANGE_LIMIT = 5;
export const ENGAGED_LIMIT = 3;

export function isQuiet(c: Compared): boolean {
  return c.now === 0 && c.last === 0;
}
