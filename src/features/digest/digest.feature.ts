import type { Feature, FeatureContext } from '../feature.js';

export function createDigestFeature(_ctx: FeatureContext): Feature {
  return { name: 'digest' };
}
