import { nameKey } from './names.js';

/*
 * A question as typed to /hallway ask, turned into what the database search
 * needs: the phrases that could be an account's or a person's name (looked
 * up exactly, then used as a boost), and the remaining words as a
 * websearch_to_tsquery string. Pure.
 */

export const QUESTION_MAX = 300;
/** The longest name looked for in a question, in words ("Northwind Freight Logistics Group"). */
const NAME_WORDS = 4;

export type QuestionProblem = { code: 'question_empty' | 'question_too_long' | 'question_no_words'; message: string; hint: string };

const HINT = 'Ask in plain words, e.g. /hallway ask what did Acme say about billing?';

export function questionProblem(question: string): QuestionProblem | undefined {
  const q = question.trim();
  if (!q) return { code: 'question_empty', message: 'What would you like to know?', hint: HINT };
  if (q.length > QUESTION_MAX) {
    return { code: 'question_too_long', message: `That question is ${q.length} characters; I read questions of up to ${QUESTION_MAX}.`, hint: 'Ask about one thing at a time.' };
  }
  if (!/[\p{L}\p{N}]/u.test(q)) return { code: 'question_no_words', message: 'There are no words in that question.', hint: HINT };
  return undefined;
}

/**
 * Words that make a sentence a question but say nothing about its subject.
 * Postgres drops English stop words itself; these are the ones it keeps
 * ("say", "cares") that would otherwise have to appear in a note.
 */
const FILLER = new Set(
  (
    'what whats who whom whose which when where why how did does do done said say says saying tell told telling ' +
    'about around regarding re anyone anybody someone somebody people person customer customers us we our me my ' +
    'care cares caring mention mentioned mentions talk talked talking think thinks thought feel feels felt ' +
    'hear heard know known any anything something there here is are was were be been has have had the a an of ' +
    'at in on to for from with and or any latest recent recently lately ever'
  ).split(/\s+/),
);

function words(text: string): string[] {
  return text.match(/[\p{L}\p{N}][\p{L}\p{N}'’&.-]*[\p{L}\p{N}]|[\p{L}\p{N}]/gu) ?? [];
}

/** Every run of up to four words, as name keys: what an account's or a person's name_key may equal. */
export function nameCandidates(question: string): string[] {
  const w = words(question).map((x) => nameKey(x.replace(/['’]s$/u, '')));
  const out = new Set<string>();
  for (let i = 0; i < w.length; i += 1) {
    for (let n = 1; n <= NAME_WORDS && i + n <= w.length; n += 1) out.add(w.slice(i, i + n).join(' '));
  }
  return [...out];
}

export interface SearchText {
  /** Matches a note with any of the words: a question's words rarely all appear in one note. */
  any: string;
  /** Matches a note with every word: ranked above those with only some. */
  all: string;
}

/**
 * The question's subject as websearch_to_tsquery strings: quoted phrases
 * kept as phrases, filler words dropped. Names found in the book are left
 * out: they boost the notes of that account or person rather than require
 * the name in the text. Both empty when nothing is left.
 */
export function searchText(question: string, names: string[]): SearchText {
  const phrases: string[] = [];
  const rest = question.replace(/["“”]([^"“”]+)["“”]/g, (_all, phrase: string) => {
    const p = words(phrase).join(' ');
    if (p) phrases.push(`"${p}"`);
    return ' ';
  });
  let remaining = ` ${words(rest).map((x) => nameKey(x.replace(/['’]s$/u, ''))).join(' ')} `;
  // Longest names first, so "dana lee" goes before "dana".
  for (const name of [...names].sort((a, b) => b.length - a.length)) remaining = remaining.split(` ${name} `).join(' ');
  const terms = remaining
    .split(' ')
    .filter((x) => x && !FILLER.has(x))
    // websearch_to_tsquery reads "or" and a leading "-" as operators.
    .map((x) => x.replace(/^-+/, ''))
    .filter(Boolean);
  const all = [...new Set([...phrases, ...terms])];
  return { any: all.join(' or '), all: all.join(' ') };
}
