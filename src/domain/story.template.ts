import { redact } from './redact.js';

/** What a story may be written from: one shareable note, about one person. */
export interface StoryFacts {
  person: { name: string; title?: string | null };
  account: string;
  /** Who logged the note (display name). */
  author: string;
  quote?: string | null;
  summary?: string | null;
  pains: string[];
  wants: string[];
  /** Everyone else the note names (other people on the call). */
  others: string[];
  rawText: string;
}

/** The words of a story; the card adds the person, pains, wants and who logged it. */
export interface StoryDraft {
  title: string;
  body: string;
  /** The customer's words, verbatim (redacted); null when the note has none. */
  quote: string | null;
}

export const TITLE_MAX = 120;
export const BODY_MAX = 600;

/** The note's quote as a story may show it: contact details removed, nothing else touched. */
export function storyQuote(facts: StoryFacts): string | null {
  const q = facts.quote?.trim();
  return q ? redact(q) : null;
}

export function firstName(name: string): string {
  return name.trim().split(/\s+/)[0] ?? name;
}

/**
 * The deterministic story: always available, never invents anything. It leads
 * with the person, as the product does; the company comes second.
 */
export function templateStory(facts: StoryFacts): StoryDraft {
  const who = facts.person.title ? `${facts.person.name}, ${facts.person.title}` : facts.person.name;
  const first = firstName(facts.person.name);
  const summary = facts.summary?.trim();
  const pain = facts.pains[0]?.trim();
  const body = summary
    ? redact(summary)
    : pain
      ? `What gets in ${first}'s way: ${redact(pain)}.`
      : `${first} talked with ${facts.author} about their work at ${facts.account}.`;
  return {
    title: clipWords(`Meet ${who} at ${facts.account}`, TITLE_MAX),
    body: clipWords(body, BODY_MAX),
    quote: storyQuote(facts),
  };
}

/** Cuts at a word boundary and marks the cut, so a long summary never breaks mid-word. */
export function clipWords(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
