import { DISCOVERY_LABELS, DISCOVERY_QUESTIONS, type DiscoveryFieldName } from '../domain/discovery.js';
import { DISCOVERY_FORM_IDS, DISCOVERY_VALUE_MAX, READY_LEVELS } from '../domain/discovery.js';
import type { Block, Button, FormField, Message } from './message.js';

export const CONFIRM_ACTION = 'discovery.confirm';
export const DISMISS_ACTION = 'discovery.dismiss';

/** One person's discovery as shown: current values with their age, what is missing or stale, the model's proposals. */
export interface DiscoveryView {
  known: Array<{ field: DiscoveryFieldName; text: string; age: string; by?: string; stale: boolean }>;
  missing: DiscoveryFieldName[];
  suggested: Array<{ id: string; field: DiscoveryFieldName; text: string }>;
}

/** "Need: a faster close (3 weeks ago, Maria)" lines, then what we do not know yet. */
export function discoveryLines(d: DiscoveryView): string[] {
  const lines = d.known.map((k) => `${DISCOVERY_LABELS[k.field]}: ${k.text} (${k.age}${k.by ? `, ${k.by}` : ''}${k.stale ? ', worth asking again' : ''})`);
  if (d.missing.length) lines.push(`Not known yet: ${d.missing.map((f) => DISCOVERY_QUESTIONS[f]).join(' ')}`);
  return lines;
}

/** The discovery of one person as blocks, with one-click Confirm for each suggestion. */
export function discoveryBlocks(d: DiscoveryView): Block[] {
  const blocks: Block[] = [];
  const lines = discoveryLines(d);
  if (lines.length) blocks.push({ type: 'context', text: lines.join('\n') });
  for (const s of d.suggested) {
    blocks.push({ type: 'context', text: `Suggested from a note — ${DISCOVERY_LABELS[s.field]}: ${s.text}` });
    const buttons: Button[] = [
      { actionId: CONFIRM_ACTION, label: 'Confirm', value: s.id, style: 'primary' },
      { actionId: DISMISS_ACTION, label: 'Dismiss', value: s.id },
    ];
    blocks.push({ type: 'actions', buttons });
  }
  return blocks;
}

/** For a story: where the person wants to be, in their account manager's words. */
export function whereTheyWantToBe(goal: string | undefined): Block[] {
  return goal ? [{ type: 'context', text: `Where they want to be: ${goal}` }] : [];
}

export interface DiscoveryPrefill {
  need?: string;
  now?: string;
  goal?: string;
  readyLevel?: string;
  readyWhy?: string;
  capacity?: string;
}

/** The discovery part of the person form, filled with the current values. */
export function discoveryFormFields(p: DiscoveryPrefill): FormField[] {
  const text = (id: string, label: string, value: string | undefined, placeholder: string): FormField => ({
    id,
    kind: 'text',
    label,
    value: value ?? '',
    placeholder,
    maxLength: DISCOVERY_VALUE_MAX,
  });
  return [
    text(DISCOVERY_FORM_IDS.need, 'Need: what they need from us', p.need, 'A month-end close in three days'),
    text(DISCOVERY_FORM_IDS.now, 'Now: how they work today', p.now, 'Two weeks of spreadsheets every month'),
    text(DISCOVERY_FORM_IDS.goal, 'Goal: where they want to be', p.goal, 'Close in three days, no audit findings'),
    {
      id: DISCOVERY_FORM_IDS.readyLevel,
      kind: 'select',
      label: 'Ready to change',
      options: READY_LEVELS.map((l) => ({ label: l, value: l })),
      ...(p.readyLevel ? { value: p.readyLevel } : {}),
      placeholder: 'low, medium or high',
    },
    text(DISCOVERY_FORM_IDS.readyWhy, 'Why that readiness', p.readyWhy, 'The audit is in March'),
    text(DISCOVERY_FORM_IDS.capacity, 'Capacity: the price of change they can bear', p.capacity, 'One quiet month for the switch; no new headcount'),
  ];
}

export interface StalePerson {
  personId: string;
  name: string;
  account: string;
  stale: DiscoveryFieldName[];
}

/** Weekly, to an account owner: whose discovery is missing or old, with a button to the person form each. */
export function staleDiscoveryMessage(people: StalePerson[], staleDays: number, editActionId: string, shown = 10): Message {
  const head = `Discovery never ends: ${people.length === 1 ? 'one person' : `${people.length} people`} at your accounts ${people.length === 1 ? 'has' : 'have'} something we don't know, or knew more than ${staleDays} days ago.`;
  const blocks: Block[] = [{ type: 'text', text: head }];
  for (const p of people.slice(0, shown)) {
    blocks.push({ type: 'text', text: `${p.name} (${p.account}): ${p.stale.map((f) => DISCOVERY_QUESTIONS[f]).join(' ')}` });
    blocks.push({ type: 'actions', buttons: [{ actionId: editActionId, label: `Update ${p.name}`, value: p.personId }] });
  }
  if (people.length > shown) blocks.push({ type: 'context', text: `and ${people.length - shown} more; /stakeholder <account> list shows them all.` });
  blocks.push({ type: 'context', text: 'Needs, where they are and where they want to be move as the relationship moves: ask again at your next call.' });
  return { text: head, blocks };
}
