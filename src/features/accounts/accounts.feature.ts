import type { Feature, FeatureContext } from '../feature.js';
import { createPendingCommands, PICK_ACTION } from './pending.commands.js';

/** Shared account actions: picking one of several candidate accounts runs the kept command with it. */
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
    },
  };
}
