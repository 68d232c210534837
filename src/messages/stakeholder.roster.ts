import { discoveryFormFields, type DiscoveryPrefill } from './discovery.message.js';
import type { Block, Button, Field, Form, Message } from './message.js';

export const PERSON_FORM_ID = 'stakeholder.person';
export const EDIT_ACTION = 'stakeholder.edit';
const MAX_EDIT_BUTTONS = 5;
const MAX_HISTORY = 10;

export interface RosterEntry {
  personId: string;
  name: string;
  role: string;
  /** "3 Mar 2025" */
  since: string;
  objectives: string[];
  operatingStyle: string | null;
  preferences: string | null;
  /** Discovery, one line a field, with its age; what is not known yet. */
  discovery?: string[];
}

export interface RosterView {
  account: string;
  owner?: string;
  current: RosterEntry[];
  /** Active people of the account without a role (e.g. met in a call). */
  others: Array<{ personId: string; name: string; title: string | null }>;
  /** Ended roles, newest first: "Tom Reed — CFO, 3 Mar 2024 → 10 Nov 2025". */
  history: Array<{ name: string; role: string; since: string; until: string }>;
  openChanges: number;
}

/** `/stakeholder <account> list`: who holds which role, what we know of them, and who held what before. */
export function rosterMessage(v: RosterView): Message {
  const title = `${v.account} — who's who`;
  const blocks: Block[] = [{ type: 'header', text: title }];
  if (v.current.length === 0) {
    blocks.push({ type: 'text', text: `Nobody is on ${v.account}'s roster yet. Add someone: /stakeholder ${v.account} add <name> as <role>` });
  } else {
    blocks.push({ type: 'fields', fields: v.current.map(entryField) });
  }
  if (v.others.length) {
    blocks.push({ type: 'context', text: `Also met, no role recorded: ${v.others.map((o) => (o.title ? `${o.name} (${o.title})` : o.name)).join(', ')}` });
  }
  if (v.history.length) {
    const more = v.history.length - MAX_HISTORY;
    blocks.push(
      { type: 'divider' },
      { type: 'heading', text: 'Before' },
      {
        type: 'list',
        items: [...v.history.slice(0, MAX_HISTORY).map((h) => `${h.name}, ${h.role}: ${h.since} → ${h.until}`), ...(more > 0 ? [`and ${more} more`] : [])],
      },
    );
  }
  blocks.push({
    type: 'context',
    text: `${v.owner ? `Owner: ${v.owner}` : 'No owner yet: /hallway owner <account> <@user>'} · ${v.openChanges} open ${v.openChanges === 1 ? 'change' : 'changes'}`,
  });
  const editable = [...v.current.map((c) => ({ personId: c.personId, name: c.name })), ...v.others].slice(0, MAX_EDIT_BUTTONS);
  if (editable.length) {
    const buttons: Button[] = editable.map((p) => ({ actionId: EDIT_ACTION, label: `Edit ${p.name}`, value: p.personId }));
    blocks.push({ type: 'actions', buttons });
  }
  return { text: title, blocks };
}

function entryField(e: RosterEntry): Field {
  const lines = [
    e.objectives.length ? `Objectives: ${e.objectives.join('; ')}` : 'Objectives: not known yet',
    e.operatingStyle ? `Style: ${e.operatingStyle}` : undefined,
    e.preferences ? `Preferences: ${e.preferences}` : undefined,
    ...(e.discovery ?? []),
  ].filter((l): l is string => l !== undefined);
  return { label: `${e.name} — ${e.role} (since ${e.since})`, value: lines.join('\n') };
}

export interface PersonFormValues {
  name: string;
  account: string;
  objectives: string[];
  operatingStyle: string | null;
  preferences: string | null;
}

export const PERSON_FORM_LIMITS = { text: 1000, objectives: 1000 };

/** Objectives, operating style and preferences of one person; the person's id rides in `state`. */
export function personForm(personId: string, v: PersonFormValues, discovery: DiscoveryPrefill = {}): Form {
  return {
    id: PERSON_FORM_ID,
    title: 'Stakeholder',
    submitLabel: 'Save',
    state: JSON.stringify({ personId }),
    fields: [
      {
        id: 'objectives',
        kind: 'multiline',
        label: `${v.name} (${v.account}): top two or three personal objectives, one a line`,
        value: v.objectives.join('\n'),
        placeholder: 'Close the books in 3 days',
        maxLength: PERSON_FORM_LIMITS.objectives,
      },
      {
        id: 'operating_style',
        kind: 'multiline',
        label: 'Operating style: how they decide and work',
        value: v.operatingStyle ?? '',
        placeholder: 'Data first; decides in the meeting; wants options, not a pitch',
        maxLength: PERSON_FORM_LIMITS.text,
      },
      {
        id: 'preferences',
        kind: 'multiline',
        label: 'Preferences: channel, cadence, level of detail',
        value: v.preferences ?? '',
        placeholder: 'Short e-mails; a monthly call; no slides',
        maxLength: PERSON_FORM_LIMITS.text,
      },
      ...discoveryFormFields(discovery),
    ],
  };
}
