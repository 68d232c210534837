import type { Feature, FeatureContext } from '../feature.js';
import { hearMore, hearMoreDelivery, notUseful, onStoryEvent } from './hear-more.js';
import { HEAR_MORE_ACTION, NOT_USEFUL_ACTION } from '../../messages/story.message.js';
import { storyNow } from './story.command.js';
import { storyDelivery } from './story.delivery.js';
import { cadenceNoticeDelivery, restoreCadence } from './story.cadence.js';
import { RESTORE_CADENCE_ACTION } from '../../messages/story.cadence.message.js';
import { subscribe, unsubscribe } from './subscribe.command.js';

/** Daily customer stories in engineering channels, and what engineers do with them. */
export function createStoriesFeature(ctx: FeatureContext): Feature {
  return {
    name: 'stories',
    commands: {
      'hallway subscribe': (input, who) => subscribe(ctx, input, who),
      'hallway unsubscribe': (input) => unsubscribe(ctx, input),
      'hallway story': (input) => storyNow(ctx, input),
    },
    actions: {
      [HEAR_MORE_ACTION]: (input, who) => hearMore(ctx, input, who),
      [NOT_USEFUL_ACTION]: (input, who) => notUseful(ctx, input, who),
      [RESTORE_CADENCE_ACTION]: (input, who) => restoreCadence(ctx, input, who),
    },
    events: {
      reaction_added: (input) => onStoryEvent(ctx, input),
      message_reply: (input) => onStoryEvent(ctx, input),
    },
    deliveries: [storyDelivery(ctx), hearMoreDelivery(), cadenceNoticeDelivery(ctx)],
  };
}
