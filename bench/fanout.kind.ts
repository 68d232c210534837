import type { DeliveryKind } from '../src/scheduler/types.js';

/** A story-sized message per channel; composing it costs nothing, so the bench measures the queue and the sends. */
export const FANOUT_KIND = 'bench_fanout';

/** HALLWAY_ENCRYPTION_KEY of the bench's installations (each workspace's bot token is sealed with it). */
export const FANOUT_SECRET = 'bench-fanout-not-a-secret';

export const fanoutKind: DeliveryKind = {
  kind: FANOUT_KIND,
  compose: async (d) => ({ text: String(d.payload.text), blocks: [{ type: 'text', text: String(d.payload.text) }] }),
};
