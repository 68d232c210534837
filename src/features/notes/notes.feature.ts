import { and, asc, eq } from 'drizzle-orm';
import { DateTime } from 'luxon';
import type { ActionInput, Reply, SubmitInput } from '../../chat/inbound.js';
import { accounts, users } from '../../db/schema.js';
import { draftToCommandText } from '../../domain/note.format.js';
import { localDate } from '../../domain/local.date.js';
import { parseNoteCommand } from '../../domain/note.parser.js';
import { NoteInputError, type NoteDraft } from '../../domain/note.types.js';
import type { FormValues, Option } from '../../messages/message.js';
import { accountOverviewMessage } from '../../messages/note.account.message.js';
import { infoMessage } from '../../messages/reply.messages.js';
import { noteSavedMessage, noteUndoneMessage } from '../../messages/note.messages.js';
import { resolveAccount } from '../accounts/account.resolver.js';
import { noteDiscoveryClauses } from '../discovery/discovery.store.js';
import { UserError } from '../errors.js';
import type { Feature, FeatureContext } from '../feature.js';
import type { Identity } from '../identity.js';
import { loadAccountOverview, summarise, summaryOfSaved } from './account.overview.js';
import { FOLLOW_UP_TIME, followUpDelivery, markFollowUpDone, snoozeFollowUp } from './followups.js';
import { buildNoteForm, readNoteForm, readNoteFormState, type NotePrefill } from './note.form.js';
import { enrichNote, wantsEnrichment } from './note.enrichment.js';
import { deleteNote, loadSaved, ownNote, saveNote, updateNote, type SavedNote } from './note.store.js';

export function createNotesFeature(ctx: FeatureContext): Feature {
  const { db } = ctx;
  const zoneOf = (who: Identity) => who.timezone ?? ctx.timezone;
  const todayOf = (who: Identity) => localDate(ctx.clock.now(), zoneOf(who));

  async function formOptions(who: Identity, platform: string) {
    const known = await db.select({ name: accounts.name }).from(accounts).where(eq(accounts.orgId, who.orgId)).orderBy(asc(accounts.nameKey)).limit(100);
    // Follow-ups go to the author or a colleague on the same platform (it DMs them there).
    const colleagues = await db
      .select({ id: users.id, externalId: users.externalId, name: users.displayName })
      .from(users)
      .where(and(eq(users.orgId, who.orgId), eq(users.platform, platform as 'slack' | 'teams')))
      .orderBy(asc(users.displayName))
      .limit(100);
    const me = colleagues.find((c) => c.id === who.userId);
    const owners: Option[] = [
      ...(me ? [{ label: `${me.name} (me)`, value: me.externalId }] : []),
      ...colleagues.filter((c) => c.id !== who.userId).map((c) => ({ label: c.name, value: c.externalId })),
    ];
    return { accounts: known.map((a) => a.name), owners, today: todayOf(who) };
  }

  /** Slow work after the reply: the model's reading of a free-text note, and the author's timezone. */
  function afterSave(saved: SavedNote, who: Identity, actor: ActionInput['actor']) {
    if (saved.replay) return;
    // Owned by the process's work tracker: shutdown waits for it before the database closes.
    const inBackground = (work: Promise<unknown>) => void ctx.work.track(work).catch(() => undefined);
    if (ctx.ai && wantsEnrichment(saved.note)) {
      inBackground(enrichNote({ db, ai: ctx.ai, log: ctx.log, clock: ctx.clock }, saved.note.id));
    }
    if (!who.timezone) {
      inBackground(
        (async () => {
          const zone = (await ctx.directory.profile(actor.platform, actor.userId))?.timezone;
          if (zone && DateTime.local().setZone(zone).isValid) await db.update(users).set({ timezone: zone }).where(eq(users.id, who.userId));
        })().catch((err: unknown) => ctx.log.warn({ err }, 'could not look up a timezone')),
      );
    }
  }

  function confirmation(saved: SavedNote, who: Identity, updated = false): Reply {
    // Built from what was written, not read back.
    const summary = summaryOfSaved(saved, zoneOf(who));
    const fresh = saved.newPeople.map((p) => ({ personId: p.id, name: p.name, title: p.title }));
    return { kind: 'message', visibility: 'private', message: noteSavedMessage(summary, fresh, { updated }) };
  }

  const asUserError = (err: unknown, echo: string): never => {
    if (err instanceof NoteInputError) throw new UserError(err.code, err.userMessage, echo, err.hint);
    throw err;
  };

  async function submitForm(input: SubmitInput, who: Identity): Promise<Reply> {
    const { noteId } = readNoteFormState(input.state);
    let read: { draft: NoteDraft; ownerUserId?: string };
    try {
      read = readNoteForm(input.values, todayOf(who));
    } catch (err) {
      return asUserError(err, formEcho(input.values));
    }
    const text = draftToCommandText(read.draft);
    const opts = {
      actor: input.actor,
      now: ctx.clock.now(),
      timezone: zoneOf(who),
      retry: { command: 'callnote' as const, text },
      followUpOwner: read.ownerUserId,
    };
    if (noteId) {
      const saved = await updateNote(db, who, noteId, read.draft, opts);
      return confirmation(saved, who, true);
    }
    const key = input.requestId ? `form:${input.actor.platform}:${input.requestId}` : undefined;
    const saved = await saveNote(db, who, read.draft, { ...opts, idempotencyKey: key });
    afterSave(saved, who, input.actor);
    return confirmation(saved, who);
  }

  return {
    name: 'note',
    commands: {
      callnote: async (input, who) => {
        const echo = `/callnote ${input.text}`.trim();
        if (!input.text) return { kind: 'form', form: buildNoteForm({}, await formOptions(who, input.actor.platform)) };
        let parsed;
        try {
          parsed = parseNoteCommand(input.text, todayOf(who));
        } catch (err) {
          return asUserError(err, echo);
        }
        if (parsed.kind === 'form') {
          return { kind: 'form', form: buildNoteForm({ account: parsed.account, people: parsed.people }, await formOptions(who, input.actor.platform)) };
        }
        const saved = await saveNote(db, who, parsed.draft, {
          actor: input.actor,
          now: ctx.clock.now(),
          timezone: zoneOf(who),
          idempotencyKey: input.requestId ? `${input.actor.platform}:${input.requestId}` : undefined,
          retry: { command: 'callnote', text: input.text },
        });
        afterSave(saved, who, input.actor);
        return confirmation(saved, who);
      },
      'hallway account': async (input, who) => {
        if (!input.text) throw new UserError('account_missing', 'Which account?', '/hallway account', 'e.g. /hallway account Acme');
        const { account } = await resolveAccount(db, who.orgId, input.text, { retry: { command: 'hallway', text: `account ${input.text}` } });
        const overview = await loadAccountOverview(db, who, account.id, zoneOf(who), ctx.clock.now());
        return { kind: 'message', visibility: 'private', message: accountOverviewMessage(overview) };
      },
    },
    actions: {
      'note.edit': async (input, who) => {
        const note = await ownNote(db, who, checkId(input.value));
        const saved = await loadSaved(db, note, false);
        const [s] = await summarise(db, [note], zoneOf(who));
        const owner = saved.followUps.find((f) => f.status === 'open')?.ownerId;
        const [ownerRow] = owner ? await db.select({ externalId: users.externalId }).from(users).where(eq(users.id, owner)) : [];
        const prefill: NotePrefill = {
          account: saved.account.name,
          people: s!.people.map((p) => (p.title ? `${p.name} (${p.title})` : p.name)).join(', '),
          when: s!.metOn,
          summary: note.summary ?? undefined,
          quote: note.quote ?? undefined,
          pains: note.pains.join('\n'),
          wants: note.wants.join('\n'),
          followUps: saved.followUps.filter((f) => f.status === 'open').map((f) => (f.dueOn ? `${f.text} by ${f.dueOn}` : f.text)).join('\n'),
          followUpOwner: ownerRow?.externalId,
          sentiment: (note.sentiment as NotePrefill['sentiment']) ?? undefined,
          discovery: (await noteDiscoveryClauses(db, who.orgId, note.id)) || undefined,
          share: note.visibility !== 'internal',
          consent: note.consentToQuote,
        };
        return { kind: 'form', form: buildNoteForm(prefill, { ...(await formOptions(who, input.actor.platform)), noteId: note.id }) };
      },
      'note.undo': async (input, who) => {
        const gone = await deleteNote(db, who, checkId(input.value));
        if (!gone) return { kind: 'message', visibility: 'private', message: infoMessage('That note was already undone.') };
        return { kind: 'message', visibility: 'private', message: noteUndoneMessage(gone.account) };
      },
      'note.followup_done': async (input, who) => {
        const text = await markFollowUpDone(db, who, input.value, ctx.clock.now());
        return { kind: 'message', visibility: 'private', message: infoMessage(`✅ Done: ${text}`) };
      },
      'note.followup_snooze': async (input, who) => {
        const { text, until } = await snoozeFollowUp(db, who, input.value, ctx.clock.now(), zoneOf(who));
        const when = DateTime.fromJSDate(until, { zone: zoneOf(who) }).toFormat('cccc d LLL');
        return { kind: 'message', visibility: 'private', message: infoMessage(`😴 Snoozed: ${text}`, `I'll remind you again ${when} at ${FOLLOW_UP_TIME}.`) };
      },
    },
    forms: { 'note.form': submitForm },
    deliveries: [followUpDelivery(db, ctx.timezone)],
  };
}

function checkId(value: string): string {
  if (!/^[0-9a-f-]{36}$/.test(value)) throw new UserError('note_gone', 'That note no longer exists.');
  return value;
}

const FORM_LABELS: Record<string, string> = {
  account: 'Account',
  account_new: 'Account',
  people: 'People',
  met_on: 'When',
  summary: 'What happened',
  quote: 'Their words',
  pains: 'Pains',
  wants: 'Wants',
  discovery: 'Discovery',
  follow_ups: 'Follow-ups',
  follow_up_due: 'Due',
};

/** What was typed into the form, so an error loses none of it. */
function formEcho(values: FormValues): string {
  return Object.entries(FORM_LABELS)
    .map(([id, label]) => [label, values[id]] as const)
    .filter((e): e is readonly [string, string] => typeof e[1] === 'string' && e[1].trim() !== '')
    .map(([label, v]) => `${label}: ${v}`)
    .join('\n');
}
