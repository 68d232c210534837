import type { Posted } from '../chat/port.js';
import type { DeliveryTarget } from '../db/schema.js';
import type { Message } from '../messages/message.js';

export type { DeliveryTarget };

/** A message to send at (or after) `dueAt`; the dedupe key makes planning it twice a no-op. */
export interface NewDelivery {
  orgId: string;
  kind: string;
  /** e.g. `story:<subscription id>:<local date>`; unique per org. */
  dedupeKey: string;
  dueAt: Date;
  target: DeliveryTarget;
  payload: Record<string, unknown>;
}

export interface DeliveryRecord extends NewDelivery {
  id: string;
  attempts: number;
}

/**
 * One kind of scheduled or queued message (story, follow-up reminder,
 * stakeholder reminder, digest, hear-more DM). The queue owns timing, claiming,
 * retries and exactly-once; the kind owns what is due and what it says.
 */
export interface DeliveryKind {
  kind: string;
  /** What is due at `now`, in each subscriber's own timezone. Called on every tick. */
  plan?(now: Date): Promise<NewDelivery[]>;
  /** Builds the message at send time; null means there is nothing to send any more (skipped, not retried). */
  compose(delivery: DeliveryRecord, now: Date): Promise<Message | null>;
  /** After a successful send: record what was posted (e.g. story_posts). */
  sent?(delivery: DeliveryRecord, posted: Posted, now: Date): Promise<void>;
}

export interface RunReport {
  planned: number;
  sent: number;
  retried: number;
  dead: number;
  skipped: number;
  /** Claimed but handed back unsent because the runner was stopping. */
  released?: number;
}

export interface DeliveryQueue {
  /** Adds one delivery; false when its dedupe key was already queued. */
  enqueue(delivery: NewDelivery): Promise<boolean>;
  /**
   * The tick's work: the deployment's housekeeping (idle pacing buckets of
   * every organisation), then plan everything due at `now`, claim and send.
   */
  runDue(now: Date): Promise<RunReport>;
  /**
   * Claim and send what is due now, in the background (no planning): call it
   * after enqueueing something that should go out within seconds (a DM)
   * rather than at the next minute tick. Never throws; failures are logged.
   */
  poke(): void;
  /** Resolves once no background pass (poke) is in flight; for shutdown and tests. */
  idle(): Promise<void>;
  /**
   * For shutdown: no further batches are claimed and no pokes start; sends
   * waiting for a pacing slot are handed back unsent. Sends already under
   * way finish and are recorded. Pair with idle() and the tick's stop().
   */
  stop(): void;
  register(...kinds: DeliveryKind[]): void;
}
