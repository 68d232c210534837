import type { Feature, FeatureContext } from '../feature.js';

export function createStoriesFeature(_ctx: FeatureContext): Feature {
  return { name: 'stories' };
}
