import type { AskSource } from '../domain/ask.guardrails.js';
import type { Block, Message } from './message.js';

/** A source as shown: the note, and its day as the reader would say it. */
export type ShownSource = AskSource & { when: string };

export interface AskAnswerView {
  question: string;
  /** The model's cited answer, when one passed the guardrails. */
  answer?: string;
  sources: ShownSource[];
  /** Matching notes beyond those shown. */
  more: number;
  /** The more were counted over the last this many days (a common word's matches are looked at newest first). */
  moreWithin?: number;
  /** Note ids the Share button would post (the cited ones). */
  share: string[];
}

const who = (s: AskSource) => s.people.map((p) => (p.role ? `${p.name}, ${p.role}` : p.name)).join(' · ');

function sourceBlocks(s: ShownSource, n: number): Block[] {
  const line = [`[${n}]`, ...(s.people.length ? [who(s)] : []), s.account, s.when, `logged by ${s.loggedBy}`, ...(s.internal ? ['🔒 internal'] : [])];
  const blocks: Block[] = [{ type: 'context', text: line.join(' · ') }];
  const by = s.people[0]?.name;
  if (s.quote) blocks.push({ type: 'quote', text: s.quote, ...(s.consentToQuote ? (by ? { by } : {}) : { by: `${by ?? 'customer'} — not to be quoted` }) });
  if (s.summary) blocks.push({ type: 'text', text: s.summary });
  if (!s.quote && !s.summary) {
    const heard = [...(s.pains.length ? [`Pains: ${s.pains.join('; ')}`] : []), ...(s.wants.length ? [`Wants: ${s.wants.join('; ')}`] : [])];
    if (heard.length) blocks.push({ type: 'text', text: heard.join('\n') });
  }
  return blocks;
}

/** `/hallway ask`: the answer (when a model gave one that holds), then the sources it rests on. */
export function askAnswerMessage(a: AskAnswerView): Message {
  const blocks: Block[] = [{ type: 'context', text: `You asked: ${a.question}` }];
  if (a.answer) blocks.push({ type: 'text', text: a.answer }, { type: 'context', text: 'Written by AI from the notes below; check them before you rely on it.' });
  blocks.push({ type: 'divider' });
  a.sources.forEach((s, i) => blocks.push(...sourceBlocks(s, i + 1)));
  if (a.more > 0) {
    const within = a.moreWithin === undefined ? '' : a.moreWithin <= 7 ? ' from the last 7 days' : a.moreWithin <= 90 ? ' from the last 90 days' : ' from the last year';
    blocks.push({ type: 'context', text: `and ${a.more.toLocaleString('en')} more ${a.more === 1 ? 'note' : 'notes'}${within}; ask something narrower to see them.` });
  }
  if (a.share.length) blocks.push({ type: 'actions', buttons: [{ actionId: 'ask.share', label: 'Share in channel', value: a.share.join(',') }] });
  const count = `${a.sources.length} ${a.sources.length === 1 ? 'note' : 'notes'}`;
  return { text: a.answer ?? `What the notes say (${count}): ${a.question}`, blocks };
}

export function askNothingMessage(question: string): Message {
  const text = `I found nothing in the notes you can see about: ${question}`;
  return {
    text,
    blocks: [
      { type: 'text', text },
      { type: 'context', text: 'Try a broader question with fewer or other words, or /hallway account <name> for everything about one customer.' },
    ],
  };
}

export interface SharedQuote {
  quote: string;
  person?: { name: string; role?: string };
  account: string;
  when: string;
}

/** What "Share in channel" posts: the customers' own words, and who shared them. */
export function askSharedMessage(sharedBy: string, quotes: SharedQuote[]): Message {
  const blocks: Block[] = [{ type: 'context', text: `${sharedBy} shared what customers said` }];
  for (const q of quotes) {
    const by = q.person ? (q.person.role ? `${q.person.name}, ${q.person.role}` : q.person.name) : 'a customer';
    blocks.push({ type: 'quote', text: q.quote, by: `${by} · ${q.account} · ${q.when}` });
  }
  return { text: `${sharedBy} shared ${quotes.length === 1 ? 'a customer quote' : `${quotes.length} customer quotes`}`, blocks };
}
