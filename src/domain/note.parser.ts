import { DISCOVERY_FIELDS, DISCOVERY_VALUE_MAX, hasDiscovery, isProblem, parseReady, type DiscoveryFieldName, type DiscoveryInput } from './discovery.js';
import { cleanName, nameKey, nameProblem } from './names.js';
import { DATE_HINT, looksLikeDate, parseDueDate } from './note.dates.js';
import { NOTE_LIMITS, NoteInputError, SENTIMENTS, type FollowUpInput, type NoteDraft, type NotePersonInput, type Sentiment } from './note.types.js';

/*
 * The quick syntax of /callnote:
 *
 *   <account> [with <name> [(<title>)][, <name> …]]: <text>
 *
 * where <text> may hold a "verbatim quote", clauses `pain: …; want: …;
 * follow-up: … [by <date>]`, `sentiment: …`, the discovery clauses `need: …;
 * now: …; goal: …; ready: low|medium|high [because …]; capacity: …` about
 * the people named, and the flags #internal and
 * #noquote (other #hashtags become tags). Pure: `today` is the author's day.
 */

export type ParsedCommand =
  | { kind: 'note'; draft: NoteDraft }
  /** No colon, just a name (and people): open the form with them filled in. */
  | { kind: 'form'; account: string; people?: string };

const USAGE = 'Write it as /callnote <account> [with <name> (<title>), …]: <what you heard>, e.g. /callnote Acme with Dana Lee (VP Engineering): "We lose two days every month-end"';

interface Segment {
  quoted: boolean;
  text: string;
}

const OPEN = new Set(['"', '“', '„']);
const CLOSERS: Record<string, string[]> = { '"': ['"', '”'], '“': ['”', '"', '“'], '„': ['“', '”', '"'] };

/** Splits text into plain and "quoted" runs; an unclosed quote is an error, never guessed at. */
function segments(text: string): Segment[] {
  const out: Segment[] = [];
  let plain = '';
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i]!;
    if (!OPEN.has(c)) {
      plain += c;
      continue;
    }
    const closers = CLOSERS[c]!;
    let j = i + 1;
    while (j < text.length && !closers.includes(text[j]!)) j += 1;
    if (j >= text.length) {
      const start = text.slice(i + 1, i + 31).trim();
      throw new NoteInputError(
        'unclosed_quote',
        `The quote starting ${c}${start}${text.length > i + 31 ? '…' : ''} has no closing quote mark.`,
        'Close the customer\'s words with a " so I know where they end.',
      );
    }
    if (plain) out.push({ quoted: false, text: plain });
    plain = '';
    out.push({ quoted: true, text: text.slice(i + 1, j) });
    i = j;
  }
  if (plain) out.push({ quoted: false, text: plain });
  return out;
}

/** Where the header ends: the first colon outside quotes and parentheses. */
function headerColon(segs: Segment[]): { seg: number; at: number } | undefined {
  let depth = 0;
  for (let s = 0; s < segs.length; s += 1) {
    const seg = segs[s]!;
    if (seg.quoted) continue;
    for (let i = 0; i < seg.text.length; i += 1) {
      const c = seg.text[i];
      if (c === '(') depth += 1;
      else if (c === ')') depth = Math.max(0, depth - 1);
      else if (c === ':' && depth === 0) return { seg: s, at: i };
    }
  }
  return undefined;
}

const LABELS = 'pains?|wants?|needs?|now|goals?|ready|readiness|capacity|follow[- ]?ups?|next steps?|sentiment|mood';
const LABEL = new RegExp(`(^|[\\s;,.(—–-])(${LABELS})\\s*:`, 'giu');
const LABEL_AT_END = new RegExp(`^(.*?)\\s+(${LABELS})$`, 'iu');
type Label = 'pain' | 'want' | 'follow_up' | 'sentiment' | DiscoveryFieldName;

function labelOf(word: string): Label {
  const w = word.toLowerCase();
  if (w.startsWith('pain')) return 'pain';
  if (w.startsWith('want')) return 'want';
  if (w.startsWith('need')) return 'need';
  if (w === 'now') return 'now';
  if (w.startsWith('goal')) return 'goal';
  if (w.startsWith('ready') || w === 'readiness') return 'ready';
  if (w === 'capacity') return 'capacity';
  if (w.startsWith('sentiment') || w.startsWith('mood')) return 'sentiment';
  return 'follow_up';
}

const TAG = /(^|[\s(,;])#([\p{L}][\p{L}\p{N}_-]*)/gu;

export function parseNoteCommand(input: string, today: string): ParsedCommand {
  const text = input.trim();
  if (text.length >= NOTE_LIMITS.text) {
    throw new NoteInputError(
      'too_long',
      `This note is ${text.length.toLocaleString('en')} characters; a note must stay under ${NOTE_LIMITS.text.toLocaleString('en')}.`,
      'Split it into two notes, or put the long part in the form (/callnote with nothing after it).',
    );
  }
  if (!/[\p{L}\p{N}]/u.test(text)) {
    throw new NoteInputError('no_words', 'There are no words in this note, only symbols or emoji.', USAGE);
  }
  const segs = segments(text);
  const colon = headerColon(segs);
  if (!colon) return withoutColon(text, segs);

  const headerSegs = segs.slice(0, colon.seg);
  const colonSeg = segs[colon.seg]!;
  if (headerSegs.some((s) => s.quoted)) {
    throw new NoteInputError('no_account', 'Which customer was this? The note should start with the account.', USAGE);
  }
  let header = headerSegs.map((s) => s.text).join('') + colonSeg.text.slice(0, colon.at);
  const body: Segment[] = [{ quoted: false, text: colonSeg.text.slice(colon.at + 1) }, ...segs.slice(colon.seg + 1)];

  // "Acme pain: …": the first label ended the header.
  const trailing = LABEL_AT_END.exec(header.trim());
  if (trailing) {
    header = trailing[1]!;
    body[0] = { quoted: false, text: ` ${trailing[2]}:${body[0]!.text}` };
  }
  const { account, people } = parseHeader(header);
  return { kind: 'note', draft: parseBody(body, account, people, today) };
}

function withoutColon(text: string, segs: Segment[]): ParsedCommand {
  const open = /\(([^)]*)$/.exec(segs.filter((s) => !s.quoted).map((s) => s.text).join(''));
  if (open) {
    const start = open[1]!.slice(0, 30);
    throw new NoteInputError('unclosed_paren', `The title starting (${start}${open[1]!.length > 30 ? '…' : ''} has no closing parenthesis.`, `Close the title with ")". ${USAGE}`);
  }
  const words = text.split(/\s+/).length;
  if (segs.some((s) => s.quoted) || words > 8 || text.includes('#')) {
    throw new NoteInputError('no_colon', 'I could not tell where the account (and people) end and the note begins.', `Put a colon after them. ${USAGE}`);
  }
  const { account, people } = parseHeader(text);
  return { kind: 'form', account, people: people.length ? people.map(personText).join(', ') : undefined };
}

export function personText(p: NotePersonInput): string {
  return p.title ? `${p.name} (${p.title})` : p.name;
}

function parseHeader(header: string): { account: string; people: NotePersonInput[] } {
  const m = /^(.*?)(?:^|\s+)with(?:\s+([\s\S]*))?$/iu.exec(header.trim());
  const account = cleanName(m ? m[1]! : header);
  if (!account) {
    throw new NoteInputError('no_account', 'Which customer was this? The note should start with the account.', USAGE);
  }
  const problem = nameProblem(account);
  if (problem) {
    throw new NoteInputError('account_name_invalid', `The account name "${account}" ${problem}.`, `Write the customer company as plain text. ${USAGE}`);
  }
  if (m && !m[2]?.trim()) {
    throw new NoteInputError('no_people', 'Who did you meet? Nothing follows "with".', 'List names after "with", e.g. with Dana Lee (VP Engineering), Jim Park.');
  }
  return { account, people: m ? parsePeopleList(m[2]!) : [] };
}

/**
 * "Dana Lee (VP Engineering), Jim Park and Ana Ruiz (CFO)": commas, "and",
 * "&" and semicolons separate people, except inside a title's parentheses.
 */
export function parsePeopleList(text: string): NotePersonInput[] {
  const parts: string[] = [];
  let depth = 0;
  let cur = '';
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i]!;
    if (c === '(') depth += 1;
    if (c === ')') depth = Math.max(0, depth - 1);
    if (depth === 0 && (c === ',' || c === ';' || c === '&' || c === '\n')) {
      parts.push(cur);
      cur = '';
      continue;
    }
    if (depth === 0 && /^\s+and\s+/i.test(text.slice(i)) && /\S/.test(cur)) {
      parts.push(cur);
      cur = '';
      i += /^\s+and\s+/i.exec(text.slice(i))![0].length - 1;
      continue;
    }
    cur += c;
  }
  parts.push(cur);

  const people: NotePersonInput[] = [];
  const seen = new Set<string>();
  for (const raw of parts) {
    const part = raw.trim();
    if (!part) continue;
    const m = /^([^(]*?)\s*\(([^)]*)\)?\s*$/.exec(part);
    const name = cleanName(m ? m[1]! : part);
    const title = m ? cleanName(m[2]!) : undefined;
    const problem = nameProblem(name);
    if (problem) {
      throw new NoteInputError(
        'person_name_invalid',
        `The name "${name || part}" ${problem}.`,
        'Write the names of the customer\'s people as plain text, e.g. with Dana Lee (VP Engineering), Jim Park. Mentions are for colleagues.',
      );
    }
    if (title) {
      const titleProblem = nameProblem(title);
      if (titleProblem) throw new NoteInputError('title_invalid', `The title "${title}" of ${name} ${titleProblem}.`, 'Write the title as plain text, e.g. (VP Engineering).');
    }
    if (seen.has(nameKey(name))) continue;
    seen.add(nameKey(name));
    people.push(title ? { name, title } : { name });
  }
  if (people.length > NOTE_LIMITS.people) {
    throw new NoteInputError('too_many_people', `That is ${people.length} people; a note holds at most ${NOTE_LIMITS.people}.`, 'Name the people who spoke; the rest can go in the text.');
  }
  return people;
}

interface Region {
  label?: Label;
  parts: Segment[];
}

function parseBody(body: Segment[], account: string, people: NotePersonInput[], today: string): NoteDraft {
  let internal = false;
  let consentToQuote = true;
  const tags: string[] = [];
  const untagged = body.map((s) => {
    if (s.quoted) return s;
    const text = s.text.replace(TAG, (_all, lead: string, tag: string) => {
      const t = tag.toLowerCase();
      if (t === 'internal') internal = true;
      else if (t === 'noquote' || t === 'no-quote' || t === 'no_quote') consentToQuote = false;
      else if (!tags.includes(t)) tags.push(t);
      return lead;
    });
    return { quoted: false, text };
  });

  // Cut the body into the free text before any label and one region per label.
  const regions: Region[] = [{ parts: [] }];
  for (const seg of untagged) {
    if (seg.quoted) {
      regions.at(-1)!.parts.push(seg);
      continue;
    }
    let last = 0;
    for (const m of seg.text.matchAll(LABEL)) {
      const start = m.index + m[1]!.length;
      regions.at(-1)!.parts.push({ quoted: false, text: seg.text.slice(last, start) });
      regions.push({ label: labelOf(m[2]!), parts: [] });
      last = m.index + m[0].length;
    }
    regions.at(-1)!.parts.push({ quoted: false, text: seg.text.slice(last) });
  }

  // The first quoted passage is the customer's words; in the free text it moves out, in a clause it stays as words.
  let quote: string | undefined;
  // Mid-sentence ("she said "…" twice") it stays in the free text too, or the sentence would break.
  const hasWords = (parts: Segment[]) => parts.some((p) => !p.quoted && /[\p{L}\p{N}]/u.test(p.text));
  const regionText = (r: Region): string =>
    r.parts
      .map((p, i) => {
        if (!p.quoted) return p.text;
        const words = p.text.trim();
        if (quote === undefined && words) {
          quote = words.replace(/\s+/g, ' ');
          if (r.label) return words;
          return hasWords(r.parts.slice(0, i)) && hasWords(r.parts.slice(i + 1)) ? `"${words}"` : ' ';
        }
        return `"${p.text}"`;
      })
      .join('');

  const summary = tidy(regionText(regions[0]!));
  const pains: string[] = [];
  const wants: string[] = [];
  const followUps: FollowUpInput[] = [];
  let sentiment: Sentiment | undefined;
  const discovery: DiscoveryInput = {};
  for (const r of regions.slice(1)) {
    const content = regionText(r);
    if (r.label === 'pain') pains.push(...parseItems(content));
    else if (r.label === 'want') wants.push(...parseItems(content));
    else if (r.label === 'sentiment') sentiment = parseSentiment(content);
    else if (r.label === 'follow_up' || !r.label) followUps.push(...splitItems(content).map((line) => parseFollowUpLine(line, today)));
    else addDiscovery(discovery, r.label, content);
  }
  if (hasDiscovery(discovery) && !people.length) {
    throw new NoteInputError(
      'discovery_without_person',
      'need:, now:, goal:, ready: and capacity: are about a person, and this note names nobody.',
      'Say who you met, e.g. /callnote Acme with Dana Lee: need: a faster close; ready: high because the audit is in March',
    );
  }

  if (!summary && !quote && !pains.length && !wants.length && !followUps.length && !hasDiscovery(discovery)) {
    throw new NoteInputError('empty_note', `Nothing follows the colon: what did ${people[0]?.name ?? account} say?`, USAGE);
  }
  if (summary && !/[\p{L}\p{N}]/u.test(summary) && !quote && !pains.length && !wants.length && !followUps.length) {
    throw new NoteInputError('no_words', 'There are no words in this note, only symbols or emoji.', USAGE);
  }
  return {
    account,
    people,
    summary,
    ...(quote ? { quote } : {}),
    pains: cap(pains),
    wants: cap(wants),
    followUps: followUps.slice(0, NOTE_LIMITS.items),
    ...(sentiment ? { sentiment } : {}),
    ...(hasDiscovery(discovery) ? { discovery } : {}),
    internal,
    consentToQuote,
    tags,
  };
}

/** One discovery clause; the same clause twice in a note adds to it. */
function addDiscovery(d: DiscoveryInput, field: DiscoveryFieldName, content: string): void {
  const text = splitItems(content).join('; ').slice(0, DISCOVERY_VALUE_MAX);
  if (field === 'ready') {
    const ready = parseReady(text);
    if (isProblem(ready)) throw new NoteInputError(ready.code, ready.message, ready.hint);
    d.ready = ready;
    return;
  }
  if (!text) return;
  d[field] = d[field] ? `${d[field]}; ${text}` : text;
}

function cap(items: string[]): string[] {
  return [...new Set(items)].slice(0, NOTE_LIMITS.items);
}

/** Collapses whitespace and the separators left behind by removed quotes, tags and labels. */
function tidy(s: string): string {
  return s
    .replace(/\s+/g, ' ')
    .replace(/\s+([,.;!?])/g, '$1')
    .replace(/^[\s;,.:—–-]+/, '')
    .replace(/[\s;,:—–-]+$/, '')
    .trim();
}

function splitItems(text: string): string[] {
  return text
    .split(/[;\n]+/)
    .map((s) => tidy(s.replace(/^\s*[-•*]\s+/, '')).replace(/\.$/, ''))
    .filter((s) => /[\p{L}\p{N}]/u.test(s));
}

/** A clause's or a form field's items: one a line or separated by semicolons. */
export function parseItems(text: string): string[] {
  return cap(splitItems(text).map((s) => s.slice(0, NOTE_LIMITS.item)));
}

const SENTIMENT_WORDS: Record<string, Sentiment> = {
  positive: 'positive', good: 'positive', great: 'positive', happy: 'positive', warm: 'positive',
  neutral: 'neutral', ok: 'neutral', okay: 'neutral', fine: 'neutral',
  mixed: 'mixed',
  negative: 'negative', bad: 'negative', unhappy: 'negative', frustrated: 'negative', angry: 'negative', cold: 'negative',
};

function parseSentiment(text: string): Sentiment {
  const word = tidy(text).toLowerCase().replace(/[^\p{L}]/gu, '');
  const s = SENTIMENT_WORDS[word];
  if (!s) {
    throw new NoteInputError('bad_sentiment', `"${tidy(text)}" is not a sentiment I know.`, `Write sentiment: ${SENTIMENTS.join(', ')}.`);
  }
  return s;
}

const MENTION = /<@([^>|\s]+)(?:\|([^>]*))?>/;
const BY = /(?:^|\s)(?:by|due(?:\s+(?:on|by))?)\s+/gi;

/**
 * "send the beta invite by 2026-12-01", "<@U123|sam> to call Dana by Friday":
 * the last "by <date>" is the due date; a mentioned colleague owns it.
 */
export function parseFollowUpLine(line: string, today: string): FollowUpInput {
  let text = line.trim();
  let ownerUserId: string | undefined;
  const mention = MENTION.exec(text);
  if (mention) {
    ownerUserId = mention[1]!;
    text = tidy(text.replace(MENTION, mention[2] ? `@${mention[2]}` : ''));
  }
  let dueOn: string | undefined;
  const matches = [...text.matchAll(BY)];
  const last = matches.at(-1);
  if (last) {
    const when = text.slice(last.index + last[0].length).trim().replace(/[.!]+$/, '');
    const parsed = parseDueDate(when, today);
    if (parsed) {
      dueOn = parsed;
      text = tidy(text.slice(0, last.index));
    } else if (looksLikeDate(when) && when.split(/\s+/).length <= 4) {
      throw new NoteInputError('bad_due_date', `The follow-up "${tidy(line)}" is due "${when}", which is not a date I can read.`, DATE_HINT);
    }
  }
  if (!/[\p{L}\p{N}]/u.test(text)) {
    throw new NoteInputError('empty_follow_up', `The follow-up "${tidy(line)}" says what by when, but not what to do.`, 'e.g. follow-up: send the beta invite by 2026-12-01');
  }
  return { text: text.slice(0, NOTE_LIMITS.item), ...(dueOn ? { dueOn } : {}), ...(ownerUserId ? { ownerUserId } : {}) };
}

const DISCOVERY_HINT = 'Write it as need: …; now: …; goal: …; ready: low, medium or high because …; capacity: …';

/** The note form's discovery field: clauses only, e.g. "need: a faster close; ready: high because the audit is in March". */
export function parseDiscoveryText(input: string): DiscoveryInput {
  const text = input.trim();
  const d: DiscoveryInput = {};
  if (!text) return d;
  const matches = [...text.matchAll(LABEL)];
  const first = matches[0];
  if (!first || text.slice(0, first.index + first[1]!.length).trim()) {
    throw new NoteInputError('discovery_unlabelled', 'Each part of the discovery needs its label: need:, now:, goal:, ready: or capacity:.', DISCOVERY_HINT);
  }
  matches.forEach((m, i) => {
    const label = labelOf(m[2]!);
    if (!(DISCOVERY_FIELDS as readonly string[]).includes(label)) {
      throw new NoteInputError('discovery_label', `"${m[2]}:" is not a discovery label; pains, wants and follow-ups have their own fields.`, DISCOVERY_HINT);
    }
    const end = matches[i + 1] ? matches[i + 1]!.index + matches[i + 1]![1]!.length : text.length;
    addDiscovery(d, label as DiscoveryFieldName, text.slice(m.index + m[0].length, end));
  });
  return d;
}
