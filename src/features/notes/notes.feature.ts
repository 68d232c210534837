import type { Feature, FeatureContext } from '../feature.js';

export function createNotesFeature(_ctx: FeatureContext): Feature {
  return { name: 'notes' };
}
