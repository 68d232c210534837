import type { Block, Button, Message } from './message.js';

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

/** The fields of a note, shared by the confirmation and the account overview. */
export function noteFields(n: NoteSummary): Block[] {
  const blocks: Block[] = [];
  if (n.quote) blocks.push({ type: 'quote', text: n.quote, ...(n.people[0] ? { by: personLabel(n.people[0]) } : {}) });
  if (n.summary) blocks.push({ type: 'text', text: n.summary });
  const fields = [
    ...(n.pains.length ? [{ label: 'Pains', value: n.pains.join('\n') }] : []),
    ...(n.wants.length ? [{ label: 'Wants', value: n.wants.join('\n') }] : []),
    ...(n.followUps.length
      ? [{ label: 'Follow-ups', value: n.followUps.map((f) => `${f.text}${f.dueOn ? ` — by ${f.dueOn}` : ''} (${f.ownerName})`).join('\n') }]
      : []),
    ...(n.sentiment ? [{ label: 'Sentiment', value: n.sentiment }] : []),
  ];
  if (fields.length) blocks.push({ type: 'fields', fields });
  return blocks;
}

/** The reply to a saved note: what was saved, Edit and Undo, and any new person to add as a stakeholder. */
export function noteSavedMessage(n: NoteSummary, newPeople: NewStakeholder[], opts: { updated?: boolean } = {}): Message {
  const met = n.people.length ? ` with ${n.people.map((p) => p.name).join(', ')}` : '';
  const title = `${opts.updated ? 'Updated' : 'Saved'}: call with ${n.account}${met} on ${n.metOn}`;
  const flags = [
    n.internal ? '🔒 Internal: kept from engineers' : '👀 Shared with engineering',
    n.consentToQuote ? 'OK to quote' : 'Not to be quoted',
    ...(n.tags.length ? [n.tags.map((t) => `#${t}`).join(' ')] : []),
  ];
  const blocks: Block[] = [
    { type: 'header', text: title },
    ...n.people.map((p): Block => ({ type: 'person', name: p.name, ...(p.title ? { title: p.title } : {}), account: n.account })),
    ...noteFields(n),
    { type: 'context', text: flags.join(' · ') },
    {
      type: 'actions',
      buttons: [
        { actionId: 'note.edit', label: 'Edit', value: n.noteId },
        { actionId: 'note.undo', label: 'Undo', value: n.noteId, style: 'danger' },
      ],
    },
  ];
  for (const p of newPeople) {
    const value = JSON.stringify({ personId: p.personId, noteId: n.noteId });
    const buttons: Button[] = [
      { actionId: 'stakeholder.add_from_note', label: 'Add', value, style: 'primary' },
      { actionId: 'stakeholder.ignore_from_note', label: 'Ignore', value },
    ];
    blocks.push({ type: 'divider' }, { type: 'text', text: `New stakeholder? ${personLabel(p)}` }, { type: 'actions', buttons });
  }
  return { text: title, blocks };
}

export function noteUndoneMessage(account: string): Message {
  const text = `Undone: your note on ${account} is deleted.`;
  return { text, blocks: [{ type: 'text', text: `🗑️ ${text}` }] };
}

/** The follow-up DM on its due morning. */
export function followUpDueMessage(f: { id: string; text: string; account: string; people: string[]; metOn: string }): Message {
  const from = f.people.length ? `from your call with ${f.people.join(', ')} on ${f.metOn}` : `from your call on ${f.metOn}`;
  const text = `Follow-up due: ${f.text} (${f.account}, ${from})`;
  return {
    text,
    blocks: [
      { type: 'text', text: `⏰ ${text}` },
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
