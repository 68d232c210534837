/**
 * The small engine that walks a re-plan tree (replan.tree.ts). Pure: the
 * tree is data, the facts come from the database, the answers from the
 * person; nothing here reads or writes anything.
 */

/** What a branch may test: facts about the change and person, and answers given so far (answers win). */
export type Facts = Record<string, string | boolean | undefined>;

export type Condition =
  | { fact: string; equals: string | boolean }
  | { fact: string; in: string[] }
  | { all: Condition[] }
  | { any: Condition[] };

/** Where a field's answer goes when the plan is saved; without, it goes only into the summary. */
export type SaveTo = 'objectives' | 'operatingStyle' | 'preferences' | 'firstTouchBy';

interface StepFieldBase {
  id: string;
  label: string;
  /** The label in the summary and in the saved preferences (e.g. "Channel"). */
  short?: string;
  saveTo?: SaveTo;
  /** A fact that fills the field when it has no answer yet (e.g. the objectives on file). */
  prefill?: string;
}

export type StepField =
  | (StepFieldBase & { kind: 'text' | 'multiline'; placeholder?: string; maxLength?: number })
  | (StepFieldBase & { kind: 'select'; options: { label: string; value: string }[]; placeholder?: string })
  | (StepFieldBase & { kind: 'date' });

export interface Step {
  id: string;
  /** Short: it is the Slack modal's title (24 characters). */
  title: string;
  /** The question, with {first}, {name}, {account}, {role}, {previous}, {previousFirst}. */
  heading: string;
  text?: string;
  /** What the step shows above its fields: what we know of the person, or the plan so far. */
  show?: 'known' | 'summary';
  fields: StepField[];
  /** First entry whose condition holds (or that has none) is next; no entries: the last step. */
  next?: { if?: Condition; goto: string }[];
}

export interface ReplanTree {
  start: string;
  steps: Step[];
  /** The follow-up the first-touch date becomes, e.g. "Intro call with {name}". */
  followUp: string;
}

export type Answers = Record<string, string>;

export function stepOf(tree: ReplanTree, id: string): Step | undefined {
  return tree.steps.find((s) => s.id === id);
}

export function holds(c: Condition, facts: Facts): boolean {
  if ('all' in c) return c.all.every((x) => holds(x, facts));
  if ('any' in c) return c.any.some((x) => holds(x, facts));
  const v = facts[c.fact];
  if ('equals' in c) return v === c.equals;
  return typeof v === 'string' && c.in.includes(v);
}

/** The step after `step`, or undefined when it is the last. */
export function nextStep(step: Step, facts: Facts): string | undefined {
  return step.next?.find((n) => !n.if || holds(n.if, facts))?.goto;
}

/** Facts and answers together, for branch conditions. */
export function factsWith(facts: Facts, answers: Answers): Facts {
  return { ...facts, ...answers };
}

/** What is wrong with a tree; empty when it can be walked. A manager extending it runs the tree test. */
export function treeProblems(tree: ReplanTree): string[] {
  const problems: string[] = [];
  const ids = new Set<string>();
  const fieldIds = new Set<string>();
  for (const step of tree.steps) {
    if (ids.has(step.id)) problems.push(`step "${step.id}" appears twice`);
    ids.add(step.id);
    if (step.title.length > 24) problems.push(`step "${step.id}": title is longer than 24 characters`);
    for (const f of step.fields) {
      if (fieldIds.has(f.id)) problems.push(`field "${f.id}" appears twice`);
      fieldIds.add(f.id);
    }
    const next = step.next ?? [];
    if (next.length && next.at(-1)!.if) problems.push(`step "${step.id}": the last "next" needs no condition, or the flow can stop there`);
  }
  if (!ids.has(tree.start)) problems.push(`start step "${tree.start}" does not exist`);
  for (const step of tree.steps) {
    for (const n of step.next ?? []) if (!ids.has(n.goto)) problems.push(`step "${step.id}" goes to "${n.goto}", which does not exist`);
  }
  if (!tree.steps.some((s) => !s.next?.length)) problems.push('no last step (one without "next")');
  // Every step reachable from the start, and no loop: Back walks the trail, so a loop would never end.
  const seen = new Set<string>();
  const walk = (id: string, path: string[]) => {
    if (path.includes(id)) return void problems.push(`a loop: ${[...path, id].join(' → ')}`);
    seen.add(id);
    for (const n of stepOf(tree, id)?.next ?? []) walk(n.goto, [...path, id]);
  };
  if (ids.has(tree.start)) walk(tree.start, []);
  for (const id of ids) if (!seen.has(id)) problems.push(`step "${id}" cannot be reached from the start`);
  return problems;
}

export const MAX_PLAN_OBJECTIVES = 3;

export type ReadResult = { ok: true; answers: Answers } | { ok: false; problem: string };

/**
 * A step's submitted values, checked. Empty fields drop their earlier
 * answer. `today` is the person's local date, YYYY-MM-DD.
 */
export function readStep(step: Step, values: Record<string, string | boolean | undefined>, answers: Answers, today: string): ReadResult {
  const next: Answers = { ...answers };
  for (const field of step.fields) {
    const raw = values[field.id];
    const value = typeof raw === 'string' ? raw.trim() : '';
    if (value === '') {
      delete next[field.id];
      continue;
    }
    if (field.kind === 'select' && !field.options.some((o) => o.value === value)) {
      return { ok: false, problem: `"${value}" is not one of the choices for ${field.short ?? field.label}.` };
    }
    if (field.kind === 'date') {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return { ok: false, problem: `"${value}" is not a date; pick one, or write it as YYYY-MM-DD.` };
      if (value < today) return { ok: false, problem: `${value} is already past; pick today or a later day.` };
    }
    if (field.saveTo === 'objectives') {
      const lines = linesOf(value);
      if (lines.length > MAX_PLAN_OBJECTIVES) return { ok: false, problem: `${lines.length} objectives is more than the top ${MAX_PLAN_OBJECTIVES}; keep the ones that matter most, one a line.` };
    }
    if ('maxLength' in field && field.maxLength && value.length > field.maxLength) {
      return { ok: false, problem: `${field.short ?? field.label} is ${value.length} characters; ${field.maxLength} at most.` };
    }
    next[field.id] = value;
  }
  return { ok: true, answers: next };
}

/** Skip: the step's answers are left out. */
export function skipStep(step: Step, answers: Answers): Answers {
  const next = { ...answers };
  for (const f of step.fields) delete next[f.id];
  return next;
}

function linesOf(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.replace(/^\s*(?:[-*•]|\d+[.)])\s*/, '').trim())
    .filter((l) => l !== '');
}

export interface Plan {
  /** Undefined when not answered: what is on file stays. */
  objectives?: string[];
  operatingStyle?: string;
  preferences?: string;
  firstTouchBy?: string;
  /** Every answer of the steps walked, in tree order, labelled for the summary. */
  lines: { label: string; value: string }[];
}

/** What the answers of the walked steps add up to. */
export function planOf(tree: ReplanTree, walked: string[], answers: Answers): Plan {
  const lines: Plan['lines'] = [];
  const style: string[] = [];
  const prefs: string[] = [];
  const plan: Plan = { lines };
  for (const step of tree.steps) {
    if (!walked.includes(step.id)) continue;
    for (const field of step.fields) {
      const raw = answers[field.id];
      if (!raw) continue;
      const value = field.kind === 'select' ? (field.options.find((o) => o.value === raw)?.label ?? raw) : raw;
      const label = field.short ?? field.label;
      lines.push({ label, value });
      if (field.saveTo === 'objectives') plan.objectives = linesOf(value);
      if (field.saveTo === 'operatingStyle') style.push(value);
      if (field.saveTo === 'preferences') prefs.push(`${label}: ${value}`);
      if (field.saveTo === 'firstTouchBy') plan.firstTouchBy = raw;
    }
  }
  if (style.length) plan.operatingStyle = style.join(' — ');
  if (prefs.length) plan.preferences = prefs.join('; ');
  return plan;
}

/** Fills {first}, {name}… from `words`; an unknown or empty word is left as a plain phrase. */
export function fill(template: string, words: Record<string, string | undefined>): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => words[key] || 'them');
}
