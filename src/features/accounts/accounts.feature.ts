import { z } from 'zod';
import { safeJson } from '../../domain/json.js';
import { RUN_COMMAND_ACTION } from '../../messages/command.button.js';
import { UserError } from '../errors.js';
import type { Feature, FeatureContext } from '../feature.js';
import { createPendingCommands, PICK_ACTION } from './pending.commands.js';

const runValue = z.object({ command: z.enum(['callnote', 'stakeholder', 'hallway']), text: z.string().max(500) });

/**
 * Shared account actions: picking one of several candidate accounts runs the
 * kept command with it; a command button ("Open Acme") runs its command as
 * if the clicker had typed it.
 */
export function createAccountsFeature(ctx: FeatureContext): Feature {
  const pending = createPendingCommands(ctx.db, ctx.clock);
  return {
    name: 'account',
    actions: {
      [PICK_ACTION]: async (input, who) => {
        const { command, text } = await pending.take(input.value, who);
        return ctx.dispatch({
          actor: input.actor,
          conversation: input.conversation,
          command,
          text,
          requestId: input.requestId ? `pick:${input.requestId}` : undefined,
        });
      },
      [RUN_COMMAND_ACTION]: async (input) => {
        const run = runValue.safeParse(safeJson(input.value));
        if (!run.success) throw new UserError('command_button_invalid', 'That button could not be read; please type the command instead.');
        return ctx.dispatch({ actor: input.actor, conversation: input.conversation, ...run.data, requestId: input.requestId ? `run:${input.requestId}` : undefined });
      },
    },
  };
}
