import type { Form, FormValues, Message } from '../messages/message.js';
import type { ConversationTarget, Platform } from './port.js';

/** Who is acting, as the adapter saw them. */
export interface Actor {
  platform: Platform;
  /** Slack team id, or Teams tenant id ('' when unknown, e.g. the local emulator). */
  workspaceId: string;
  userId: string;
  displayName?: string;
  /** IANA zone when the platform tells us (Slack users.info tz). */
  timezone?: string;
}

export type CommandName = 'callnote' | 'stakeholder' | 'hallway';

export interface CommandInput {
  actor: Actor;
  conversation: ConversationTarget;
  command: CommandName;
  text: string;
  /** Platform id of this request (Slack trigger_id, Teams activity id), for idempotency. */
  requestId?: string;
}

export interface ActionInput {
  actor: Actor;
  conversation: ConversationTarget;
  actionId: string;
  value: string;
  requestId?: string;
}

export interface SubmitInput {
  actor: Actor;
  conversation?: ConversationTarget;
  formId: string;
  values: FormValues;
  state?: string;
  requestId?: string;
}

/**
 * Something that happened in a conversation: a reaction to or a reply under
 * one of our posts, or someone joining or leaving a (Slack Connect) channel.
 */
export interface EventInput {
  kind: 'reaction_added' | 'message_reply' | 'member_joined' | 'member_left' | 'profile_changed';
  actor: Actor;
  conversation: ConversationTarget;
  /** The message reacted to or replied under (Slack ts, Teams activity id). */
  messageId?: string;
  /** The reaction name, or the reply text. */
  detail?: string;
  /** The member belongs to another organisation (Slack Connect). */
  external?: boolean;
  requestId?: string;
}

/** What the core answers; the adapter decides how its platform shows it. */
export type Reply =
  | { kind: 'message'; message: Message; visibility: 'private' | 'conversation' }
  | { kind: 'form'; form: Form }
  | { kind: 'none' };

/** The core as the adapters see it. */
export interface Core {
  command(input: CommandInput): Promise<Reply>;
  action(input: ActionInput): Promise<Reply>;
  submit(input: SubmitInput): Promise<Reply>;
  event(input: EventInput): Promise<void>;
}
