import { readFile } from 'node:fs/promises';
import { SingleBar, Presets } from 'cli-progress';
import { diffRoster } from '../../domain/roster.diff.js';
import { parseRosterCsv, RosterFileError } from '../../domain/roster.csv.js';
import type { CliContext } from '../feature.js';
import { accountsFor, applyRosterDiff, knownPeopleOf } from './roster.apply.js';

/**
 * `hallway import <file.csv>`: the file is the whole roster of the accounts it
 * names. Upserts accounts and people, records each stakeholder change found
 * (their reminders follow on the next tick) and prints them. Bad rows are
 * reported by line and skipped; the rest still imports. Importing the same
 * file twice changes nothing the second time.
 */
export async function importCommand(ctx: CliContext, file: string): Promise<void> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new Error(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  let parsed;
  try {
    parsed = parseRosterCsv(text);
  } catch (err) {
    if (err instanceof RosterFileError) throw new Error(`${file}: ${err.message}`);
    throw err;
  }

  const orgId = await ctx.org();
  const accountsByKey = await accountsFor(ctx.db, orgId, parsed.rows.map((r) => r.account));
  const known = await knownPeopleOf(ctx.db, orgId, accountsByKey);
  const diff = diffRoster(known, parsed.rows, parsed.present);

  const steps = diff.changes.length + diff.details.length;
  const bar = ctx.isTTY && steps > 0 ? new SingleBar({ format: 'importing {bar} {value}/{total}', clearOnComplete: true }, Presets.shades_classic) : undefined;
  bar?.start(steps, 0);
  const applied = await applyRosterDiff(ctx.db, { orgId, source: 'import', now: ctx.clock.now() }, diff, accountsByKey, () => bar?.increment());
  bar?.stop();

  for (const b of parsed.bad) ctx.out(`line ${b.line}: ${b.problem} (skipped)`);
  const people = parsed.rows.length;
  ctx.out(
    `${file}: ${people} ${people === 1 ? 'person' : 'people'} at ${accountsByKey.size} ${accountsByKey.size === 1 ? 'account' : 'accounts'}; ` +
      `${applied.length} stakeholder ${applied.length === 1 ? 'change' : 'changes'}` +
      (diff.details.length ? `, ${diff.details.length} updated ${diff.details.length === 1 ? 'detail' : 'details'}` : '') +
      (parsed.bad.length ? `; ${parsed.bad.length} bad ${parsed.bad.length === 1 ? 'row' : 'rows'} skipped` : ''),
  );
  for (const a of applied) ctx.out(`  ${a.line}`);
}
