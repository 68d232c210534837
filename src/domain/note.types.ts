/** A call note as a person wrote it, before it is matched against the book of customers. */
import type { DiscoveryInput } from './discovery.js';

export const SENTIMENTS = ['positive', 'neutral', 'mixed', 'negative'] as const;
export type Sentiment = (typeof SENTIMENTS)[number];

export interface NotePersonInput {
  name: string;
  title?: string;
}

export interface FollowUpInput {
  text: string;
  /** 'YYYY-MM-DD', a day in the owner's timezone. */
  dueOn?: string;
  /** Platform user id of someone mentioned in the follow-up (`<@U123>`): they own it. */
  ownerUserId?: string;
}

export interface NoteDraft {
  /** The account as typed; resolved (prefix, case) later. */
  account: string;
  people: NotePersonInput[];
  /** 'YYYY-MM-DD' in the author's timezone; absent = today. */
  metOn?: string;
  summary: string;
  /** The customer's own words, verbatim. */
  quote?: string;
  pains: string[];
  wants: string[];
  followUps: FollowUpInput[];
  sentiment?: Sentiment;
  /** Discovery clauses, about every person the note names. */
  discovery?: DiscoveryInput;
  /** #internal: kept away from engineers. */
  internal: boolean;
  /** False for #noquote: the customer did not agree to be quoted. */
  consentToQuote: boolean;
  /** Other #hashtags, lower-cased, for channel story filters. */
  tags: string[];
}

/** Limits on what a person may type into a note. */
export const NOTE_LIMITS = {
  /** The whole command text; Slack's own slash-command limit is about here too. */
  text: 4000,
  item: 500,
  items: 10,
  people: 12,
} as const;

/** A problem with what was typed, phrased for the person who typed it. */
export class NoteInputError extends Error {
  constructor(
    readonly code: string,
    readonly userMessage: string,
    readonly hint: string,
  ) {
    super(userMessage);
    this.name = 'NoteInputError';
  }
}
