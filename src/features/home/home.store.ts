import { and, asc, desc, eq, inArray, isNotNull, lte, max, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Database } from '../../db/client.js';
import { accounts, channelSubscriptions, conversations, followUps, notes, people, stakeholderChanges } from '../../db/schema.js';
import type { Identity } from '../identity.js';

/** How much of each list the Home view shows; the rest is counted. */
export const HOME_LIMIT = 10;

/** What one person's Home is made of; every query is scoped to their organisation. */
export function createHomeStore(db: Database) {
  return {
    /** The accounts they own, least recently contacted first (never contacted at the top). */
    async accounts(who: Identity) {
      const lastNote = db
        .select({ accountId: notes.accountId, at: max(notes.metAt).as('last_note_at') })
        .from(notes)
        .where(eq(notes.orgId, who.orgId))
        .groupBy(notes.accountId)
        .as('last_note');
      return db
        .select({ id: accounts.id, name: accounts.name, lastContact: lastNote.at })
        .from(accounts)
        .leftJoin(lastNote, eq(lastNote.accountId, accounts.id))
        .where(and(eq(accounts.orgId, who.orgId), eq(accounts.ownerId, who.userId)))
        .orderBy(sql`${lastNote.at} asc nulls first`, asc(accounts.name));
    },

    /** Open and snoozed stakeholder changes at their accounts, newest first. */
    async changes(who: Identity, accountIds: string[]) {
      if (accountIds.length === 0) return [];
      const previous = alias(people, 'previous');
      return db
        .select({
          id: stakeholderChanges.id,
          kind: stakeholderChanges.kind,
          role: stakeholderChanges.role,
          status: stakeholderChanges.status,
          snoozedUntil: stakeholderChanges.snoozedUntil,
          createdAt: stakeholderChanges.createdAt,
          person: people.name,
          title: people.title,
          previous: previous.name,
          account: accounts.name,
        })
        .from(stakeholderChanges)
        .innerJoin(people, eq(people.id, stakeholderChanges.personId))
        .innerJoin(accounts, eq(accounts.id, stakeholderChanges.accountId))
        .leftJoin(previous, eq(previous.id, stakeholderChanges.previousPersonId))
        .where(and(eq(stakeholderChanges.orgId, who.orgId), inArray(stakeholderChanges.accountId, accountIds), inArray(stakeholderChanges.status, ['open', 'snoozed'])))
        .orderBy(desc(stakeholderChanges.createdAt), asc(people.name));
    },

    /** Their open follow-ups due on or before `until` (a local date), earliest first. */
    async followUps(who: Identity, until: string) {
      return db
        .select({ id: followUps.id, text: followUps.text, dueOn: followUps.dueOn, account: accounts.name })
        .from(followUps)
        .innerJoin(notes, eq(notes.id, followUps.noteId))
        .innerJoin(accounts, eq(accounts.id, notes.accountId))
        .where(and(eq(followUps.orgId, who.orgId), eq(followUps.ownerId, who.userId), eq(followUps.status, 'open'), isNotNull(followUps.dueOn), lte(followUps.dueOn, until)))
        .orderBy(asc(followUps.dueOn), asc(followUps.createdAt));
    },

    /** Story channels they subscribed, and their own digest. */
    async subscriptions(who: Identity) {
      return db
        .select({
          kind: channelSubscriptions.kind,
          localTime: channelSubscriptions.localTime,
          timezone: channelSubscriptions.timezone,
          days: channelSubscriptions.days,
          weekday: channelSubscriptions.weekday,
          tags: channelSubscriptions.tags,
          conversationKind: conversations.kind,
        })
        .from(channelSubscriptions)
        .innerJoin(conversations, eq(conversations.id, channelSubscriptions.conversationId))
        .where(
          and(
            eq(channelSubscriptions.orgId, who.orgId),
            eq(channelSubscriptions.active, true),
            or(
              and(eq(channelSubscriptions.kind, 'stories'), eq(channelSubscriptions.createdBy, who.userId)),
              and(eq(channelSubscriptions.kind, 'digest'), eq(channelSubscriptions.userId, who.userId)),
            ),
          ),
        )
        .orderBy(asc(channelSubscriptions.kind), asc(channelSubscriptions.localTime), asc(channelSubscriptions.createdAt));
    },
  };
}

export type HomeStore = ReturnType<typeof createHomeStore>;
