import type { CliContext } from '../feature.js';

/** `hallway forget <name>`: erase a person; notes keep their text with the name removed. */
export async function forgetCommand(_ctx: CliContext, name: string): Promise<void> {
  throw new Error(`forget ${name}: not available yet`);
}
