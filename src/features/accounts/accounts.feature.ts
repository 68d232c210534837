import { z } from 'zod';
import { UserError } from '../errors.js';
import type { Feature, FeatureContext } from '../feature.js';
import { safeJson } from '../../domain/json.js';

const pickSchema = z.object({ command: z.enum(['callnote', 'stakeholder', 'hallway']), text: z.string().max(5000) });

/** Shared account actions: picking one of several candidate accounts re-runs the command with it. */
export function createAccountsFeature(ctx: FeatureContext): Feature {
  return {
    name: 'account',
    actions: {
      'account.pick': async (input) => {
        const parsed = pickSchema.safeParse(safeJson(input.value));
        if (!parsed.success) throw new UserError('pick_invalid', 'That choice could not be read; please type the command again.');
        return ctx.dispatch({
          actor: input.actor,
          conversation: input.conversation,
          command: parsed.data.command,
          text: parsed.data.text,
          requestId: input.requestId ? `pick:${input.requestId}` : undefined,
        });
      },
    },
  };
}
