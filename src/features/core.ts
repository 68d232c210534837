import type { Logger } from 'pino';
import type { ActionInput, Actor, CommandInput, Core, EventInput, Reply, SubmitInput } from '../chat/inbound.js';
import { MAX_INPUT_CHARS, normaliseInput, oversizeText } from '../chat/input.normaliser.js';
import type { Database } from '../db/client.js';
import { helpMessage } from '../messages/help.message.js';
import { AccountChoiceNeeded, type PendingCommands } from './accounts/pending.commands.js';
import { errorToReply, UserError } from './errors.js';
import type { Feature, Handler } from './feature.js';
import { ensureActor } from './identity.js';

export interface CoreDeps {
  db: Database;
  log: Logger;
  features: Feature[];
  /** Keeps a command that waits for an account to be picked (src/features/accounts/pending.commands.ts). */
  pending?: PendingCommands;
}

/** Routes platform-free commands, clicks, form submissions and events to the features. */
export function createCore(deps: CoreDeps): Core {
  const { log, db } = deps;
  const commands = merge(deps.features, (f) => f.commands, 'command');
  const actions = merge(deps.features, (f) => f.actions, 'action');
  const forms = merge(deps.features, (f) => f.forms, 'form');

  async function command(input: CommandInput): Promise<Reply> {
    const text = input.text.trim();
    const who = await ensureActor(db, input.actor);
    if (input.command !== 'hallway') {
      const handler = commands.get(input.command);
      if (handler) return handler({ ...input, text }, who);
      throw new UserError('not_available', `/${input.command} is not available yet.`, `/${input.command} ${text}`.trim(), 'Try /hallway help for what works today.');
    }
    const [sub = '', ...rest] = text.split(/\s+/);
    const key = `hallway ${sub.toLowerCase()}`;
    if (sub === '' || key === 'hallway help') {
      return { kind: 'message', visibility: 'private', message: helpMessage({ slash: input.actor.platform === 'slack' }) };
    }
    const handler = commands.get(key);
    if (handler) return handler({ ...input, text: rest.join(' ') }, who);
    throw new UserError(
      'unknown_subcommand',
      `I don't know "/hallway ${sub}".`,
      `/hallway ${text}`,
      'Try /hallway help for every command with an example.',
    );
  }

  async function action(input: ActionInput): Promise<Reply> {
    const who = await ensureActor(db, input.actor);
    const handler = actions.get(input.actionId);
    if (!handler) throw new UserError('unknown_action', 'That button is no longer available.');
    return handler(input, who);
  }

  async function submit(input: SubmitInput): Promise<Reply> {
    const who = await ensureActor(db, input.actor);
    const handler = forms.get(input.formId);
    if (!handler) throw new UserError('unknown_form', 'That form is no longer available.');
    return handler(input, who);
  }

  async function event(input: EventInput): Promise<void> {
    for (const feature of deps.features) {
      const handler = feature.events?.[input.kind];
      if (!handler) continue;
      try {
        await handler(input);
      } catch (err) {
        log.error({ err, feature: feature.name, kind: input.kind }, 'event handler failed');
      }
    }
  }

  /** Every entry point answers; nothing thrown reaches an adapter. */
  const guard =
    <A extends { actor: Actor }>(fn: (a: A) => Promise<Reply>) =>
    async (a: A): Promise<Reply> => {
      try {
        return await fn(a);
      } catch (err) {
        return errorToReply(await withChoice(err, a.actor), log);
      }
    };

  /** A choice between accounts is kept server-side only now, after any transaction it was thrown in has ended. */
  async function withChoice(err: unknown, actor: Actor): Promise<unknown> {
    if (!(err instanceof AccountChoiceNeeded) || !deps.pending) return err;
    try {
      return await deps.pending.offer(err, await ensureActor(db, actor));
    } catch (keepErr) {
      log.error({ err: keepErr }, 'could not keep the command for an account choice; answering without buttons');
      return err;
    }
  }

  return {
    command: guard((input) => command(accepted(input))),
    action: guard((input) => action(accepted(input))),
    submit: guard((input) => submit(accepted(input))),
    event: (input) => event(normaliseInput(input)),
  };
}

/** Every input cleaned once, here (src/chat/input.normaliser.ts); too long a text is echoed back whole, not cut. */
function accepted<I extends CommandInput | ActionInput | SubmitInput>(input: I): I {
  const clean = normaliseInput(input);
  const long = oversizeText('text' in clean ? clean.text : 'values' in clean ? clean.values : clean.value);
  if (long) {
    const echo = 'command' in clean ? `/${clean.command} ${long}` : long;
    throw new UserError(
      'input_too_long',
      `That is ${long.length.toLocaleString('en')} characters; I take at most ${MAX_INPUT_CHARS.toLocaleString('en')} at a time.`,
      echo,
      'Split it in two (e.g. two notes), or shorten it.',
    );
  }
  return clean;
}

function merge<I>(
  features: Feature[],
  pick: (f: Feature) => Record<string, Handler<I>> | undefined,
  what: string,
): Map<string, Handler<I>> {
  const map = new Map<string, Handler<I>>();
  for (const feature of features) {
    for (const [key, handler] of Object.entries(pick(feature) ?? {})) {
      if (map.has(key)) throw new Error(`${what} "${key}" is claimed by two features`);
      map.set(key, handler);
    }
  }
  return map;
}
