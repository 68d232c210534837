import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { ActionInput, Reply, SubmitInput } from '../../chat/inbound.js';
import { accounts, people } from '../../db/schema.js';
import { MAX_OBJECTIVE_LENGTH, MAX_OBJECTIVES } from '../../domain/stakeholder.command.js';
import { privateText } from '../../messages/reply.messages.js';
import { PERSON_FORM_LIMITS, personForm } from '../../messages/stakeholder.roster.js';
import { UserError } from '../errors.js';
import type { FeatureContext } from '../feature.js';
import type { Identity } from '../identity.js';
import { safeJson } from '../../domain/json.js';
import { discoveryPrefill, saveFormDiscovery } from '../discovery/discovery.form.js';

const state = z.object({ personId: z.uuid() });

/** The Edit button of `/stakeholder <account> list`, and the form it (and `… edit <name>`) opens. */
export function createPersonForm(ctx: FeatureContext) {
  async function load(personId: string, who: Identity) {
    const id = z.uuid().safeParse(personId);
    const [row] = id.success
      ? await ctx.db
          .select({ person: people, account: accounts.name })
          .from(people)
          .innerJoin(accounts, eq(accounts.id, people.accountId))
          .where(and(eq(people.id, id.data), eq(people.orgId, who.orgId)))
      : [];
    if (!row) throw new UserError('person_gone', 'That person is no longer known (they may have been erased).');
    return row;
  }

  return {
    edit: async (input: ActionInput, who: Identity): Promise<Reply> => {
      const { person, account } = await load(input.value, who);
      return { kind: 'form', form: personForm(person.id, { ...person, account }, await discoveryPrefill(ctx.db, who.orgId, person.id)) };
    },
    submit: async (input: SubmitInput, who: Identity): Promise<Reply> => {
      const parsed = state.safeParse(safeJson(input.state ?? ''));
      if (!parsed.success) throw new UserError('form_state', 'This form could not be matched to a person; open it again from /stakeholder <account> list.');
      const { person, account } = await load(parsed.data.personId, who);
      const text = (id: string) => {
        const v = input.values[id];
        return typeof v === 'string' ? v.trim() : '';
      };
      const objectives = text('objectives')
        .split('\n')
        .map((o) => o.replace(/^\s*(?:[-*•]|\d+[.)])\s*/, '').trim())
        .filter((o) => o !== '');
      const echo = [text('objectives'), text('operating_style'), text('preferences')].filter(Boolean).join('\n');
      if (objectives.length > MAX_OBJECTIVES) {
        throw new UserError('objectives_too_many', `${objectives.length} objectives is more than the top ${MAX_OBJECTIVES}.`, echo, 'Keep the two or three that matter most, one a line.');
      }
      const long = objectives.find((o) => o.length > MAX_OBJECTIVE_LENGTH);
      if (long) throw new UserError('objective_too_long', `An objective is ${long.length} characters long; ${MAX_OBJECTIVE_LENGTH} at most.`, echo);
      for (const id of ['operating_style', 'preferences']) {
        if (text(id).length > PERSON_FORM_LIMITS.text) throw new UserError('field_too_long', `That ${id.replace('_', ' ')} is longer than ${PERSON_FORM_LIMITS.text} characters.`, echo);
      }
      await saveFormDiscovery(ctx.db, who, person.id, input.values, ctx.clock.now(), echo);
      await ctx.db
        .update(people)
        .set({ objectives, operatingStyle: text('operating_style') || null, preferences: text('preferences') || null })
        .where(eq(people.id, person.id));
      return privateText(`Saved what we know about ${person.name} at ${account}.`);
    },
  };
}
