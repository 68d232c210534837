import type { Message } from '../messages/message.js';

export type Platform = 'slack' | 'teams';

/**
 * A conversation (channel, group chat or DM) as the core knows it: the
 * platform and an opaque key the adapter can reach again after a restart.
 * Slack: the channel id. Teams: the conversation id (its full reference is
 * stored in the database by the adapter).
 */
export interface ConversationTarget {
  platform: Platform;
  key: string;
}

/** A person on a chat platform: Slack user id, or Teams AAD object id / user id. */
export interface UserTarget {
  platform: Platform;
  userId: string;
}

/** Where a sent message landed, so it can be updated or found again. */
export interface Posted {
  platform: Platform;
  conversationKey: string;
  messageId: string;
}

export interface PostOptions {
  /** Stable id of the delivery; Slack carries it in message metadata. */
  idempotencyKey?: string;
}

export interface Capabilities {
  ephemeral: boolean;
  updateMessage: boolean;
  modals: boolean;
}

export interface ChatPort {
  readonly platform: Platform;
  readonly capabilities: Capabilities;
  post(to: ConversationTarget, msg: Message, opts?: PostOptions): Promise<Posted>;
  dm(to: UserTarget, msg: Message, opts?: PostOptions): Promise<Posted>;
  update(ref: Posted, msg: Message): Promise<void>;
  profile(userId: string): Promise<UserProfile | undefined>;
  /**
   * Optional: the message posted earlier with this idempotency key (since
   * `since`), if the platform can tell. The delivery queue asks before
   * re-sending a delivery whose earlier attempt may have landed (a crash
   * between send and record), so that nothing is posted twice. Platforms
   * without it (Teams) are re-sent: at-least-once in that one window.
   */
  findPosted?(to: ConversationTarget | UserTarget, idempotencyKey: string, since: Date): Promise<Posted | undefined>;
}

export interface UserProfile {
  displayName?: string;
  /** IANA zone, e.g. America/New_York. */
  timezone?: string;
  /** The platform says they administer the workspace (Slack owners and admins). */
  admin?: boolean;
}

/** Looks up a platform user (Slack users.info); undefined when the platform cannot tell. */
export interface ChatDirectory {
  profile(platform: Platform, userId: string): Promise<UserProfile | undefined>;
}

/** Thrown by an adapter when the platform asks us to slow down. */
export class RateLimitedError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super(`rate limited; retry after ${retryAfterSeconds}s`);
    this.name = 'RateLimitedError';
  }
}
