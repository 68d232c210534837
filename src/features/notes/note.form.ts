import { hasDiscovery } from '../../domain/discovery.js';
import { parseDiscoveryText, parseFollowUpLine, parseItems, parsePeopleList } from '../../domain/note.parser.js';
import { NOTE_LIMITS, NoteInputError, SENTIMENTS, type NoteDraft, type Sentiment } from '../../domain/note.types.js';
import type { Form, FormField, FormValues, Option } from '../../messages/message.js';

export const NOTE_FORM_ID = 'note.form';

/** What a form can be opened with; every value is text as a person would type it. */
export interface NotePrefill {
  account?: string;
  /** "Dana Lee (VP Engineering), Jim Park" */
  people?: string;
  /** 'YYYY-MM-DD' */
  when?: string;
  summary?: string;
  quote?: string;
  /** One a line. */
  pains?: string;
  wants?: string;
  /** One a line; a line may end with "by <date>". */
  followUps?: string;
  followUpDue?: string;
  /** Platform user id of the follow-up owner (one of `owners`). */
  followUpOwner?: string;
  sentiment?: Sentiment;
  /** Discovery clauses this note recorded, e.g. "need: …; ready: high because …". */
  discovery?: string;
  share?: boolean;
  consent?: boolean;
}

export interface NoteFormOptions {
  /** Existing account names, offered in a select (at most 100 fit a Slack select). */
  accounts?: string[];
  /** Who may own a follow-up (value: platform user id); without it the author owns them. */
  owners?: Option[];
  /** Today in the author's zone: the default for "When". */
  today?: string;
  /** Set when the form edits a saved note; comes back in the submission's state. */
  noteId?: string;
}

export interface NoteFormState {
  noteId?: string;
}

const SENTIMENT_LABELS: Record<Sentiment, string> = {
  positive: '🙂 Positive',
  neutral: '😐 Neutral',
  mixed: '🤔 Mixed',
  negative: '🙁 Negative',
};

/**
 * The call-note form, for `/callnote` with no text, the Edit button and
 * "Log intro call". Accounts: a select of existing ones plus a text input for
 * a new one (or a prefix of an existing one); a typed name wins over the
 * select, since the select may only hold the prefill.
 */
export function buildNoteForm(prefill: NotePrefill = {}, options: NoteFormOptions = {}): Form {
  const accounts = (options.accounts ?? []).slice(0, 100);
  const known = prefill.account ? accounts.find((a) => a.toLowerCase() === prefill.account!.trim().toLowerCase()) : undefined;
  const fields: FormField[] = [];
  if (accounts.length) {
    fields.push({
      id: 'account',
      kind: 'select',
      label: 'Account',
      options: accounts.map((a) => ({ label: a, value: a })),
      placeholder: 'Pick a customer',
      ...(known ? { value: known } : {}),
    });
  }
  fields.push(
    {
      id: 'account_new',
      kind: 'text',
      label: accounts.length ? '…or type an account (a new name creates it)' : 'Account',
      placeholder: 'Acme',
      maxLength: 80,
      ...(prefill.account && !known ? { value: prefill.account } : {}),
    },
    { id: 'people', kind: 'text', label: 'People you met', placeholder: 'Dana Lee (VP Engineering), Jim Park', maxLength: 1000, value: prefill.people },
    { id: 'met_on', kind: 'date', label: 'When', value: prefill.when ?? options.today },
    { id: 'summary', kind: 'multiline', label: 'What happened', placeholder: 'What you talked about, what they care about', maxLength: 3000, value: prefill.summary },
    { id: 'quote', kind: 'multiline', label: 'Their own words (verbatim)', placeholder: 'We lose two days every month-end', maxLength: 1000, value: prefill.quote },
    { id: 'pains', kind: 'multiline', label: 'Pains (one a line)', maxLength: 2000, value: prefill.pains },
    { id: 'wants', kind: 'multiline', label: 'Wants (one a line)', maxLength: 2000, value: prefill.wants },
    {
      id: 'discovery',
      kind: 'multiline',
      label: 'About the people you met: need, now, goal, ready, capacity',
      placeholder: 'need: a faster close; now: two weeks in spreadsheets; goal: close in 3 days; ready: high because the audit is in March; capacity: one quiet month',
      maxLength: 2500,
      value: prefill.discovery,
    },
    { id: 'follow_ups', kind: 'multiline', label: 'Follow-ups (one a line)', placeholder: 'Send the beta invite by 2026-12-01', maxLength: 2000, value: prefill.followUps },
    { id: 'follow_up_due', kind: 'date', label: 'Follow-ups due (unless a line says "by …")', value: prefill.followUpDue },
  );
  if (options.owners?.length) {
    fields.push({ id: 'follow_up_owner', kind: 'select', label: 'Follow-up owner', options: options.owners.slice(0, 100), value: prefill.followUpOwner ?? options.owners[0]!.value });
  }
  fields.push(
    { id: 'sentiment', kind: 'select', label: 'How did it feel?', options: SENTIMENTS.map((s) => ({ label: SENTIMENT_LABELS[s], value: s })), value: prefill.sentiment },
    { id: 'share', kind: 'checkbox', label: 'Share with engineering', value: prefill.share ?? true },
    { id: 'consent', kind: 'checkbox', label: 'Customer agreed to be quoted', value: prefill.consent ?? true },
  );
  const state: NoteFormState = options.noteId ? { noteId: options.noteId } : {};
  return {
    id: NOTE_FORM_ID,
    title: options.noteId ? 'Edit call note' : 'Call note',
    submitLabel: options.noteId ? 'Update' : 'Save',
    fields: fields.map(dropUndefinedValue),
    state: JSON.stringify(state),
  };
}

function dropUndefinedValue(field: FormField): FormField {
  if (field.value !== undefined) return field;
  const { value: _unused, ...rest } = field as FormField & { value?: unknown };
  return rest as FormField;
}

export function readNoteFormState(state: string | undefined): NoteFormState {
  try {
    const parsed = JSON.parse(state ?? '{}') as { noteId?: unknown };
    return typeof parsed.noteId === 'string' && /^[0-9a-f-]{36}$/.test(parsed.noteId) ? { noteId: parsed.noteId } : {};
  } catch {
    return {};
  }
}

const str = (v: FormValues[string]): string => (typeof v === 'string' ? v.trim() : '');
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A submitted note form as a draft; the follow-up owner, if any, is returned apart. */
export function readNoteForm(values: FormValues, today: string): { draft: NoteDraft; ownerUserId?: string } {
  const account = str(values.account_new) || str(values.account);
  if (!account) throw new NoteInputError('no_account', 'Which customer was the call with?', 'Pick an account, or type its name (a new name creates it).');
  const metOn = str(values.met_on) || undefined;
  if (metOn && !DATE.test(metOn)) throw new NoteInputError('bad_date', `"${metOn}" is not a date.`, 'Pick the day of the call.');
  const due = str(values.follow_up_due) || undefined;
  if (due && !DATE.test(due)) throw new NoteInputError('bad_due_date', `"${due}" is not a date.`, 'Pick the day the follow-ups are due.');
  const sentimentRaw = str(values.sentiment);
  const sentiment = (SENTIMENTS as readonly string[]).includes(sentimentRaw) ? (sentimentRaw as Sentiment) : undefined;
  const followUps = str(values.follow_ups)
    .split(/\n+/)
    .map((l) => l.trim())
    .filter(Boolean)
    .slice(0, NOTE_LIMITS.items)
    .map((line) => {
      const f = parseFollowUpLine(line, today);
      return f.dueOn || !due ? f : { ...f, dueOn: due };
    });
  const discovery = parseDiscoveryText(str(values.discovery));
  const draft: NoteDraft = {
    account,
    people: parsePeopleList(str(values.people)),
    metOn,
    summary: str(values.summary),
    quote: stripQuoteMarks(str(values.quote)) || undefined,
    pains: parseItems(str(values.pains)),
    wants: parseItems(str(values.wants)),
    followUps,
    sentiment,
    ...(hasDiscovery(discovery) ? { discovery } : {}),
    // A checkbox left out of the submission counts as its default (checked).
    internal: values.share === false,
    consentToQuote: values.consent !== false,
    tags: [],
  };
  if (draft.discovery && !draft.people.length) {
    throw new NoteInputError('discovery_without_person', 'The discovery is about a person, and this note names nobody.', 'Add who you met under People, e.g. Dana Lee (CFO).');
  }
  if (!draft.summary && !draft.quote && !draft.pains.length && !draft.wants.length && !draft.followUps.length && !draft.discovery) {
    throw new NoteInputError('empty_note', 'The note is empty.', 'Write what happened, their words, a pain, a want or a follow-up.');
  }
  const owner = str(values.follow_up_owner);
  return { draft, ownerUserId: owner || undefined };
}

function stripQuoteMarks(s: string): string {
  const m = /^["“„](.*)["”]$/s.exec(s);
  return (m ? m[1]! : s).trim();
}
