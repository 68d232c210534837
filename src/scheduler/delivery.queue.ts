import type { Logger } from 'pino';
import type { ChatPort, Platform } from '../chat/port.js';
import type { Database } from '../db/client.js';
import { deliveries } from '../db/schema.js';
import type { Clock } from '../domain/clock.js';
import type { Metrics } from '../metrics.js';
import type { DeliveryKind, DeliveryQueue } from './types.js';

export interface QueueDeps {
  db: Database;
  chats: Partial<Record<Platform, ChatPort>>;
  clock: Clock;
  log: Logger;
  metrics: Metrics;
}

// Interim: enqueue only. The claiming, sending and retrying runner replaces this.
export function createDeliveryQueue(deps: QueueDeps): DeliveryQueue {
  const kinds = new Map<string, DeliveryKind>();
  return {
    register: (...ks) => ks.forEach((k) => kinds.set(k.kind, k)),
    async enqueue(d) {
      const rows = await deps.db
        .insert(deliveries)
        .values({ ...d, nextAttemptAt: d.dueAt })
        .onConflictDoNothing()
        .returning({ id: deliveries.id });
      return rows.length > 0;
    },
    async runDue() {
      return { planned: 0, sent: 0, retried: 0, dead: 0, skipped: 0 };
    },
  };
}
