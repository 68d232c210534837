import type { Block, Button, Message } from './message.js';
import { andList, sayDate } from './wording.js';

/** What a saved call note's confirmation needs; plain values, no database rows. */
export interface NoteSummary {
  noteId: string;
  account: string;
  /** 'YYYY-MM-DD' in the author's zone. */
  metOn: string;
  people: Array<{ name: string; title?: string | null }>;
  summary?: string | null;
  quote?: string | null;
  pains: string[];
  wants: string[];
  followUps: Array<{ text: string; dueOn?: string | null; ownerName: string }>;
  sentiment?: string | null;
  internal: boolean;
  consentToQuote: boolean;
  tags: string[];
}

export interface NewStakeholder {
  personId: string;
  name: string;
  title?: string | null;
}

export function personLabel(p: { name: string; title?: string | null }): string {
  return p.title ? `${p.name} (${p.title})` : p.name;
}

const MOOD: Record<string, string> = {
  positive: '🙂 went well',
  neutral: '😐 neutral',
  mixed: '🤔 mixed feelings',
  negative: '🙁 unhappy',
};

/** How a call felt, in words; an unknown value is shown as it is rather than hidden. */
export function moodOf(sentiment: string): string {
  return MOOD[sentiment] ?? sentiment;
}

function followUpLine(f: NoteSummary['followUps'][number]): string {
  return `${f.text} (${f.ownerName}${f.dueOn ? `, by ${sayDate(f.dueOn)}` : ''})`;
}

/** The body of a note, shared by the confirmation and the account overview: their words, the summary, then lists. */
export function noteFields(n: NoteSummary): Block[] {
  const blocks: Block[] = [];
  if (n.quote) blocks.push({ type: 'quote', text: n.quote, ...(n.people.length > 1 && n.people[0] ? { by: personLabel(n.people[0]) } : {}) });
  if (n.summary) blocks.push({ type: 'text', text: n.summary });
  if (n.pains.length) blocks.push({ type: 'heading', text: 'What gets in their way' }, { type: 'list', items: n.pains });
  if (n.wants.length) blocks.push({ type: 'heading', text: 'What they want' }, { type: 'list', items: n.wants });
  if (n.followUps.length) blocks.push({ type: 'heading', text: 'Follow-ups' }, { type: 'list', items: n.followUps.map(followUpLine) });
  return blocks;
}

/** "call with Rosa Diaz and Tom Okafor at Cobalt Health", or "call at Cobalt Health" when nobody was named. */
export function callWith(n: Pick<NoteSummary, 'account' | 'people'>): string {
  return n.people.length ? `call with ${andList(n.people.map((p) => p.name))} at ${n.account}` : `call at ${n.account}`;
}

/** The reply to a saved note: what was saved, Edit and Undo, and any new person to add as a stakeholder. */
export function noteSavedMessage(n: NoteSummary, newPeople: NewStakeholder[], opts: { updated?: boolean } = {}): Message {
  const title = `${opts.updated ? 'Updated' : 'Saved'}: ${callWith(n)}`;
  const flags = [
    sayDate(n.metOn),
    n.internal ? '🔒 internal: kept from engineers' : '👀 shared with engineering',
    n.consentToQuote ? 'OK to quote' : 'not to be quoted',
    ...(n.sentiment ? [moodOf(n.sentiment)] : []),
    ...(n.tags.length ? [n.tags.map((t) => `#${t}`).join(' ')] : []),
  ];
  const blocks: Block[] = [
    { type: 'header', text: `✅ ${title}` },
    { type: 'context', text: flags.join(' · ') },
    ...noteFields(n),
    {
      type: 'actions',
      buttons: [
        { actionId: 'note.edit', label: 'Edit', value: n.noteId },
        { actionId: 'note.undo', label: 'Undo', value: n.noteId },
      ],
    },
  ];
  for (const p of newPeople) {
    const value = JSON.stringify({ personId: p.personId, noteId: n.noteId });
    const buttons: Button[] = [
      { actionId: 'stakeholder.add_from_note', label: `Add ${p.name}`, value, style: 'primary' },
      { actionId: 'stakeholder.ignore_from_note', label: 'Ignore', value },
    ];
    blocks.push(
      { type: 'divider' },
      { type: 'text', text: `${personLabel(p)} is new at ${n.account}. Add them as a stakeholder, so you hear when they change role or leave?` },
      { type: 'actions', buttons },
    );
  }
  return { text: `${title} on ${sayDate(n.metOn)}`, blocks };
}

export function noteUndoneMessage(account: string): Message {
  const text = `Undone: your note on ${account} is deleted.`;
  return { text, blocks: [{ type: 'text', text: `🗑️ ${text}` }] };
}

/** The follow-up DM on its due morning. */
export function followUpDueMessage(f: { id: string; text: string; account: string; people: string[]; metOn: string }): Message {
  const from = f.people.length ? `From your call with ${andList(f.people)} at ${f.account}` : `From your call at ${f.account}`;
  return {
    text: `Follow-up due today: ${f.text}`,
    blocks: [
      { type: 'text', text: `⏰ Due today: ${f.text}` },
      { type: 'context', text: `${from} on ${sayDate(f.metOn)}` },
      {
        type: 'actions',
        buttons: [
          { actionId: 'note.followup_done', label: 'Done', value: f.id, style: 'primary' },
          { actionId: 'note.followup_snooze', label: 'Snooze 1 day', value: f.id },
        ],
      },
    ],
  };
}
