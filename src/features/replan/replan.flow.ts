import { and, desc, eq, inArray, ne } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { z } from 'zod';
import type { ActionInput, Reply, SubmitInput } from '../../chat/inbound.js';
import { accounts, people, stakeholderChanges, type ReplanFlow } from '../../db/schema.js';
import { safeJson } from '../../domain/json.js';
import type { FormField } from '../../messages/message.js';
import { REPLAN_ACTIONS, REPLAN_FORM_ID, replanDoneMessage, replanStepForm } from '../../messages/replan.message.js';
import { infoMessage, privateText } from '../../messages/reply.messages.js';
import { seesAccountInternals } from '../access.js';
import { UserError } from '../errors.js';
import type { FeatureContext, Handler } from '../feature.js';
import type { Identity } from '../identity.js';
import { factsWith, fill, nextStep, planOf, readStep, skipStep, stepOf, type Answers, type ReplanTree, type Step, type StepField } from './replan.engine.js';
import { situationOf, type Situation } from './replan.facts.js';
import { savePlan } from './replan.save.js';
import { createReplanStore } from './replan.store.js';
import { REPLAN_TREE } from './replan.tree.js';

const stepRef = z.object({ f: z.uuid(), s: z.string().min(1).max(100) });

/** Who may re-plan an account's people: those who may read its internal notes (its owner, managers, admins), as the plan note is one. */
export const mayReplan = seesAccountInternals;

/**
 * The guided re-plan: started from a reminder's Re-plan button or
 * `/stakeholder <account> replan <name>`, walked one step at a time through
 * the tree, each step saved in replan_flows so it resumes where it stood.
 */
export function createReplan(ctx: FeatureContext, tree: ReplanTree = REPLAN_TREE) {
  const { db } = ctx;
  const store = createReplanStore(db);
  const zoneOf = (who: Identity) => who.timezone ?? ctx.timezone;

  async function situation(flow: ReplanFlow, who: Identity): Promise<Situation> {
    const s = await situationOf(db, who.orgId, flow.personId, flow.changeId, who.userId, zoneOf(who));
    if (!mayReplan(who, s.account)) throw notAllowed(s.account.name);
    return s;
  }

  function currentStep(flow: ReplanFlow): Step {
    // A step removed from the tree since this re-plan began: start over from the first.
    return stepOf(tree, flow.step) ?? stepOf(tree, tree.start)!;
  }

  async function render(flow: ReplanFlow, who: Identity, opts: { replace: boolean; problem?: string; typed?: Answers; s?: Situation }): Promise<Reply> {
    const s = opts.s ?? (await situation(flow, who));
    const step = currentStep(flow);
    const answers = { ...flow.answers, ...opts.typed };
    const form = replanStepForm({
      flowId: flow.id,
      stepId: step.id,
      title: step.title,
      heading: fill(step.heading, s.words),
      ...(step.text ? { text: fill(step.text, s.words) } : {}),
      person: { name: s.person.name, ...(s.words.role ? { title: s.words.role } : {}), account: s.account.name },
      ...(step.show === 'known' ? { known: s.known } : {}),
      ...(step.show === 'summary' ? { summary: planOf(tree, flow.trail, flow.answers).lines } : {}),
      fields: step.fields.map((f) => formField(f, answers[f.id] ?? prefillOf(f, s), s.words)),
      ...(opts.problem ? { problem: opts.problem } : {}),
      canBack: flow.trail.length > 0,
      last: !step.next?.length,
    });
    return { kind: 'form', form, replace: opts.replace };
  }

  /** Opens this person's re-plan where it stands, or starts one. */
  async function start(who: Identity, personId: string, changeId: string | null): Promise<Reply> {
    const [account] = await db
      .select({ name: accounts.name, ownerId: accounts.ownerId })
      .from(people)
      .innerJoin(accounts, eq(accounts.id, people.accountId))
      .where(and(eq(people.id, personId), eq(people.orgId, who.orgId)));
    if (!account) throw new UserError('person_gone', 'That person is no longer known (they may have been erased).');
    if (!mayReplan(who, account)) throw notAllowed(account.name);
    const { flow } = await store.openOrStart(who.orgId, personId, { changeId, by: who.userId, step: tree.start, now: ctx.clock.now() });
    return render(flow, who, { replace: false });
  }

  /** Loads the re-plan a step's button or submission belongs to; a stale card shows where it stands now. */
  async function onStep(raw: string | undefined, who: Identity, act: (flow: ReplanFlow, step: Step, s: Situation) => Promise<Reply>): Promise<Reply> {
    const ref = stepRef.safeParse(safeJson(raw ?? ''));
    if (!ref.success) throw new UserError('replan_state', 'This re-plan step could not be read.', undefined, 'Open it again from the reminder, or with /stakeholder <account> replan <name>.');
    const flow = await store.byId(who.orgId, ref.data.f);
    if (!flow) throw new UserError('replan_gone', 'This re-plan no longer exists (the person may have been erased).');
    const s = await situation(flow, who);
    if (flow.status === 'done') {
      const on = DateTime.fromJSDate(flow.completedAt ?? flow.updatedAt, { zone: zoneOf(who) }).toFormat('ccc d LLL');
      return { kind: 'message', visibility: 'private', replace: true, message: infoMessage(`The plan for ${s.person.name} was saved on ${on}.`, `To re-plan again: /stakeholder ${s.account.name} replan ${s.person.name}`) };
    }
    if (ref.data.s !== flow.step) return render(flow, who, { replace: true, s });
    return act(flow, currentStep(flow), s);
  }

  async function advance(flow: ReplanFlow, step: Step, answers: Answers, who: Identity, s: Situation): Promise<Reply> {
    const next = nextStep(step, factsWith(s.facts, answers));
    if (!next) return render(flow, who, { replace: true, s });
    const moved = await store.move(flow, { step: next, trail: [...flow.trail, step.id], answers, now: ctx.clock.now() });
    return render(moved, who, { replace: true, s });
  }

  const back: Handler<ActionInput> = (input, who) =>
    onStep(input.value, who, async (flow, _step, s) => {
      const previous = flow.trail.at(-1);
      if (!previous) return render(flow, who, { replace: true, s });
      const moved = await store.move(flow, { step: previous, trail: flow.trail.slice(0, -1), answers: flow.answers, now: ctx.clock.now() });
      return render(moved, who, { replace: true, s });
    });

  const skip: Handler<ActionInput> = (input, who) => onStep(input.value, who, (flow, step, s) => advance(flow, step, skipStep(step, flow.answers), who, s));

  const submit: Handler<SubmitInput> = (input, who) =>
    onStep(input.state, who, async (flow, step, s) => {
      if (!step.next?.length) {
        const now = ctx.clock.now();
        const saved = await savePlan(db, tree, flow, s, who.userId, now);
        const due = saved.followUp ? DateTime.fromISO(saved.followUp.dueOn, { zone: zoneOf(who) }).toFormat('ccc d LLL') : '';
        return {
          kind: 'message',
          visibility: 'private',
          replace: true,
          message: replanDoneMessage({
            name: s.person.name,
            account: s.account.name,
            summary: saved.summary,
            ...(saved.followUp ? { followUp: { text: saved.followUp.text, due } } : {}),
            changeClosed: saved.changeClosed,
          }),
        };
      }
      const today = DateTime.fromJSDate(ctx.clock.now(), { zone: zoneOf(who) }).toISODate()!;
      const read = readStep(step, input.values, flow.answers, today);
      if (!read.ok) {
        // Shown again with what was typed, so nothing is lost.
        const typed = Object.fromEntries(Object.entries(input.values).filter((e): e is [string, string] => typeof e[1] === 'string'));
        return render(flow, who, { replace: true, problem: read.problem, typed, s });
      }
      return advance(flow, step, read.answers, who, s);
    });

  /** The reminder's Re-plan button: the value is the change. */
  const fromReminder: Handler<ActionInput> = async (input, who) => {
    const id = z.uuid().safeParse(input.value);
    const [row] = id.success
      ? await db
          .select({ change: stakeholderChanges, person: people, account: accounts.name })
          .from(stakeholderChanges)
          .innerJoin(people, eq(people.id, stakeholderChanges.personId))
          .innerJoin(accounts, eq(accounts.id, stakeholderChanges.accountId))
          .where(and(eq(stakeholderChanges.id, id.data), eq(stakeholderChanges.orgId, who.orgId)))
      : [];
    if (!row) throw new UserError('change_gone', 'That reminder no longer exists (the person may have been erased).');
    if (row.change.kind === 'left') return privateText(`${row.person.name} has left; there is nobody to re-plan. Plan with whoever takes over their part.`);
    const open = await store.openFor(who.orgId, row.person.id);
    if (!open && row.change.status === 'done') {
      return privateText(`The change about ${row.person.name} is closed. To re-plan ${row.person.name} anyway, use /stakeholder ${row.account} replan ${row.person.name}.`);
    }
    return start(who, row.person.id, row.change.id);
  };

  /** `/stakeholder <account> replan <name>`: answers the person's latest open change, if any. */
  async function forPerson(who: Identity, personId: string): Promise<Reply> {
    const [change] = await db
      .select({ id: stakeholderChanges.id })
      .from(stakeholderChanges)
      .where(and(eq(stakeholderChanges.orgId, who.orgId), eq(stakeholderChanges.personId, personId), inArray(stakeholderChanges.status, ['open', 'snoozed']), ne(stakeholderChanges.kind, 'left')))
      .orderBy(desc(stakeholderChanges.createdAt))
      .limit(1);
    return start(who, personId, change?.id ?? null);
  }

  return {
    forPerson,
    actions: { [REPLAN_ACTIONS.start]: fromReminder, [REPLAN_ACTIONS.back]: back, [REPLAN_ACTIONS.skip]: skip } as Record<string, Handler<ActionInput>>,
    forms: { [REPLAN_FORM_ID]: submit } as Record<string, Handler<SubmitInput>>,
  };
}

export type Replan = ReturnType<typeof createReplan>;

function notAllowed(account: string): UserError {
  return new UserError('replan_not_allowed', `Only the owner of ${account}, a manager or an admin can re-plan its people.`, undefined, 'Ask the account owner, or have a manager make you the owner with /hallway owner.');
}

function prefillOf(field: StepField, s: Situation): string | undefined {
  const v = field.prefill ? s.facts[field.prefill] : undefined;
  return typeof v === 'string' ? v : undefined;
}

function formField(f: StepField, value: string | undefined, words: Record<string, string>): FormField {
  const label = fill(f.label, words);
  const v = value ? { value } : {};
  switch (f.kind) {
    case 'text':
    case 'multiline':
      return { id: f.id, kind: f.kind, label, ...v, ...(f.placeholder ? { placeholder: fill(f.placeholder, words) } : {}), ...(f.maxLength ? { maxLength: f.maxLength } : {}) };
    case 'select':
      return { id: f.id, kind: 'select', label, options: f.options, ...v, ...(f.placeholder ? { placeholder: f.placeholder } : {}) };
    case 'date':
      return { id: f.id, kind: 'date', label, ...v };
  }
}
