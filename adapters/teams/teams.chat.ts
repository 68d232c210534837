import type { CloudAdapter } from 'botbuilder';
import type { ChatPort, ConversationTarget, Posted, UserTarget } from '../../src/chat/port.js';
import type { ConversationStore } from '../../src/features/conversations.js';
import type { Message } from '../../src/messages/message.js';
import { messageToAdaptiveCard } from './adaptive-card.renderer.js';
import { cardActivity } from './teams.card.js';
import { createTeamsSender } from './teams.sender.js';
import { TEAMS_CAPABILITIES } from './teams.js';

/** Proactive sends (stories, reminders, digests) as the core's ChatPort. */
export function createTeamsChat(opts: { adapter: CloudAdapter; appId: string; store: ConversationStore }): ChatPort {
  const sender = createTeamsSender(opts);
  const render = (msg: Message) => cardActivity(messageToAdaptiveCard(msg), msg.text);

  return {
    platform: 'teams',
    capabilities: TEAMS_CAPABILITIES,
    post: (to: ConversationTarget, msg: Message): Promise<Posted> => sender.toConversation(to.key, render(msg)),
    // A first DM to someone who never wrote to the bot (e.g. an owner named with /hallway owner) opens the chat.
    dm: (to: UserTarget, msg: Message): Promise<Posted> => sender.toPerson({ userId: to.userId }, render(msg)),
    update: (ref: Posted, msg: Message) => sender.update(ref, render(msg)),
    // Teams tells a user's zone only on their own activities (localTimezone); the adapter records it then.
    async profile() {
      return undefined;
    },
  } satisfies ChatPort;
}
