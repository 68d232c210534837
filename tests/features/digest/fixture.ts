import type { Database } from '../../../src/db/client.js';
import {
  accounts,
  conversations,
  engagement,
  followUps,
  notePeople,
  notes,
  orgs,
  people,
  stakeholderChanges,
  stories,
  storyPosts,
  teamMembers,
  users,
  workspaces,
} from '../../../src/db/schema.js';

/*
 * A deterministic organisation for the digest: 2 managers (one with a team
 * of three, one without, so covering everyone), 6 account managers in
 * different zones, 3 engineers, and per unit of scale 40 accounts and 300
 * notes over the 9 weeks before T, with people, stakeholder changes in every
 * reminder state, follow-ups, stories and engagement. Every row is plain
 * data here, so the test can count the expected figures from these arrays.
 */

/** The digest instant: Monday 30 Nov 2026, 09:00 in Berlin. */
export const T = new Date('2026-11-30T08:00:00.000Z');
const DAY = 86_400_000;

/** A small seeded generator (mulberry32): the same seed, the same organisation. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type UserRow = typeof users.$inferInsert & { id: string; displayName: string; timezone: string | null };
export type AccountRow = typeof accounts.$inferInsert & { id: string; name: string; ownerId: string; createdAt: Date };
export type PersonRow = typeof people.$inferInsert & { id: string; accountId: string; name: string; title: string | null; status: 'active' | 'left'; createdAt: Date };
export type ChangeRow = typeof stakeholderChanges.$inferInsert & {
  id: string;
  accountId: string;
  personId: string;
  kind: 'joined' | 'left' | 'replaced' | 'role_changed';
  role: string | null;
  status: 'open' | 'snoozed' | 'done';
  snoozedUntil: Date | null;
  acknowledgedAt: Date | null;
  createdAt: Date;
};
export type NoteRow = typeof notes.$inferInsert & {
  id: string;
  authorId: string;
  accountId: string;
  metAt: Date;
  pains: string[];
  quote: string | null;
  visibility: 'shared' | 'internal';
  consentToQuote: boolean;
};
export type FollowUpRow = typeof followUps.$inferInsert & { id: string; ownerId: string; dueOn: string; status: 'open' | 'done'; doneAt: Date | null; createdAt: Date };
export type StoryRow = typeof stories.$inferInsert & { id: string; noteId: string; title: string };
export type PostRow = typeof storyPosts.$inferInsert & { id: string; storyId: string; postedAt: Date };
export type EngagementRow = typeof engagement.$inferInsert & { id: string; storyPostId: string; kind: 'reaction' | 'hear_more' | 'not_useful' | 'reply'; createdAt: Date };

export interface Fixture {
  orgId: string;
  workspaceId: string;
  /** The engineering channel stories are posted in. */
  channelId: string;
  users: UserRow[];
  managers: { team: UserRow; everyone: UserRow };
  accountManagers: UserRow[];
  team: { managerId: string; memberId: string }[];
  accounts: AccountRow[];
  people: PersonRow[];
  changes: ChangeRow[];
  notes: NoteRow[];
  notePeople: { noteId: string; personId: string }[];
  followUps: FollowUpRow[];
  stories: StoryRow[];
  posts: PostRow[];
  engagement: EngagementRow[];
}

const PAINS = [
  ['Manual reconciliation', 'manual reconciliation!', 'MANUAL-reconciliation'],
  ['Slow exports', 'slow  exports.'],
  ['SSO setup', 'sso set-up'],
  ['Audit trail gaps'],
  ['Too many clicks', 'too many clicks?'],
  ['Pricing is unclear'],
  ['Mobile app crashes', 'mobile app crashes!!'],
] as const;

const AM_SPECS: Array<[string, string | null]> = [
  ['Ada Brook', 'Europe/Berlin'],
  ['Ben Carter', 'America/New_York'],
  ['Cleo Dunn', 'Pacific/Honolulu'],
  ['Dev Patel', 'Asia/Tokyo'],
  ['Eva Lind', null],
  ['Finn Moss', 'Europe/London'],
];

/** `tag` keeps two fixtures' ids apart in one database. */
export function makeFixture(opts: { tag: number; scale: number; seed: number }): Fixture {
  const rand = seeded(opts.seed);
  const pick = <A>(xs: readonly A[]): A => xs[Math.floor(rand() * xs.length)]!;
  let n = 0;
  const id = () => `${opts.tag.toString(16).padStart(8, '0')}-0000-4000-8000-${(++n).toString(16).padStart(12, '0')}`;
  const ago = (days: number) => new Date(T.getTime() - days * DAY);
  const orgId = id();
  const workspaceId = id();

  const user = (name: string, timezone: string | null, role: UserRow['role']): UserRow => ({
    id: id(),
    orgId,
    workspaceId,
    platform: 'slack',
    externalId: `U${opts.tag}${n}`,
    displayName: name,
    timezone,
    role,
  });
  const teamManager = user('Mara Quinn', 'Europe/Berlin', 'manager');
  const everyoneManager = user('Noah Reyes', 'Europe/Berlin', 'manager');
  const ams = AM_SPECS.map(([name, tz]) => user(name, tz, 'member'));
  const engineers = ['Gus Hale', 'Hana Ito', 'Ivan Kos'].map((name) => user(name, 'UTC', 'member'));
  const team = ams.slice(0, 3).map((m) => ({ managerId: teamManager.id, memberId: m.id }));

  const accountRows: AccountRow[] = [];
  for (let i = 0; i < 40 * opts.scale; i += 1) {
    const name = `Account ${String(i + 1).padStart(3, '0')}`;
    // Every tenth account is young (under the 30-day cold period).
    const age = i % 10 === 0 ? 5 + (i % 7) * 3 : 60 + ((i * 13) % 300);
    accountRows.push({ id: id(), orgId, name, nameKey: name.toLowerCase(), ownerId: ams[i % ams.length]!.id, createdAt: ago(age) });
  }

  const peopleRows: PersonRow[] = [];
  const changeRows: ChangeRow[] = [];
  for (const account of accountRows) {
    const count = Math.floor(rand() * 4);
    for (let k = 0; k < count; k += 1) {
      const name = `Person ${account.name.slice(8)}-${k + 1}`;
      const left = rand() < 0.15;
      const createdAt = ago(Math.floor(rand() * 70) + 1 + rand());
      peopleRows.push({ id: id(), orgId, accountId: account.id, name, nameKey: name.toLowerCase(), title: pick(['CFO', 'VP Engineering', null, 'Controller']), status: left ? 'left' : 'active', createdAt });
      const person = peopleRows[peopleRows.length - 1]!;
      const change = (kind: ChangeRow['kind'], at: Date, role: string | null) => {
        const state = pick(['open', 'open', 'snoozed', 'done'] as const);
        const ack = state === 'done' ? new Date(Math.min(at.getTime() + rand() * 9 * DAY, T.getTime() - 60_000)) : null;
        const until = state === 'snoozed' ? new Date(T.getTime() + (rand() * 16 - 9) * DAY) : state === 'done' && rand() < 0.3 ? ago(20) : null;
        changeRows.push({ id: id(), orgId, accountId: account.id, personId: person.id, kind, role, source: 'command', status: state, snoozedUntil: until, acknowledgedAt: ack, createdAt: at });
      };
      if (person.createdAt.getTime() > ago(45).getTime()) change(rand() < 0.3 ? 'replaced' : 'joined', person.createdAt, person.title);
      if (left) change('left', new Date(Math.max(person.createdAt.getTime(), ago(rand() * 40).getTime())), null);
      else if (rand() < 0.1) change('role_changed', ago(rand() * 20), 'Chief of Staff');
    }
  }

  const silent = (i: number) => i % 10 === 5;
  const stale = (i: number) => i % 8 === 7;
  const noteable = accountRows.map((a, i) => ({ a, i })).filter(({ i }) => !silent(i));
  const noteRows: NoteRow[] = [];
  const links: Fixture['notePeople'] = [];
  const followUpRows: FollowUpRow[] = [];
  for (let k = 0; k < 300 * opts.scale; k += 1) {
    const { a, i } = pick(noteable);
    const days = stale(i) ? 31 + rand() * 32 : rand() * 63;
    const metAt = new Date(Math.floor(T.getTime() - days * DAY));
    const author = rand() < 0.8 ? a.ownerId : pick(ams).id;
    const pains = Array.from({ length: Math.floor(rand() * 3) }, () => pick(pick(PAINS)));
    const quote = rand() < 0.45 ? `Quote ${k + 1}: we lose ${1 + Math.floor(rand() * 5)} days a month` : null;
    const note: NoteRow = {
      id: id(),
      orgId,
      authorId: author,
      accountId: a.id,
      metAt,
      pains,
      quote,
      visibility: rand() < 0.15 ? 'internal' : 'shared',
      consentToQuote: rand() < 0.8,
      rawText: `note ${k + 1}`,
      summary: `Call ${k + 1}`,
    };
    noteRows.push(note);
    const candidates = peopleRows.filter((p) => p.accountId === a.id);
    for (const p of candidates) if (rand() < 0.5) links.push({ noteId: note.id, personId: p.id });
    if (rand() < 0.35) {
      const due = new Date(metAt.getTime() + (1 + Math.floor(rand() * 14)) * DAY);
      const doneAt = rand() < 0.5 ? new Date(metAt.getTime() + rand() * 20 * DAY) : null;
      const done = doneAt !== null && doneAt.getTime() < T.getTime();
      followUpRows.push({
        id: id(),
        orgId,
        noteId: note.id,
        ownerId: author,
        text: `Follow up ${k + 1}`,
        dueOn: due.toISOString().slice(0, 10),
        status: done ? 'done' : 'open',
        doneAt: done ? doneAt : null,
        createdAt: metAt,
      });
    }
  }

  const storyRows: StoryRow[] = [];
  const postRows: PostRow[] = [];
  const engagementRows: EngagementRow[] = [];
  const channelId = id();
  const quotable = noteRows.filter((x) => x.quote && x.visibility === 'shared' && x.consentToQuote && x.metAt.getTime() < T.getTime() - 3 * DAY);
  for (const note of quotable.slice(0, 20 * opts.scale)) {
    const story: StoryRow = { id: id(), orgId, noteId: note.id, title: `Story of ${note.summary}`, body: 'body', quote: note.quote, source: 'template', status: 'published' };
    storyRows.push(story);
    const postedAt = new Date(Math.min(note.metAt.getTime() + (1 + rand() * 4) * DAY, T.getTime() - 3600_000));
    const post: PostRow = { id: id(), orgId, storyId: story.id, conversationId: channelId, accountId: note.accountId, postedAt };
    postRows.push(post);
    for (let e = Math.floor(rand() * 7); e > 0; e -= 1) {
      const at = new Date(Math.min(postedAt.getTime() + rand() * 6 * DAY, T.getTime() - 60_000));
      engagementRows.push({ id: id(), orgId, storyPostId: post.id, userId: pick(engineers).id, kind: pick(['reaction', 'reaction', 'hear_more', 'not_useful', 'reply'] as const), createdAt: at });
    }
  }

  return {
    orgId,
    users: [teamManager, everyoneManager, ...ams, ...engineers],
    managers: { team: teamManager, everyone: everyoneManager },
    accountManagers: ams,
    team,
    accounts: accountRows,
    people: peopleRows,
    changes: changeRows,
    notes: noteRows,
    notePeople: links,
    followUps: followUpRows,
    stories: storyRows,
    posts: postRows,
    engagement: engagementRows,
    workspaceId,
    channelId,
  };
}

async function insertAll<T extends object>(rows: T[], insert: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) await insert(rows.slice(i, i + 500));
}

export async function insertFixture(db: Database, f: Fixture): Promise<void> {
  const { workspaceId, channelId } = f;
  await db.insert(orgs).values({ id: f.orgId, name: `Digest fixture ${f.orgId.slice(0, 8)}` });
  await db.insert(workspaces).values({ id: workspaceId, orgId: f.orgId, platform: 'slack', externalId: `T${f.orgId.slice(0, 8)}`, name: 'fixture' });
  await db.insert(users).values(f.users);
  await db.insert(teamMembers).values(f.team.map((t) => ({ ...t, orgId: f.orgId })));
  await db.insert(conversations).values({ id: channelId, orgId: f.orgId, platform: 'slack', externalId: `C${f.orgId.slice(0, 8)}`, workspaceId, kind: 'channel' });
  await insertAll(f.accounts, (c) => db.insert(accounts).values(c));
  await insertAll(f.people, (c) => db.insert(people).values(c));
  await insertAll(f.changes, (c) => db.insert(stakeholderChanges).values(c));
  await insertAll(f.notes, (c) => db.insert(notes).values(c));
  await insertAll(f.notePeople.map((l) => ({ ...l, orgId: f.orgId })), (c) => db.insert(notePeople).values(c));
  await insertAll(f.followUps, (c) => db.insert(followUps).values(c));
  await insertAll(f.stories, (c) => db.insert(stories).values(c));
  await insertAll(f.posts, (c) => db.insert(storyPosts).values(c));
  await insertAll(f.engagement, (c) => db.insert(engagement).values(c));
}
