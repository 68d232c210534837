import type { StakeholderChangeKind, StakeholderChangeSource } from '../db/schema.js';
import { DISCOVERY_QUESTIONS, type DiscoveryFieldName } from '../domain/discovery.js';
import { firstName } from '../domain/story.template.js';
import { capitalise } from './wording.js';
import type { Block, Button, Field, Message } from './message.js';
import { REPLAN_ACTIONS } from './replan.message.js';

export const REMINDER_ACTIONS = {
  logIntro: 'stakeholder.log_intro',
  snoozeDay: 'stakeholder.snooze_day',
  snoozeWeek: 'stakeholder.snooze_week',
  done: 'stakeholder.done',
  logCall: 'stakeholder.log_call',
} as const;

export interface PersonView {
  name: string;
  title: string | null;
  objectives: string[];
  operatingStyle: string | null;
  preferences: string | null;
}

export interface ReminderView {
  changeId: string;
  kind: StakeholderChangeKind;
  source: StakeholderChangeSource;
  /** 1 for the first reminder, 2 for the first re-reminder… */
  round: number;
  account: string;
  person: PersonView;
  /** Who was replaced. */
  previous?: PersonView;
  /** The title held before a role change. */
  previousRole?: string;
  role: string | null;
  /** "Tue 12 Nov", in the recipient's zone. */
  since: string;
  /** Discovery fields missing or stale for this person: "what we do not know yet". */
  unknown?: DiscoveryFieldName[];
}

const SOURCE: Record<StakeholderChangeSource, string> = {
  command: 'recorded by hand',
  import: 'found in a roster import',
  webhook: 'reported by the CRM',
  note: 'met in a call note',
  slack_connect: 'seen in the shared channel',
};

/** The DM to an account owner when someone at their customer changed. */
export function reminderMessage(v: ReminderView): Message {
  const first = firstName(v.person.name);
  const headline = headlineOf(v);
  // The headline already says who, where and in which role: no person line to name them twice.
  const blocks: Block[] = [{ type: 'header', text: headline }];

  const { known, missing } = knowledge(v.person);
  if (known.length) blocks.push({ type: 'fields', fields: known });
  if (missing.length) blocks.push({ type: 'context', text: `Not written down yet: ${missing.join(', ')}.` });
  if (v.previous) {
    const prev = knowledge(v.previous).known;
    if (prev.length) {
      blocks.push({ type: 'heading', text: `What worked with ${v.previous.name}` }, { type: 'list', items: prev.map((f) => `${f.label}: ${f.value.replace(/\n/g, '; ')}`) });
    }
  }

  if (v.unknown?.length) blocks.push({ type: 'heading', text: `What we do not know yet about ${first}` }, { type: 'list', items: v.unknown.map((f) => DISCOVERY_QUESTIONS[f]) });
  blocks.push({ type: 'heading', text: v.kind === 'left' ? 'What to do now' : `Before you talk to ${first}` }, { type: 'list', items: prompts(v, first) });
  blocks.push({
    type: 'context',
    text: `${capitalise(SOURCE[v.source])} on ${v.since}${v.round > 1 ? ` · reminder ${v.round}: still open` : ''}`,
  });
  const buttons: Button[] = [];
  if (v.kind !== 'left') {
    buttons.push({ actionId: REMINDER_ACTIONS.logIntro, label: 'Log intro call', value: v.changeId, style: 'primary' });
    buttons.push({ actionId: REPLAN_ACTIONS.start, label: 'Re-plan', value: v.changeId });
  }
  buttons.push(
    { actionId: REMINDER_ACTIONS.snoozeDay, label: 'Snooze 1 day', value: v.changeId },
    { actionId: REMINDER_ACTIONS.snoozeWeek, label: 'Snooze 1 week', value: v.changeId },
    { actionId: REMINDER_ACTIONS.done, label: 'Done', value: v.changeId },
  );
  blocks.push({ type: 'actions', buttons });
  return { text: headline, blocks };
}

function headlineOf(v: ReminderView): string {
  const role = v.role ?? v.person.title;
  switch (v.kind) {
    case 'joined':
      return `${v.person.name} is new at ${v.account}${role ? ` as ${role}` : ''}`;
    case 'replaced':
      return `${v.person.name} replaces ${v.previous?.name ?? 'someone'} at ${v.account}${role ? ` as ${role}` : ''}`;
    case 'role_changed':
      return `${v.person.name} at ${v.account} is now ${role ?? 'in a new role'}${v.previousRole ? ` (was ${v.previousRole})` : ''}`;
    case 'left':
      return `${v.person.name} has left ${v.account}${role ? ` (${role})` : ''}`;
  }
}

/** DESIGN.md's beliefs, as questions for this person. */
function prompts(v: ReminderView, first: string): string[] {
  const trust = 'Trust comes first: reach out to listen, not to sell; be dependable, and admit a miss plainly.';
  if (v.kind === 'left') {
    return [
      `Who takes over ${first}'s part at ${v.account}, and what do they know of our history?`,
      `Who else there relied on the work with ${first}? Re-confirm the plan with them before it drifts.`,
      trust,
    ];
  }
  const relearn =
    v.kind === 'replaced'
      ? `Re-learn the person: what worked with ${v.previous ? firstName(v.previous.name) : 'their predecessor'} may backfire with ${first}.`
      : v.kind === 'role_changed'
        ? `A new role brings new objectives: re-learn what ${first} is measured on now.`
        : `Someone new in a role: don't assume the old plan fits ${first}.`;
  return [
    relearn,
    v.person.objectives.length
      ? `Are these still ${first}'s top two or three personal objectives?`
      : `What are ${first}'s top two or three personal objectives?`,
    `What constrains ${first}'s decisions: budget, approvals, timing?`,
    `How does ${first} like to work: channel, cadence, level of detail?`,
    trust,
  ];
}

function knowledge(p: PersonView): { known: Field[]; missing: string[] } {
  const known: Field[] = [];
  const missing: string[] = [];
  if (p.objectives.length) known.push({ label: 'Objectives', value: p.objectives.join('\n') });
  else missing.push('objectives');
  if (p.operatingStyle) known.push({ label: 'Operating style', value: p.operatingStyle });
  else missing.push('operating style');
  if (p.preferences) known.push({ label: 'Preferences', value: p.preferences });
  else missing.push('preferences');
  return { known, missing };
}

export interface ColdView {
  personId: string;
  name: string;
  title: string | null;
  account: string;
  days: number;
  /** "12 Sep", or undefined when nobody ever met them. */
  lastMet?: string;
}

/** The one nudge per cold spell. */
export function goingColdMessage(v: ColdView): Message {
  const first = firstName(v.name);
  // The headline names them; their role, said once here, replaces a second line about who they are.
  const who = v.title ? `${first} (${v.title})` : first;
  const headline = `${v.name} at ${v.account} is going cold`;
  return {
    text: headline,
    blocks: [
      { type: 'header', text: headline },
      {
        type: 'text',
        text: v.lastMet
          ? `No call note with ${who} for ${v.days} days (last: ${v.lastMet}).`
          : `No call note with ${who} in the ${v.days} days since they took the role.`,
      },
      {
        type: 'list',
        items: [`What is on ${first}'s mind this quarter? Discovery never ends.`, 'Be dependable: a short check-in keeps the relationship warm.'],
      },
      { type: 'actions', buttons: [{ actionId: REMINDER_ACTIONS.logCall, label: 'Log a call', value: v.personId, style: 'primary' }] },
    ],
  };
}
