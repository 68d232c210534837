import { discoveryBlocks, type DiscoveryView } from './discovery.message.js';
import { commandButton } from './command.button.js';
import type { Block, Button, Message } from './message.js';
import { callWith, noteFields, personLabel, type NoteSummary } from './note.messages.js';
import { REMINDER_ACTIONS } from './stakeholder.reminder.js';
import { andList, plural, sayAgo, sayDate } from './wording.js';

export interface AccountOverview {
  name: string;
  owner?: string;
  people: Array<{
    personId?: string;
    name: string;
    title: string | null;
    roles: string[];
    objectives: string[];
    /** 'YYYY-MM-DD' */
    lastContact?: string;
    left: boolean;
    discovery?: DiscoveryView;
  }>;
  notes: Array<NoteSummary & { author: string }>;
  /** Hidden because the asker may not see internal notes. */
  hiddenInternal: number;
  /** `since`: 'YYYY-MM-DD'. */
  changes: Array<{ text: string; status: string; since: string }>;
  followUps: Array<{ text: string; dueOn: string | null; owner: string }>;
  /** Today in the reader's zone ('YYYY-MM-DD'), for "9 days ago". */
  today?: string;
}

const NOTE_SHOWN_IN_FULL = 1;
const LOG_CALL_BUTTONS = 3;

/** `/hallway account <name>`: who's who, what is open, the last calls, and buttons to act. */
export function accountOverviewMessage(a: AccountOverview): Message {
  const when = (iso: string) => (a.today ? `${sayAgo(iso, a.today)}` : sayDate(iso));
  const current = a.people.filter((p) => !p.left);
  const lastCall = a.notes[0]?.metOn;
  const blocks: Block[] = [
    { type: 'header', text: a.name },
    {
      type: 'context',
      text: [
        a.owner ? `Owned by ${a.owner}` : 'No owner yet',
        plural(current.length, 'person', 'people'),
        lastCall ? `last call ${when(lastCall)}` : 'no call logged yet',
      ].join(' · '),
    },
  ];

  blocks.push({ type: 'heading', text: "👥 Who's who" });
  if (current.length === 0) blocks.push({ type: 'text', text: 'Nobody at this account is known yet. A call note naming people adds them.' });
  for (const p of current) {
    blocks.push({ type: 'person', name: p.name, ...(p.title ? { title: p.title } : {}) });
    const detail = [
      ...(p.roles.length ? [p.roles.join(', ')] : []),
      p.objectives.length ? `aims: ${p.objectives.join('; ')}` : 'objectives not known yet: ask them',
      p.lastContact ? `last met ${when(p.lastContact)}` : 'never met',
    ];
    blocks.push({ type: 'context', text: detail.join(' · ') });
    if (p.discovery) blocks.push(...discoveryBlocks(p.discovery));
  }
  const left = a.people.filter((p) => p.left);
  if (left.length) blocks.push({ type: 'context', text: `Left: ${andList(left.map(personLabel))}` });

  const open = [
    ...a.changes.map((c) => `${c.text}: ${c.status === 'snoozed' ? 'snoozed' : 'not followed up yet'}, since ${sayDate(c.since, a.today)}`),
    ...a.followUps.map((f) => `${f.text} (${f.owner}${f.dueOn ? `, due ${sayDate(f.dueOn, a.today)}` : ''})`),
  ];
  if (open.length) blocks.push({ type: 'divider' }, { type: 'heading', text: `📌 Open (${open.length})` }, { type: 'list', items: open });

  blocks.push({ type: 'divider' }, { type: 'heading', text: a.notes.length > 1 ? `📝 Last ${a.notes.length} calls` : '📝 Last call' });
  if (a.notes.length === 0) blocks.push({ type: 'text', text: 'No call notes yet.' });
  a.notes.forEach((n, i) => {
    const flags = [`${sayDate(n.metOn, a.today)}: ${callWith(n)}`, `by ${n.author}`, ...(n.internal ? ['🔒 internal'] : []), ...(n.consentToQuote ? [] : ['not to be quoted'])];
    blocks.push({ type: 'context', text: flags.join(' · ') });
    if (i < NOTE_SHOWN_IN_FULL) blocks.push(...noteFields(n));
    else if (n.quote || n.summary) blocks.push(n.quote ? { type: 'quote', text: n.quote } : { type: 'text', text: n.summary ?? '' });
  });
  if (a.hiddenInternal) {
    blocks.push({ type: 'context', text: `${plural(a.hiddenInternal, 'internal note')} not shown: only their author, the owner and managers see them.` });
  }

  const buttons: Button[] = current
    .filter((p) => p.personId)
    .slice(0, LOG_CALL_BUTTONS)
    .map((p, i) => ({ actionId: REMINDER_ACTIONS.logCall, label: `Log a call with ${p.name}`, value: p.personId!, ...(i === 0 ? { style: 'primary' as const } : {}) }));
  buttons.push(commandButton('Roles and history', 'stakeholder', `${a.name} list`));
  blocks.push({ type: 'actions', buttons });
  return { text: `${a.name}: who's who, what is open, the last calls`, blocks };
}
