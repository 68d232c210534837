import type { Logger } from 'pino';
import type { ActionInput, CommandInput, Core, Reply, SubmitInput } from '../chat/inbound.js';
import type { Clock } from '../domain/clock.js';
import type { Database } from '../db/client.js';
import { helpMessage } from '../messages/help.message.js';
import { errorToReply, UserError } from './errors.js';
import { ensureActor } from './identity.js';

export interface CoreDeps {
  db: Database;
  clock: Clock;
  log: Logger;
}

/** Routes platform-free commands, clicks and form submissions to the use cases. */
export function createCore(deps: CoreDeps): Core {
  const { log } = deps;

  async function command(input: CommandInput): Promise<Reply> {
    const text = input.text.trim();
    const [sub = ''] = text.split(/\s+/);
    await ensureActor(deps.db, input.actor);
    if (input.command === 'hallway') {
      switch (sub.toLowerCase()) {
        case '':
        case 'help':
          return { kind: 'message', visibility: 'private', message: helpMessage({ slash: input.actor.platform === 'slack' }) };
        default:
          throw new UserError(
            'unknown_subcommand',
            `I don't know "/hallway ${sub}".`,
            `/hallway ${text}`,
            'Try /hallway help for every command with an example.',
          );
      }
    }
    throw new UserError(
      'not_available',
      `/${input.command} is not available yet in this version of Hallway.`,
      `/${input.command} ${text}`.trim(),
      'Try /hallway help for what works today.',
    );
  }

  async function action(input: ActionInput): Promise<Reply> {
    throw new UserError('unknown_action', 'That button is no longer available.', undefined, `(${input.actionId})`);
  }

  async function submit(input: SubmitInput): Promise<Reply> {
    throw new UserError('unknown_form', 'That form is no longer available.', undefined, `(${input.formId})`);
  }

  /** Every entry point answers; nothing thrown reaches an adapter. */
  const guard =
    <A>(fn: (a: A) => Promise<Reply>) =>
    async (a: A): Promise<Reply> => {
      try {
        return await fn(a);
      } catch (err) {
        return errorToReply(err, log);
      }
    };

  return { command: guard(command), action: guard(action), submit: guard(submit) };
}
