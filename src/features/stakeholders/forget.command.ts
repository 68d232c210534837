import { nameProblem } from '../../domain/names.js';
import type { CliContext } from '../feature.js';
import { forgetPerson } from './forget.js';

/** `hallway forget <name>`: erase a person; notes keep their text with the name removed. */
export async function forgetCommand(ctx: CliContext, name: string): Promise<void> {
  const problem = nameProblem(name);
  if (problem) throw new Error(`the name "${name}" ${problem}`);
  const orgId = await ctx.org();
  const done = await forgetPerson(ctx.db, orgId, name, null, ctx.clock.now());
  if (done.people.length === 0) throw new Error(`nobody called "${name.trim()}" is known; nothing was erased`);
  for (const p of done.people) ctx.out(`erased ${p.name} (${p.account})`);
  ctx.out(`${done.notes} ${done.notes === 1 ? 'note' : 'notes'} kept with the name removed`);
}
