import { Counter, collectDefaultMetrics, Registry } from 'prom-client';

/** One registry per running app, so tests can start several without clashes. */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    inbound: new Counter({
      name: 'hallway_inbound_requests_total',
      help: 'Requests received from chat platforms, by platform and kind',
      labelNames: ['platform', 'kind'] as const,
      registers: [registry],
    }),
    deliveries: new Counter({
      name: 'hallway_deliveries_total',
      help: 'Delivery attempts from the queue, by kind and outcome (sent, recovered: found already posted after a crash, skipped, retry, rate_limited, dead, lost: lease taken over by another runner)',
      labelNames: ['kind', 'outcome'] as const,
      registers: [registry],
    }),
    aiFallbacks: new Counter({
      name: 'hallway_ai_fallbacks_total',
      help: 'Uses of the model that fell back to the deterministic path, by use (note, story, ask) and reason (down, timeout, error: an HTTP error status, invalid: an unreadable or wrongly shaped answer, rejected: refused by the guardrails)',
      labelNames: ['use', 'reason'] as const,
      registers: [registry],
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
