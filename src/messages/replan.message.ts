import type { Block, Button, Field, Form, FormField, Message } from './message.js';

export const REPLAN_FORM_ID = 'replan.step';
export const REPLAN_ACTIONS = { start: 'replan.start', back: 'replan.back', skip: 'replan.skip' } as const;

/** What we know of the person and what we do not (the first step). */
export interface KnownView {
  fields: Field[];
  missing: string[];
  /** "What worked with Tom Reed may not work now: …" */
  previous?: string;
}

export interface ReplanStepView {
  /** Carried in the form state and the buttons: flow id and step id. */
  flowId: string;
  stepId: string;
  title: string;
  heading: string;
  text?: string;
  person: { name: string; title?: string; account: string };
  known?: KnownView;
  /** The plan so far (the last step). */
  summary?: Field[];
  fields: FormField[];
  /** Why the last answer was not taken, shown above the fields. */
  problem?: string;
  canBack: boolean;
  last: boolean;
}

/** One step of the guided re-plan: a modal on Slack, a card updated in place on Teams. */
export function replanStepForm(v: ReplanStepView): Form {
  const ref = JSON.stringify({ f: v.flowId, s: v.stepId });
  const blocks: Block[] = [
    { type: 'header', text: v.heading },
    { type: 'person', name: v.person.name, ...(v.person.title ? { title: v.person.title } : {}), account: v.person.account },
  ];
  if (v.problem) blocks.push({ type: 'text', text: `⚠️ ${v.problem}` });
  if (v.text) blocks.push({ type: 'text', text: v.text });
  if (v.known) {
    if (v.known.fields.length) blocks.push({ type: 'fields', fields: v.known.fields });
    if (v.known.missing.length) blocks.push({ type: 'context', text: `Not known yet: ${v.known.missing.join(', ')}.` });
    if (v.known.previous) blocks.push({ type: 'context', text: v.known.previous });
  }
  if (v.summary) {
    blocks.push(v.summary.length ? { type: 'fields', fields: v.summary } : { type: 'text', text: 'Every step was skipped: saving only closes the change.' });
  }
  const buttons: Button[] = [];
  if (v.canBack) buttons.push({ actionId: REPLAN_ACTIONS.back, label: 'Back', value: ref });
  if (!v.last) buttons.push({ actionId: REPLAN_ACTIONS.skip, label: 'Skip', value: ref });
  return {
    id: REPLAN_FORM_ID,
    title: v.title,
    submitLabel: v.last ? 'Save the plan' : 'Next',
    fields: v.fields,
    state: ref,
    blocks,
    ...(buttons.length ? { buttons } : {}),
  };
}

export interface ReplanDoneView {
  name: string;
  account: string;
  summary: Field[];
  /** "Intro call with Priya Shah", "Tue 1 Dec". */
  followUp?: { text: string; due: string };
  changeClosed: boolean;
}

/** The answer once the plan is saved. */
export function replanDoneMessage(v: ReplanDoneView): Message {
  const headline = `Saved the plan for ${v.name} at ${v.account}`;
  const blocks: Block[] = [{ type: 'header', text: headline }];
  if (v.summary.length) blocks.push({ type: 'fields', fields: v.summary });
  const after: string[] = [];
  if (v.followUp) after.push(`Follow-up for you: ${v.followUp.text} by ${v.followUp.due}.`);
  after.push(v.changeClosed ? 'The change is closed: no more reminders about it.' : 'It is on their card for the next time.');
  blocks.push({ type: 'context', text: after.join(' ') });
  return { text: `${headline}. ${after.join(' ')}`, blocks };
}
