import { contactDetailsIn } from './redact.js';
import { unknownName, vocabularyOf } from './story.guardrails.js';

/** One note found for a question, as the asker may see it. Plain values, no rows. */
export interface AskSource {
  noteId: string;
  account: string;
  /** The people met, each with their current role or title when known. */
  people: Array<{ name: string; role?: string }>;
  quote?: string;
  /** False: the customer did not agree to be quoted; the quote is for us only. */
  consentToQuote: boolean;
  summary?: string;
  pains: string[];
  wants: string[];
  internal: boolean;
  metAt: Date;
  /** Display name of who logged the note. */
  loggedBy: string;
}

export const ANSWER_SENTENCES_MAX = 3;
export const ANSWER_MAX = 600;

export type AnswerRejection =
  | { code: 'empty' }
  | { code: 'too_long' }
  | { code: 'cites_nothing' }
  | { code: 'uncited_sentence'; sentence: string }
  | { code: 'unknown_source'; cited: number }
  | { code: 'unknown_name'; name: string }
  | { code: 'contact_details' };

export type AnswerVerdict = { ok: true; cited: number[] } | { ok: false; rejection: AnswerRejection };

const CITATION = /\[(\d{1,3})\]/g;

/** Sentences as a reader sees them; a citation after the full stop belongs to the sentence before it. */
export function sentences(text: string): string[] {
  return (text.replace(/\s+/g, ' ').trim().match(/[^.!?]+(?:[.!?]+(?:\s*\[\d{1,3}\])*|$)/g) ?? []).map((s) => s.trim()).filter(Boolean);
}

/**
 * A model's answer is shown only if every sentence cites the sources it was
 * given, as [1]…[n], and it names nobody and no company that the sources do
 * not. The question's own words do not count: a name asked about but absent
 * from every source is exactly what a model must not answer about.
 */
export function checkAnswer(answer: string, sources: AskSource[]): AnswerVerdict {
  const reject = (rejection: AnswerRejection): AnswerVerdict => ({ ok: false, rejection });
  const text = answer.trim();
  if (!text) return reject({ code: 'empty' });
  const parts = sentences(text);
  if (text.length > ANSWER_MAX || parts.length > ANSWER_SENTENCES_MAX) return reject({ code: 'too_long' });

  if (contactDetailsIn(text.replace(CITATION, ' ')).length) return reject({ code: 'contact_details' });

  const cited = [...text.matchAll(CITATION)].map((m) => Number(m[1]));
  if (!cited.length) return reject({ code: 'cites_nothing' });
  const outside = cited.find((n) => n < 1 || n > sources.length);
  if (outside !== undefined) return reject({ code: 'unknown_source', cited: outside });
  const bare = parts.find((s) => !new RegExp(CITATION.source).test(s));
  if (bare) return reject({ code: 'uncited_sentence', sentence: bare });

  const prose = text.replace(CITATION, ' ');
  const known = vocabularyOf(sources.flatMap(sourceTexts));
  // "Dispatchers" at the start of a sentence, "dispatcher" in the note.
  for (const w of [...known]) known.add(`${w}s`).add(`${w}es`);
  const invented = unknownName(prose, known);
  if (invented) return reject({ code: 'unknown_name', name: invented });
  return { ok: true, cited: [...new Set(cited)].sort((a, b) => a - b) };
}

function sourceTexts(s: AskSource): string[] {
  return [s.account, s.loggedBy, s.quote ?? '', s.summary ?? '', ...s.pains, ...s.wants, ...s.people.flatMap((p) => [p.name, p.role ?? ''])];
}
