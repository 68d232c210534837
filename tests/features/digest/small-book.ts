import type { Database } from '../../../src/db/client.js';
import {
  accounts,
  channelSubscriptions,
  conversations,
  engagement,
  followUps,
  notePeople,
  notes,
  people,
  stakeholderChanges,
  stories,
  storyPosts,
} from '../../../src/db/schema.js';

/*
 * A book small enough to read every figure of its digest by hand, for the
 * adapter tests. The manager's team is one account manager (`member`);
 * `outsider` is not on it. T = Mon 30 Nov 2026 09:00 Berlin (08:00Z).
 *
 *   Acme (member's, 1 active person: Dana Lee, VP Engineering, joined this week)
 *     notes by member: 27 Nov (quote, pain "Manual reconciliation", Dana),
 *                      25 Nov ("manual-reconciliation!", "Slow exports"),
 *                      24 Nov ("Manual reconciliation"),
 *                      18 Nov, last week ("Slow exports"; follow-up due 24 Nov, open)
 *     note by outsider: 26 Nov (not in the digest)
 *     change: Dana joined as VP Engineering, 27 Nov after the call (so the
 *             stakeholders feature, which closes a change once someone meets
 *             the person after it, leaves the reminder open)
 *     story from the 27 Nov note, posted 28 Nov: 2 reactions, 1 hear-more ask
 *   Globex (member's, no people): last note 20 Oct → going cold, 41 days
 *
 * Expected: notes 3 (1), accounts touched 1 (1), single-threaded 1 (0);
 * changes 1 (0), open 1 (0); cold 1 (1); overdue follow-ups 1 (0);
 * pains: Manual reconciliation 3 (0), Slow exports 1 (1); stories posted 1 (0),
 * reactions 2 (0), hear more 1 (0); trend ▁▁▃▁▁▁▃█ (0 0 1 0 0 0 1 3).
 */
export const STORY_TITLE = 'Dana at Acme loses two days every month-end';

export async function insertSmallBook(db: Database, o: { orgId: string; workspaceId: string; member: string; outsider: string; channel: string }) {
  const at = (s: string) => new Date(s);
  const [acme, globex] = await db
    .insert(accounts)
    .values([
      { orgId: o.orgId, name: 'Acme', nameKey: 'acme', ownerId: o.member, createdAt: at('2026-09-01T09:00:00Z') },
      { orgId: o.orgId, name: 'Globex', nameKey: 'globex', ownerId: o.member, createdAt: at('2026-08-01T09:00:00Z') },
    ])
    .returning({ id: accounts.id });
  const [dana] = await db
    .insert(people)
    .values({ orgId: o.orgId, accountId: acme!.id, name: 'Dana Lee', nameKey: 'dana lee', title: 'VP Engineering', createdAt: at('2026-11-26T09:00:00Z') })
    .returning({ id: people.id });
  const note = (authorId: string, accountId: string, metAt: string, pains: string[], quote: string | null = null) => ({
    orgId: o.orgId,
    authorId,
    accountId,
    metAt: at(metAt),
    pains,
    quote,
    rawText: `call on ${metAt}`,
    createdAt: at(metAt),
  });
  const [quoted, , , lastWeek] = await db
    .insert(notes)
    .values([
      note(o.member, acme!.id, '2026-11-27T10:00:00Z', ['Manual reconciliation'], 'We lose two days every month-end'),
      note(o.member, acme!.id, '2026-11-25T10:00:00Z', ['manual-reconciliation!', 'Slow exports']),
      note(o.member, acme!.id, '2026-11-24T10:00:00Z', ['Manual reconciliation']),
      note(o.member, acme!.id, '2026-11-18T10:00:00Z', ['Slow exports']),
      note(o.outsider, acme!.id, '2026-11-26T10:00:00Z', ['Billing'], 'Not on the team'),
      note(o.member, globex!.id, '2026-10-20T08:00:00Z', []),
    ])
    .returning({ id: notes.id });
  await db.insert(notePeople).values({ orgId: o.orgId, noteId: quoted!.id, personId: dana!.id });
  await db.insert(followUps).values({
    orgId: o.orgId,
    noteId: lastWeek!.id,
    ownerId: o.member,
    text: 'Send the export roadmap',
    dueOn: '2026-11-24',
    createdAt: at('2026-11-18T10:00:00Z'),
  });
  await db.insert(stakeholderChanges).values({
    orgId: o.orgId,
    accountId: acme!.id,
    personId: dana!.id,
    kind: 'joined',
    role: 'VP Engineering',
    source: 'command',
    createdAt: at('2026-11-27T11:00:00Z'),
  });
  const [story] = await db
    .insert(stories)
    .values({ orgId: o.orgId, noteId: quoted!.id, personId: dana!.id, title: STORY_TITLE, body: 'Dana …', source: 'template', status: 'published' })
    .returning({ id: stories.id });
  const [channel] = await db
    .insert(conversations)
    .values({ orgId: o.orgId, platform: 'slack', externalId: o.channel, workspaceId: o.workspaceId, kind: 'channel' })
    .onConflictDoUpdate({ target: [conversations.platform, conversations.externalId], set: { kind: 'channel' } })
    .returning({ id: conversations.id });
  const [post] = await db
    .insert(storyPosts)
    .values({ orgId: o.orgId, storyId: story!.id, conversationId: channel!.id, accountId: acme!.id, postedAt: at('2026-11-28T09:00:00Z') })
    .returning({ id: storyPosts.id });
  const engaged = (kind: 'reaction' | 'hear_more') => ({ orgId: o.orgId, storyPostId: post!.id, kind, createdAt: at('2026-11-28T11:00:00Z') });
  await db.insert(engagement).values([engaged('reaction'), engaged('reaction'), engaged('hear_more')]);
  // The channel's stories slowed down for lack of engagement. Subscribed "in the future", so no test here posts a story to it.
  await db.insert(channelSubscriptions).values({
    orgId: o.orgId,
    conversationId: channel!.id,
    kind: 'stories',
    localTime: '09:30',
    timezone: 'UTC',
    cadenceLevel: 1,
    cadenceChangedAt: at('2026-11-26T09:30:00Z'),
    channelName: '#eng-payments',
    createdAt: at('2030-01-01T00:00:00Z'),
  });
}
