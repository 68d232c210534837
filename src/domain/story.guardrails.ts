import { contactDetailsIn } from './redact.js';
import { BODY_MAX, storyQuote, TITLE_MAX, type StoryDraft, type StoryFacts } from './story.template.js';

export type DraftRejection =
  | { code: 'quote_altered' }
  | { code: 'quote_invented' }
  | { code: 'unknown_name'; name: string }
  | { code: 'contact_details'; found: Array<'email' | 'phone' | 'url'> }
  | { code: 'too_long'; field: 'title' | 'body' }
  | { code: 'empty'; field: 'title' | 'body' };

/**
 * Words that start sentences or name times, not people. A capitalised word
 * outside this list and outside the note is taken for a name the model made
 * up; a false alarm only costs us the template, a missed one would put words
 * in a real person's mouth.
 */
const COMMON = new Set(
  (
    'a an and as at after all also although an another any because before both but by during each even every for from ' +
    'he her here hers him his how i if in into it its just many more most much my no not now of on once one only or our ' +
    'she since so some soon still such that the their them then there these they this those though to today too two three ' +
    'until us we what when where which while who whom whose why with without yet you your ' +
    'meet month weekly daily ' +
    'monday tuesday wednesday thursday friday saturday sunday ' +
    'january february march april may june july august september october november december'
  ).split(/\s+/),
);

/** Accepts a model's draft only if it keeps every promise the template keeps. */
export function checkDraft(draft: StoryDraft, facts: StoryFacts): { ok: true } | { ok: false; rejection: DraftRejection } {
  const reject = (rejection: DraftRejection) => ({ ok: false as const, rejection });
  const expected = storyQuote(facts);
  const quote = unquote(draft.quote ?? '');
  if (expected ? quote !== expected : quote !== '') return reject({ code: expected ? 'quote_altered' : 'quote_invented' });

  for (const field of ['title', 'body'] as const) {
    const value = draft[field].trim();
    if (!value) return reject({ code: 'empty', field });
    if (value.length > (field === 'title' ? TITLE_MAX : BODY_MAX)) return reject({ code: 'too_long', field });
  }

  // The quote may be repeated in the body; it is the customer's own words, checked above.
  const prose = `${draft.title}\n${expected ? draft.body.split(expected).join(' ') : draft.body}`;
  const found = contactDetailsIn(prose);
  if (found.length > 0) return reject({ code: 'contact_details', found });

  const invented = unknownName(prose, vocabulary(facts));
  if (invented) return reject({ code: 'unknown_name', name: invented });
  return { ok: true };
}

/** The first capitalised word of `prose` that is neither in `known` nor a common word: a name the model made up. */
export function unknownName(prose: string, known: Set<string>): string | undefined {
  for (const word of capitalisedWords(prose)) {
    const key = word.toLowerCase();
    if (!known.has(key) && !COMMON.has(key)) return word;
  }
  return undefined;
}

/** Models like to wrap quotes in quotation marks; the words inside are what must match. */
function unquote(s: string): string {
  return s.trim().replace(/^["“”'‘’]+|["“”'‘’]+$/g, '').trim();
}

function words(text: string): string[] {
  return text.match(/[\p{L}][\p{L}\p{M}'’-]*/gu) ?? [];
}

function capitalisedWords(text: string): string[] {
  return words(text)
    .filter((w) => /^\p{Lu}/u.test(w))
    .map((w) => w.replace(/['’]s$/u, ''))
    .flatMap((w) => w.split('-').filter((part) => /^\p{Lu}/u.test(part)));
}

/** Every word the note itself uses: a name from here is not invented. */
function vocabulary(facts: StoryFacts): Set<string> {
  return vocabularyOf([
    facts.person.name,
    facts.person.title ?? '',
    facts.account,
    facts.author,
    facts.quote ?? '',
    facts.summary ?? '',
    facts.rawText,
    ...facts.pains,
    ...facts.wants,
    ...facts.others,
  ]);
}

/** The lower-cased words (and hyphenated parts) of some texts, for unknownName. */
export function vocabularyOf(texts: string[]): Set<string> {
  const known = new Set<string>();
  for (const w of words(texts.join('\n'))) {
    const base = w.replace(/['’]s$/u, '').toLowerCase();
    known.add(base);
    for (const part of base.split('-')) known.add(part);
  }
  return known;
}
