/*
 * Discovery never ends: what a person needs, where they are today, where they
 * want to be, how ready they are to change and what price of change they can
 * bear. Each can be missing or go stale; both are worth asking about. Pure.
 */

export const DISCOVERY_FIELDS = ['need', 'now', 'goal', 'ready', 'capacity'] as const;
export type DiscoveryFieldName = (typeof DISCOVERY_FIELDS)[number];

export const READY_LEVELS = ['low', 'medium', 'high'] as const;
export type ReadyLevel = (typeof READY_LEVELS)[number];

/** How people read each field: what it asks. */
export const DISCOVERY_LABELS: Record<DiscoveryFieldName, string> = {
  need: 'Need',
  now: 'Where they are now',
  goal: 'Where they want to be',
  ready: 'Ready to change',
  capacity: 'Price of change they can bear',
};

/** What to ask when a field is not known: "what we do not know yet". */
export const DISCOVERY_QUESTIONS: Record<DiscoveryFieldName, string> = {
  need: 'what do they need?',
  now: 'how do they work today?',
  goal: 'where do they want to be?',
  ready: 'how ready are they to change, and why?',
  capacity: 'what cost or disruption of change can they bear?',
};

export const DISCOVERY_VALUE_MAX = 500;
/** A value older than this is worth asking about again. */
export const DISCOVERY_STALE_DAYS = 90;

/** Values as typed in a note's clauses or a form; absent fields say nothing. */
export interface DiscoveryInput {
  need?: string;
  now?: string;
  goal?: string;
  ready?: { level: ReadyLevel; why?: string };
  capacity?: string;
}

export type DiscoveryProblem = { code: 'bad_ready' | 'discovery_too_long'; message: string; hint: string };

export const READY_HINT = 'Write ready: low, medium or high, and why if you know, e.g. ready: high because the audit is in March.';

/** "high because the audit is in March", "medium - budget is frozen", "low". */
export function parseReady(text: string): { level: ReadyLevel; why?: string } | DiscoveryProblem {
  const t = text.trim().replace(/\s+/g, ' ');
  const m = /^(low|medium|med|high)\b[\s,.;:—–-]*(?:because\s+|since\s+|as\s+)?(.*)$/iu.exec(t);
  if (!m) return { code: 'bad_ready', message: `"${t}" is not a readiness I know.`, hint: READY_HINT };
  const word = m[1]!.toLowerCase();
  const level: ReadyLevel = word === 'med' ? 'medium' : (word as ReadyLevel);
  const why = m[2]!.trim().replace(/[.;]+$/, '');
  return why ? { level, why } : { level };
}

export function isProblem<T extends object>(x: T | DiscoveryProblem): x is DiscoveryProblem {
  return 'code' in x && 'hint' in x;
}

/** The text shown for one field's value: for ready, the level and why. */
export function discoveryText(field: DiscoveryFieldName, v: { value: string; level?: string | null }): string {
  if (field !== 'ready') return v.value;
  return v.value ? `${v.level} — ${v.value}` : String(v.level);
}

export function hasDiscovery(d: DiscoveryInput | undefined): d is DiscoveryInput {
  return Boolean(d && DISCOVERY_FIELDS.some((f) => d[f] !== undefined));
}

/** The fields of one person that are missing or older than DISCOVERY_STALE_DAYS at `now`. */
export function staleFields(latest: Partial<Record<DiscoveryFieldName, { at: Date }>>, now: Date): DiscoveryFieldName[] {
  const limit = now.getTime() - DISCOVERY_STALE_DAYS * 86_400_000;
  return DISCOVERY_FIELDS.filter((f) => {
    const v = latest[f];
    return !v || v.at.getTime() < limit;
  });
}

/** A discovery input as rows: one per field said, ready's why as its value. */
export type DiscoveryRow = { field: DiscoveryFieldName; value: string; level: ReadyLevel | null };

export function discoveryRows(d: DiscoveryInput): DiscoveryRow[] {
  return DISCOVERY_FIELDS.flatMap((field): DiscoveryRow[] => {
    if (field === 'ready') return d.ready ? [{ field, value: d.ready.why ?? '', level: d.ready.level }] : [];
    const value = d[field];
    return value ? [{ field, value, level: null }] : [];
  });
}

/** Back to the clause syntax, for echoing a form and for the note's raw text. */
export function discoveryClauses(d: DiscoveryInput): string[] {
  return discoveryRows(d).map((r) => (r.field === 'ready' ? `ready: ${r.level}${r.value ? ` because ${r.value}` : ''}` : `${r.field}: ${r.value}`));
}

/** The person form's discovery inputs, by form field id. */
export const DISCOVERY_FORM_IDS = { need: 'need', now: 'now', goal: 'goal', readyLevel: 'ready_level', readyWhy: 'ready_why', capacity: 'capacity' } as const;

/**
 * What the person form says about discovery, keeping only what differs
 * from `current`: saving the form unchanged adds nothing to the history.
 */
export function changedDiscovery(
  values: Record<string, string | boolean | undefined>,
  current: Partial<Record<DiscoveryFieldName, { value: string; level?: string | null }>>,
): DiscoveryInput | DiscoveryProblem {
  const text = (id: string) => {
    const v = values[id];
    return typeof v === 'string' ? v.trim().replace(/\s+/g, ' ') : '';
  };
  const out: DiscoveryInput = {};
  for (const field of ['need', 'now', 'goal', 'capacity'] as const) {
    const v = text(DISCOVERY_FORM_IDS[field]);
    if (v.length > DISCOVERY_VALUE_MAX) return { code: 'discovery_too_long', message: `${DISCOVERY_LABELS[field]} is ${v.length} characters; ${DISCOVERY_VALUE_MAX} at most.`, hint: 'Keep it to a sentence or two.' };
    if (v && v !== current[field]?.value) out[field] = v;
  }
  const level = text(DISCOVERY_FORM_IDS.readyLevel).toLowerCase();
  const why = text(DISCOVERY_FORM_IDS.readyWhy);
  if (level) {
    if (!(READY_LEVELS as readonly string[]).includes(level)) return { code: 'bad_ready', message: `"${level}" is not a readiness I know.`, hint: READY_HINT };
    if (level !== current.ready?.level || why !== (current.ready?.value ?? '')) out.ready = { level: level as ReadyLevel, ...(why ? { why } : {}) };
  } else if (why) {
    return { code: 'bad_ready', message: 'You wrote why they are ready, but not how ready: low, medium or high.', hint: READY_HINT };
  }
  return out;
}
