import type { Feature, FeatureContext } from '../feature.js';

export function createStakeholdersFeature(_ctx: FeatureContext): Feature {
  return { name: 'stakeholders' };
}
