import type { CliContext } from '../feature.js';

/** `hallway seed-demo`: a small demo book of customers, for trying Hallway out. */
export async function seedDemoCommand(_ctx: CliContext): Promise<void> {
  throw new Error('seed-demo: not available yet');
}
