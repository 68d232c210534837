import type { Router } from 'express';
import type { Logger } from 'pino';
import type { ActionInput, CommandInput, EventInput, Reply, SubmitInput } from '../chat/inbound.js';
import type { ChatDirectory } from '../chat/port.js';
import type { Database } from '../db/client.js';
import type { Clock } from '../domain/clock.js';
import type { AiModel } from '../ai/client.js';
import type { Sealer } from '../crypto.js';
import type { DeliveryKind, DeliveryQueue } from '../scheduler/types.js';
import type { Identities, Identity } from './identity.js';

/** What every feature is built from; assembled once by main.ts. */
export interface FeatureContext {
  db: Database;
  clock: Clock;
  log: Logger;
  queue: DeliveryQueue;
  /** Default zone for users and channels whose own is unknown (HALLWAY_TIMEZONE). */
  timezone: string;
  /** Absent when no model is configured: features fall back to deterministic behaviour. */
  ai?: AiModel;
  /** Ask a platform about one of its users (timezone, name). */
  directory: ChatDirectory;
  /** Who someone is: organisation, role, name (cached). */
  identities: Identities;
  /** HMAC secret for POST /hooks/stakeholders, when configured. */
  webhookSecret?: string;
  /** Seals secrets at rest (HALLWAY_ENCRYPTION_KEY), when configured. */
  sealer?: Sealer;
  /** HALLWAY_PUBLIC_URL, without a trailing slash. */
  publicUrl?: string;
  /** Runs a command as if the person had typed it (e.g. after picking one of several accounts). */
  dispatch(input: CommandInput): Promise<Reply>;
}

export type Handler<I> = (input: I, who: Identity) => Promise<Reply>;

/**
 * A use case's entry points. Command text carries user mentions as
 * `<@platformUserId>` or `<@platformUserId|name>` on both platforms (Slack
 * escapes them so; the Teams adapter rewrites its `<at>` mentions to match).
 * Command keys are `callnote`, `stakeholder`, or
 * `hallway <subcommand>` (e.g. `hallway subscribe`); action and form ids are
 * the `actionId` / `Form.id` the feature put in its messages, prefixed with
 * the feature's name (`note.edit`, `story.hear_more`).
 */
export interface Feature {
  name: string;
  commands?: Record<string, Handler<CommandInput>>;
  actions?: Record<string, Handler<ActionInput>>;
  forms?: Record<string, Handler<SubmitInput>>;
  /** Every feature that handles an event kind is called. */
  events?: Partial<Record<EventInput['kind'], (input: EventInput) => Promise<void>>>;
  deliveries?: DeliveryKind[];
  /** Extra HTTP routes, e.g. POST /hooks/stakeholders. */
  routes?: Router;
}

/** What an operator command (`npx hallway …`) gets: the composed app, and where to print. */
export interface CliContext {
  db: Database;
  /** The organisation the command acts on (--org, or the only one). */
  org(): Promise<string>;
  queue: DeliveryQueue;
  clock: Clock;
  timezone: string;
  out(line: string): void;
  /** True when stdout is a terminal (progress bars). */
  isTTY: boolean;
}
