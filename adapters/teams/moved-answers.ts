import type { ConversationReference, TurnContext } from 'botbuilder';
import type { ConversationStore } from '../../src/features/conversations.js';
import { conversationKindOf, type ConversationKind } from './conversation.kind.js';

/*
 * A private answer asked for in a channel is moved to the asker's personal
 * chat. Its buttons (say, "which Acme did you mean?") must still act where
 * the question was asked, or `hallway link` would try to link the personal
 * chat. So each button carries the conversation it came from, and a click
 * from the personal chat acts there — once the connector confirms the
 * clicker is a member of it, since button data is the client's to edit.
 */

export interface MovedFrom {
  key: string;
  kind: ConversationKind;
}

/** Adds `hallwayFrom` to every Hallway button of a card. */
export function stampOrigin<T>(node: T, origin: string): T {
  if (Array.isArray(node)) return node.map((n: unknown) => stampOrigin(n, origin)) as T;
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) out[k] = stampOrigin(v, origin);
  const data = out.data as Record<string, unknown> | undefined;
  if (out.type === 'Action.Submit' && data && typeof data.hallwayAction === 'string') out.data = { ...data, hallwayFrom: origin };
  return out as T;
}

/** The conversation a click in the personal chat acts in, when its button was moved there from one the clicker belongs to. */
export async function movedFrom(context: TurnContext, value: Record<string, unknown>, store: ConversationStore): Promise<MovedFrom | undefined> {
  const activity = context.activity;
  const key = value.hallwayFrom;
  if (typeof key !== 'string' || key === activity.conversation.id) return undefined;
  if (conversationKindOf(activity.conversation) !== 'personal') return undefined;
  const reference = (await store.reference('teams', key)) as Partial<ConversationReference> | undefined;
  if (!reference?.conversation) return undefined;
  if (!(await isMember(context, key, activity.from.id))) return undefined;
  return { key, kind: conversationKindOf(reference.conversation) };
}

/** The part of botbuilder's ConnectorClient (kept in the turn state) we use. */
interface MemberLookup {
  conversations: { getConversationMember(conversationId: string, memberId: string): Promise<unknown> };
}

async function isMember(context: TurnContext, key: string, userId: string): Promise<boolean> {
  const client = context.turnState.get<MemberLookup | undefined>(context.adapter.ConnectorClientKey);
  if (!client) return false;
  try {
    // A channel thread's members are the channel's.
    await client.conversations.getConversationMember(key.replace(/;messageid=\d+$/, ''), userId);
    return true;
  } catch {
    return false;
  }
}
