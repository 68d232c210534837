export type ConversationKind = 'personal' | 'group' | 'channel';

/**
 * Teams says `conversationType` (personal, groupChat, channel). Clients that
 * do not (the Emulator) say `isGroup`, true for more than two participants.
 */
export function conversationKindOf(conversation: { conversationType?: string | null; isGroup?: boolean | null }): ConversationKind {
  switch (conversation.conversationType) {
    case 'personal':
      return 'personal';
    case 'groupChat':
      return 'group';
    case 'channel':
      return 'channel';
    case undefined:
    case null:
      return conversation.isGroup ? 'group' : 'personal';
    default:
      // A conversation type we do not know could have anyone in it.
      return 'channel';
  }
}
