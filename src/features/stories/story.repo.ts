import { and, asc, desc, eq, exists, inArray, isNotNull, isNull, or, sql } from 'drizzle-orm';
import type { ConversationTarget } from '../../chat/port.js';
import type { Database } from '../../db/client.js';
import {
  accounts,
  channelSubscriptions,
  conversations,
  deliveries,
  notePeople,
  notes,
  people,
  stories,
  storyPosts,
  users,
  type ChannelSubscription,
  type Conversation,
} from '../../db/schema.js';
import type { ChannelState, StoryCandidate } from '../../domain/story.chooser.js';
import type { StoryFacts } from '../../domain/story.template.js';

/*
 * The stories feature's reads and writes. Every query is scoped by org (or
 * by a row that is), as DESIGN.md asks.
 */

export async function conversationById(db: Database, id: string): Promise<Conversation | undefined> {
  const [row] = await db.select().from(conversations).where(eq(conversations.id, id));
  return row;
}

export async function activeStoriesSubscription(db: Database, conversationId: string): Promise<ChannelSubscription | undefined> {
  const [row] = await db
    .select()
    .from(channelSubscriptions)
    .where(and(eq(channelSubscriptions.conversationId, conversationId), eq(channelSubscriptions.kind, 'stories'), eq(channelSubscriptions.active, true)));
  return row;
}

/** Every active stories subscription with the address of its conversation. */
export async function allActiveSubscriptions(db: Database) {
  return db
    .select({ sub: channelSubscriptions, platform: conversations.platform, key: conversations.externalId })
    .from(channelSubscriptions)
    .innerJoin(conversations, eq(conversations.id, channelSubscriptions.conversationId))
    .where(and(eq(channelSubscriptions.kind, 'stories'), eq(channelSubscriptions.active, true)));
}

/** Notes a story may come from: shared with engineering, consent to quote, naming at least one person. */
export async function storyCandidates(db: Database, orgId: string): Promise<StoryCandidate[]> {
  const rows = await db
    .select({ noteId: notes.id, accountId: notes.accountId, metAt: notes.metAt, noteTags: notes.tags, accountTags: accounts.tags })
    .from(notes)
    .innerJoin(accounts, eq(accounts.id, notes.accountId))
    .where(
      and(
        eq(notes.orgId, orgId),
        eq(notes.visibility, 'shared'),
        eq(notes.consentToQuote, true),
        exists(db.select({ one: sql`1` }).from(notePeople).where(eq(notePeople.noteId, notes.id))),
      ),
    );
  return rows.map((r) => ({
    noteId: r.noteId,
    accountId: r.accountId,
    metAt: r.metAt,
    tags: [...new Set([...r.noteTags, ...r.accountTags].map((t) => t.toLowerCase()))],
  }));
}

/**
 * What a channel has seen: posted stories, and stories reserved by a delivery
 * still on its way (or sent: a send recovered after a crash is recorded on
 * the delivery without sent() being called). A reservation whose delivery
 * died or was skipped frees its note again.
 */
export async function channelHistory(db: Database, conversationId: string): Promise<Omit<ChannelState, 'tags'>> {
  const rows = await db
    .select({ noteId: stories.noteId, accountId: storyPosts.accountId, postedAt: storyPosts.postedAt })
    .from(storyPosts)
    .innerJoin(stories, eq(stories.id, storyPosts.storyId))
    .leftJoin(deliveries, eq(deliveries.id, storyPosts.deliveryId))
    .where(and(eq(storyPosts.conversationId, conversationId), or(isNotNull(storyPosts.postedAt), inArray(deliveries.status, ['pending', 'sending', 'sent']))))
    .orderBy(sql`${storyPosts.postedAt} desc nulls first`);
  return { shown: new Set(rows.map((r) => r.noteId)), lastAccountId: rows[0]?.accountId };
}

/** Everything a story and its card are written from. */
export async function noteFacts(
  db: Database,
  noteId: string,
): Promise<(StoryFacts & { orgId: string; accountId: string; personId: string; metAt: Date }) | undefined> {
  const [row] = await db
    .select({ note: notes, account: accounts.name, author: users.displayName })
    .from(notes)
    .innerJoin(accounts, eq(accounts.id, notes.accountId))
    .innerJoin(users, eq(users.id, notes.authorId))
    .where(eq(notes.id, noteId));
  if (!row) return undefined;
  // The story is about the first person named (alphabetically, so it is stable); the rest are "others".
  const named = await db
    .select({ id: people.id, name: people.name, title: people.title })
    .from(notePeople)
    .innerJoin(people, eq(people.id, notePeople.personId))
    .where(eq(notePeople.noteId, noteId))
    .orderBy(asc(people.name));
  const [person, ...others] = named;
  if (!person) return undefined;
  const n = row.note;
  return {
    orgId: n.orgId,
    accountId: n.accountId,
    metAt: n.metAt,
    personId: person.id,
    person: { name: person.name, title: person.title },
    account: row.account,
    author: row.author,
    quote: n.quote,
    summary: n.summary,
    pains: n.pains,
    wants: n.wants,
    others: others.map((o) => o.name),
    rawText: n.rawText,
  };
}

export async function latestStoryOf(db: Database, noteId: string) {
  const [row] = await db.select().from(stories).where(eq(stories.noteId, noteId)).orderBy(desc(stories.createdAt)).limit(1);
  return row;
}

export async function storyById(db: Database, id: string) {
  const [row] = await db.select().from(stories).where(eq(stories.id, id));
  return row;
}

/** The story a delivery already chose, so a retried send shows the same one. */
export async function reservationOf(db: Database, deliveryId: string) {
  const [row] = await db.select().from(storyPosts).where(eq(storyPosts.deliveryId, deliveryId));
  return row;
}

/**
 * Claims a story for a channel before it is sent. False when the channel
 * already has it (another delivery got there first); a stale reservation
 * (its delivery died or was skipped) is cleared and the claim retried.
 */
export async function reserveStoryPost(
  db: Database,
  p: { orgId: string; storyId: string; conversationId: string; deliveryId: string; accountId: string },
): Promise<string | undefined> {
  for (let attempt = 0; attempt < 2; attempt += 1) {
    const [row] = await db.insert(storyPosts).values(p).onConflictDoNothing().returning({ id: storyPosts.id });
    if (row) return row.id;
    const stale = await db
      .select({ id: storyPosts.id })
      .from(storyPosts)
      .leftJoin(deliveries, eq(deliveries.id, storyPosts.deliveryId))
      .where(
        and(
          eq(storyPosts.conversationId, p.conversationId),
          eq(storyPosts.storyId, p.storyId),
          isNull(storyPosts.postedAt),
          or(isNull(deliveries.id), inArray(deliveries.status, ['dead', 'skipped'])),
        ),
      );
    if (stale.length === 0) return undefined;
    await db.delete(storyPosts).where(inArray(storyPosts.id, stale.map((s) => s.id)));
  }
  return undefined;
}

/** A story post with everything the buttons need: who to tell, about whom. */
export async function storyPostContext(db: Database, orgId: string, postId: string) {
  const [row] = await db
    .select({ post: storyPosts, noteId: stories.noteId, quote: stories.quote, account: accounts })
    .from(storyPosts)
    .innerJoin(stories, eq(stories.id, storyPosts.storyId))
    .innerJoin(accounts, eq(accounts.id, storyPosts.accountId))
    .where(and(eq(storyPosts.orgId, orgId), eq(storyPosts.id, postId)));
  return row;
}

/** The story post a reaction or reply landed on, matched by the platform's message id. */
export async function storyPostByMessage(db: Database, to: ConversationTarget, messageId: string) {
  const [row] = await db
    .select({ id: storyPosts.id, orgId: storyPosts.orgId })
    .from(storyPosts)
    .innerJoin(conversations, eq(conversations.id, storyPosts.conversationId))
    .leftJoin(deliveries, eq(deliveries.id, storyPosts.deliveryId))
    .where(
      and(
        eq(conversations.platform, to.platform),
        eq(conversations.externalId, to.key),
        // The delivery's own record covers a send recovered after a crash, where sent() never ran.
        sql`coalesce(${storyPosts.messageRef}, ${deliveries.messageRef})->>'messageId' = ${messageId}`,
      ),
    );
  return row;
}

/** Who hears that an engineer wants to meet a customer: the owner, or else the org's managers. */
export async function hearMoreRecipients(db: Database, orgId: string, ownerId: string | null) {
  const who = ownerId ? eq(users.id, ownerId) : and(eq(users.orgId, orgId), eq(users.role, 'manager'));
  return db
    .select({ id: users.id, platform: users.platform, externalId: users.externalId, name: users.displayName })
    .from(users)
    .where(who)
    .orderBy(asc(users.displayName));
}

export async function userName(db: Database, userId: string): Promise<string> {
  const [row] = await db.select({ name: users.displayName }).from(users).where(eq(users.id, userId));
  return row?.name ?? 'Someone';
}
