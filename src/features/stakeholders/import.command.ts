import type { CliContext } from '../feature.js';

/** `hallway import <file.csv>`: upsert accounts and people; print the stakeholder changes found. */
export async function importCommand(_ctx: CliContext, file: string): Promise<void> {
  throw new Error(`import of ${file}: not available yet`);
}
