import { MAX_NAME_LENGTH, nameProblem } from './names.js';

/** What `/stakeholder <account> …` asks for, once read. */
export type StakeholderCommand =
  | { verb: 'add'; account: string; name: string; role: string; replacing?: string }
  | { verb: 'left'; account: string; name: string }
  | { verb: 'objectives'; account: string; name: string; objectives: string[] }
  | { verb: 'list'; account: string }
  | { verb: 'edit'; account: string; name: string }
  | { verb: 'replan'; account: string; name: string };

export type Verb = StakeholderCommand['verb'];

export type ParsedStakeholder = { ok: true; command: StakeholderCommand } | { ok: false; problem: string; hint: string };

export const MAX_OBJECTIVES = 5;
export const MAX_OBJECTIVE_LENGTH = 200;

export const STAKEHOLDER_USAGE: Record<Verb, string> = {
  add: '/stakeholder <account> add <name> as <role> [replacing <name>], e.g. /stakeholder Acme add Priya Shah as CFO replacing Tom Reed',
  left: '/stakeholder <account> left <name>, e.g. /stakeholder Acme left Tom Reed',
  objectives: '/stakeholder <account> objectives <name>: <objective>; <objective>, e.g. /stakeholder Acme objectives Priya Shah: close the books in 3 days; cut audit fees',
  list: '/stakeholder <account> list, e.g. /stakeholder Acme list',
  edit: "/stakeholder <account> edit <name> opens a form for the person's objectives, operating style and preferences",
  replan: '/stakeholder <account> replan <name> walks you through re-learning the person, step by step, e.g. /stakeholder Acme replan Priya Shah',
};

const VERB = /\s(add|left|objectives|list|edit|replan)(?=\s|:|$)/gi;

/**
 * Reads the text after `/stakeholder`. The account name may hold spaces and
 * even a verb ("Left Bank left Tom Reed"), so every verb position is tried
 * from the left and the first reading that makes sense wins; when none does,
 * the problem of the first reading is reported.
 */
export function parseStakeholderCommand(text: string): ParsedStakeholder {
  const trimmed = text.trim().replace(/\s+/g, ' ');
  if (trimmed === '') {
    return { ok: false, problem: 'Which account, and what changed?', hint: `Write it as ${STAKEHOLDER_USAGE.add}` };
  }
  let first: ParsedStakeholder | undefined;
  for (const m of trimmed.matchAll(VERB)) {
    const account = trimmed.slice(0, m.index).trim();
    if (account === '') continue;
    const verb = m[1]!.toLowerCase() as Verb;
    const parsed = parseVerb(verb, account, trimmed.slice(m.index + m[0].length).trim());
    if (parsed.ok) return parsed;
    first ??= parsed;
  }
  return (
    first ?? {
      ok: false,
      problem: 'I could not find what changed: add, left, objectives, edit, replan or list.',
      hint: `Write it as ${STAKEHOLDER_USAGE.add}`,
    }
  );
}

function parseVerb(verb: Verb, account: string, rest: string): ParsedStakeholder {
  const fail = (problem: string): ParsedStakeholder => ({ ok: false, problem, hint: `Write it as ${STAKEHOLDER_USAGE[verb]}` });
  switch (verb) {
    case 'list':
      return rest === '' ? { ok: true, command: { verb, account } } : fail(`"list" takes nothing after it, but I got "${rest}".`);
    case 'left':
    case 'edit':
    case 'replan': {
      const problem = personProblem(rest);
      return problem ? fail(problem) : { ok: true, command: { verb, account, name: rest } };
    }
    case 'add': {
      const m = /^(.+?)\s+as\s+(.+?)(?:\s+replacing\s+(.+))?$/i.exec(rest);
      if (!m) return fail(rest === '' ? 'Who joined, and in which role?' : `I could not find "as <role>" in "${rest}".`);
      const [, name = '', role = '', replacing] = m;
      const problem = personProblem(name) ?? roleProblem(role) ?? (replacing !== undefined ? personProblem(replacing, 'the person replaced') : undefined);
      if (problem) return fail(problem);
      if (replacing !== undefined && sameName(name, replacing)) return fail(`${name} cannot replace themselves.`);
      return { ok: true, command: { verb, account, name: name.trim(), role: role.trim(), ...(replacing ? { replacing: replacing.trim() } : {}) } };
    }
    case 'objectives': {
      const colon = rest.indexOf(':');
      if (colon < 0) return fail('Put a colon between the name and the objectives.');
      const name = rest.slice(0, colon).trim();
      const objectives = rest
        .slice(colon + 1)
        .split(';')
        .map((o) => o.trim())
        .filter((o) => o !== '');
      const problem = personProblem(name);
      if (problem) return fail(problem);
      if (objectives.length === 0) return fail(`No objectives after the colon for ${name}.`);
      if (objectives.length > MAX_OBJECTIVES) return fail(`${objectives.length} objectives is more than the top ${MAX_OBJECTIVES}; keep the two or three that matter most.`);
      const long = objectives.find((o) => o.length > MAX_OBJECTIVE_LENGTH);
      if (long) return fail(`"${long.slice(0, 40)}…" is ${long.length} characters long; ${MAX_OBJECTIVE_LENGTH} at most per objective.`);
      return { ok: true, command: { verb, account, name, objectives } };
    }
  }
}

function personProblem(name: string, what = 'the name'): string | undefined {
  if (name.trim() === '') return `${capitalise(what)} is missing.`;
  const problem = nameProblem(name);
  return problem ? `${capitalise(what)} "${name.trim()}" ${problem}.` : undefined;
}

function roleProblem(role: string): string | undefined {
  const trimmed = role.trim();
  if (/<[@!#]/.test(trimmed)) return `The role "${trimmed}" holds a mention; write the role as plain text.`;
  if (trimmed.length > MAX_NAME_LENGTH) return `The role is ${trimmed.length} characters long; ${MAX_NAME_LENGTH} at most.`;
  if (!/[\p{L}\p{N}]/u.test(trimmed)) return `The role "${trimmed}" has no letters or digits.`;
  return undefined;
}

function sameName(a: string, b: string): boolean {
  return a.trim().toLocaleLowerCase('en') === b.trim().toLocaleLowerCase('en');
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
