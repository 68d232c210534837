import { TurnContext, type Activity, type ConversationReference } from 'botbuilder';
import type { Logger } from 'pino';
import type { Reply } from '../../src/chat/inbound.js';
import type { Message } from '../../src/messages/message.js';
import { formToAdaptiveCard, messageToAdaptiveCard } from './adaptive-card.renderer.js';
import { cardActivity } from './teams.card.js';
import { conversationKindOf, type ConversationKind } from './conversation.kind.js';
import { stampOrigin, type MovedFrom } from './moved-answers.js';
import type { TeamsSender } from './teams.sender.js';

/*
 * Teams has no ephemeral messages. A reply the core marks private (what
 * Slack shows only to the asker) goes to the asker's personal chat with the
 * bot, and the conversation they asked in gets a one-line pointer. This file
 * is the only way an answer to an inbound activity leaves the adapter, and
 * `mayPost` below is the one check every such answer passes.
 */

export type Privacy = 'private' | 'conversation';
type Answer = Exclude<Reply, { kind: 'none' }>;

/**
 * A form is always for the person who asked: in a channel its inputs would
 * be shown to, and could be filled in by, everyone there.
 */
export function privacyOf(reply: Answer): Privacy {
  return reply.kind === 'form' ? 'private' : reply.visibility;
}

/** Where an answer goes: the conversation it was asked in, or the asker's personal chat. */
export function placeReply(reply: Answer, askedIn: ConversationKind): 'here' | 'personal chat' {
  return privacyOf(reply) === 'private' && askedIn !== 'personal' ? 'personal chat' : 'here';
}

export class PrivacyViolation extends Error {
  constructor(destination: ConversationKind) {
    super(`refused to post a private reply into a ${destination} conversation, where others would read it`);
    this.name = 'PrivacyViolation';
  }
}

/** The one check: nothing private is posted where anyone but the asker can read it. */
export function mayPost(privacy: Privacy, destination: ConversationKind): void {
  if (privacy === 'private' && destination !== 'personal') throw new PrivacyViolation(destination);
}

function render(reply: Answer): Partial<Activity> {
  return reply.kind === 'form'
    ? cardActivity(formToAdaptiveCard(reply.form), reply.form.title)
    : cardActivity(messageToAdaptiveCard(reply.message), reply.message.text);
}

/** Rendered for the personal chat on behalf of `origin`: its buttons act there. */
function renderMoved(reply: Answer, origin: string): Partial<Activity> {
  const activity = render(reply);
  return { ...activity, attachments: stampOrigin(activity.attachments, origin) };
}

/** The line left where the person asked, naming them so others in a busy channel know whom it is for. */
export function pointerMessage(reply: Answer, name: string | undefined, failed: boolean): Message {
  const what = reply.kind === 'form' ? 'the form' : 'the answer';
  const to = name ? `${name}, ` : '';
  const text = failed
    ? `${to}I couldn't open our personal chat to send you ${what}. Message me directly (Hallway, under Chat) and ask again there.`
    : `${to}I've sent you ${what} in our personal chat.`;
  return { text, blocks: [{ type: 'text', text }] };
}

export interface ReplyDeps {
  sender: TeamsSender;
  log: Logger;
  tenantId: string;
  /** Set for a click on a button moved to the personal chat: the conversation it acts for. */
  movedFrom?: MovedFrom;
}

export async function sendReply(context: TurnContext, reply: Reply, deps: ReplyDeps): Promise<void> {
  if (reply.kind === 'none') return;
  const activity = context.activity;
  const privacy = privacyOf(reply);
  if (deps.movedFrom) return answerMoved(context, reply, deps.movedFrom, deps.sender);

  const askedIn = conversationKindOf(activity.conversation);
  if (placeReply(reply, askedIn) === 'here') {
    mayPost(privacy, askedIn);
    await context.sendActivity(render(reply));
    return;
  }

  let failed = false;
  try {
    mayPost(privacy, 'personal');
    const via = TurnContext.getConversationReference(activity) as Partial<ConversationReference>;
    await deps.sender.toPerson({ userId: activity.from.id, tenantId: deps.tenantId || undefined, via }, renderMoved(reply, activity.conversation.id));
  } catch (err) {
    // Nothing private is shown instead: the pointer says what to do.
    deps.log.warn({ err }, 'could not open the personal chat for a private reply');
    failed = true;
  }
  const pointer = pointerMessage(reply, activity.from.name, failed);
  mayPost('conversation', askedIn);
  await context.sendActivity(cardActivity(messageToAdaptiveCard(pointer), pointer.text));
}

/**
 * A click in the personal chat, acting for the conversation the answer was
 * moved from: what is meant for that conversation goes there; what is private
 * stays here, with no pointer (the person is already reading this chat).
 */
async function answerMoved(context: TurnContext, reply: Answer, from: MovedFrom, sender: TeamsSender): Promise<void> {
  const privacy = privacyOf(reply);
  if (placeReply(reply, from.kind) === 'here') {
    mayPost(privacy, from.kind);
    await sender.toConversation(from.key, render(reply));
    return;
  }
  mayPost(privacy, conversationKindOf(context.activity.conversation));
  await context.sendActivity(renderMoved(reply, from.key));
}
