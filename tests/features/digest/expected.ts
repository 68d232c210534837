import type { DigestData, Ranked, RankedList } from '../../../src/domain/digest.model.js';
import type { Fixture, UserRow } from './fixture.js';

/*
 * The digest's figures for the fixture, counted straight from its arrays
 * with the rules written out again here, independently of the SQL. The
 * instants are written by hand for T = Mon 30 Nov 2026 09:00 Europe/Berlin:
 * Berlin left summer time on 25 Oct, so weeks before that start at 07:00Z.
 */
const iso = (s: string) => new Date(s).getTime();
export const BOUNDS = [
  '2026-11-30T08:00:00Z', // T
  '2026-11-23T08:00:00Z', // this week starts
  '2026-11-16T08:00:00Z', // last week starts
  '2026-11-09T08:00:00Z',
  '2026-11-02T08:00:00Z',
  '2026-10-26T08:00:00Z',
  '2026-10-19T07:00:00Z',
  '2026-10-12T07:00:00Z',
  '2026-10-05T07:00:00Z',
].map(iso);
const [B0, B1, B2] = BOUNDS as [number, number, number];
/** 30 days before T and before T − 7 days, at 09:00 Berlin. */
const COLD = [iso('2026-10-31T08:00:00Z'), iso('2026-10-24T07:00:00Z')] as const;
/** Three working days before Mon 30 Nov 09:00 is Wed 25 Nov 09:00; before Mon 23 Nov, Wed 18 Nov. */
const STALE = [iso('2026-11-25T08:00:00Z'), iso('2026-11-18T08:00:00Z')] as const;
/** The local date at T and at T − 7 days in each owner's zone (no zone: the default, UTC). */
const LOCAL_DAY: Record<string, [string, string]> = {
  'Europe/Berlin': ['2026-11-30', '2026-11-23'],
  'America/New_York': ['2026-11-30', '2026-11-23'],
  'Pacific/Honolulu': ['2026-11-29', '2026-11-22'], // 22:00 the evening before
  'Asia/Tokyo': ['2026-11-30', '2026-11-23'],
  'Europe/London': ['2026-11-30', '2026-11-23'],
  UTC: ['2026-11-30', '2026-11-23'],
};

const inWeek = (t: Date | number, k: number) => {
  const v = typeof t === 'number' ? t : t.getTime();
  return v >= BOUNDS[k + 1]! && v < BOUNDS[k]!;
};
const count = <A>(xs: A[], f: (x: A) => boolean) => xs.filter(f).length;
const sortRanked = (a: Ranked, b: Ranked) => b.value.now - a.value.now || b.value.last - a.value.last || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0);

function rankedList(entries: Ranked[], limit = 8): RankedList {
  const kept = entries.filter((e) => e.value.now > 0 || e.value.last > 0).sort(sortRanked);
  return { top: kept.slice(0, limit), total: kept.length };
}

export function expectedDigest(f: Fixture, manager: UserRow): Omit<DigestData, 'window'> {
  const teamIds = new Set(f.team.filter((t) => t.managerId === manager.id).map((t) => t.memberId));
  const inScope = (userId: string | null | undefined) => teamIds.size === 0 || (userId != null && teamIds.has(userId));
  const name = new Map(f.users.map((u) => [u.id, u]));
  const accountsById = new Map(f.accounts.map((a) => [a.id, a]));
  const notes = f.notes.filter((n) => inScope(n.authorId));
  const book = f.accounts.filter((a) => inScope(a.ownerId));
  const bookIds = new Set(book.map((a) => a.id));

  // Conversations
  const authors = [...new Set(notes.filter((n) => n.metAt.getTime() >= B2 && n.metAt.getTime() < B0).map((n) => n.authorId))];
  const byAuthor = rankedList(
    authors.map((a) => ({
      label: name.get(a)!.displayName,
      value: { now: count(notes, (n) => n.authorId === a && inWeek(n.metAt, 0)), last: count(notes, (n) => n.authorId === a && inWeek(n.metAt, 1)) },
    })),
  );
  const touched = (k: number) => new Set(notes.filter((n) => inWeek(n.metAt, k)).map((n) => n.accountId)).size;
  const leftAt = (personId: string) => f.changes.filter((c) => c.personId === personId && c.kind === 'left').map((c) => c.createdAt.getTime());
  const activeThen = (p: Fixture['people'][number]) => p.createdAt.getTime() < B1 && (p.status === 'active' || leftAt(p.id).some((t) => t >= B1));
  const peopleOf = (a: string) => f.people.filter((p) => p.accountId === a);
  const singleNow = count(book, (a) => count(peopleOf(a.id), (p) => p.status === 'active') === 1);
  const singleLast = count(book, (a) => a.createdAt.getTime() < B1 && count(peopleOf(a.id), activeThen) === 1);

  // Going cold: an account's last note by anyone
  const lastNote = (a: string, before: number) => {
    const ts = f.notes.filter((n) => n.accountId === a && n.metAt.getTime() < before).map((n) => n.metAt.getTime());
    return ts.length ? Math.max(...ts) : null;
  };
  const coldAt = (a: Fixture['accounts'][number], before: number, cut: number) => {
    const last = lastNote(a.id, before);
    return a.createdAt.getTime() < cut && (last === null || last < cut);
  };
  const cold = book.filter((a) => coldAt(a, B0, COLD[0]));
  const coldest = cold
    .map((a) => ({ a, last: lastNote(a.id, B0) }))
    .sort((x, y) => (x.last ?? -Infinity) - (y.last ?? -Infinity) || (x.a.name < y.a.name ? -1 : 1))
    .slice(0, 5)
    .map(({ a, last }) => ({ account: a.name, daysSilent: last === null ? null : Math.floor((B0 - last) / 86_400_000) }));

  // Relationships: changes at accounts of the book
  const changes = f.changes.filter((c) => bookIds.has(c.accountId));
  const openNow = (c: (typeof changes)[number]) => c.status === 'open' || (c.status === 'snoozed' && (c.snoozedUntil === null || c.snoozedUntil.getTime() <= B0));
  const snoozedNow = (c: (typeof changes)[number]) => c.status === 'snoozed' && c.snoozedUntil !== null && c.snoozedUntil.getTime() > B0;
  const outstandingLast = (c: (typeof changes)[number]) =>
    c.createdAt.getTime() < B1 && (c.acknowledgedAt ? c.acknowledgedAt.getTime() >= B1 : c.status !== 'done');
  const snoozedLast = (c: (typeof changes)[number]) => outstandingLast(c) && c.snoozedUntil !== null && c.snoozedUntil.getTime() > B1;
  const openLast = (c: (typeof changes)[number]) => outstandingLast(c) && !snoozedLast(c);
  const ack = (c: (typeof changes)[number], k: number) => c.acknowledgedAt !== null && inWeek(c.acknowledgedAt, k);
  const owners = [...new Set(changes.map((c) => accountsById.get(c.accountId)!.ownerId))];
  const staleByOwner = rankedList(
    owners.map((o) => {
      const mine = changes.filter((c) => accountsById.get(c.accountId)!.ownerId === o);
      return {
        label: name.get(o)!.displayName,
        value: {
          now: count(mine, (c) => openNow(c) && c.createdAt.getTime() <= STALE[0]),
          last: count(mine, (c) => openLast(c) && c.createdAt.getTime() <= STALE[1]),
        },
      };
    }),
  );
  const personName = new Map(f.people.map((p) => [p.id, p.name]));
  const recent = changes
    .filter((c) => inWeek(c.createdAt, 0))
    .sort((x, y) => y.createdAt.getTime() - x.createdAt.getTime() || (x.id < y.id ? -1 : 1))
    .slice(0, 5)
    .map((c) => ({ account: accountsById.get(c.accountId)!.name, person: personName.get(c.personId)!, kind: c.kind, role: c.role, status: c.status }));

  // Follow-ups, read in each owner's zone
  const followUps = f.followUps.filter((x) => inScope(x.ownerId));
  const day = (ownerId: string, k: 0 | 1) => LOCAL_DAY[name.get(ownerId)!.timezone ?? 'UTC']![k];
  const overdueNow = (x: (typeof followUps)[number]) => x.status === 'open' && x.dueOn < day(x.ownerId, 0);
  const overdueLast = (x: (typeof followUps)[number]) =>
    x.createdAt.getTime() < B1 && (x.status === 'open' || (x.doneAt !== null && x.doneAt.getTime() >= B1)) && x.dueOn < day(x.ownerId, 1);
  const fuOwners = [...new Set(followUps.map((x) => x.ownerId))];
  const fuByOwner = rankedList(
    fuOwners.map((o) => ({
      label: name.get(o)!.displayName,
      value: { now: count(followUps, (x) => x.ownerId === o && overdueNow(x)), last: count(followUps, (x) => x.ownerId === o && overdueLast(x)) },
    })),
  );

  // Voice of the customer
  const groups = new Map<string, Map<string, { now: number; last: number }>>();
  for (const n of notes) {
    const k = inWeek(n.metAt, 0) ? 'now' : inWeek(n.metAt, 1) ? 'last' : null;
    if (!k) continue;
    for (const p of n.pains) {
      const key = p.toLowerCase().replace(/[^a-z0-9]/g, '');
      const spellings = groups.get(key) ?? new Map();
      const s = spellings.get(p) ?? { now: 0, last: 0 };
      s[k] += 1;
      spellings.set(p, s);
      groups.set(key, spellings);
    }
  }
  const pains = [...groups.entries()]
    .map(([key, spellings]) => {
      const all = [...spellings.entries()];
      const now = all.reduce((t, [, s]) => t + s.now, 0);
      const last = all.reduce((t, [, s]) => t + s.last, 0);
      all.sort(([a, x], [b, y]) => y.now - x.now || y.now + y.last - (x.now + x.last) || a.trim().localeCompare(b.trim()));
      return { key, label: all[0]![0].trim(), value: { now, last } };
    })
    .filter((p) => p.value.now > 0)
    .sort((a, b) => b.value.now - a.value.now || b.value.last - a.value.last || a.key.localeCompare(b.key))
    .slice(0, 5)
    .map(({ label, value }) => ({ label, value }));

  const shareable = notes.filter((n) => inWeek(n.metAt, 0) && n.visibility === 'shared' && n.consentToQuote && (n.quote ?? '').trim() !== '');
  const newestPerAccount = new Map<string, (typeof shareable)[number]>();
  for (const n of [...shareable].sort((x, y) => y.metAt.getTime() - x.metAt.getTime() || (x.id < y.id ? -1 : 1))) {
    if (!newestPerAccount.has(n.accountId)) newestPerAccount.set(n.accountId, n);
  }
  const quotes = [...newestPerAccount.values()]
    .sort((x, y) => y.metAt.getTime() - x.metAt.getTime() || (x.id < y.id ? -1 : 1))
    .slice(0, 3)
    .map((n) => {
      const named = f.notePeople
        .filter((l) => l.noteId === n.id)
        .map((l) => f.people.find((p) => p.id === l.personId)!)
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : 1))[0];
      return { text: n.quote!, person: named?.name ?? null, title: named?.title ?? null, account: accountsById.get(n.accountId)!.name };
    });

  // Stories from the scope's notes
  const noteById = new Map(f.notes.map((n) => [n.id, n]));
  const storyById = new Map(f.stories.map((s) => [s.id, s]));
  const posts = f.posts.filter((p) => inScope(noteById.get(storyById.get(p.storyId)!.noteId)!.authorId));
  const postIds = new Set(posts.map((p) => p.id));
  const eng = f.engagement.filter((e) => postIds.has(e.storyPostId));
  const kindCount = (kind: string, k: number) => count(eng, (e) => e.kind === kind && inWeek(e.createdAt, k));
  const storyOfPost = new Map(f.posts.map((p) => [p.id, p.storyId]));
  const perStory = new Map<string, { reactions: number; hearMore: number; replies: number }>();
  for (const e of eng.filter((x) => inWeek(x.createdAt, 0) && x.kind !== 'not_useful')) {
    const sid = storyOfPost.get(e.storyPostId)!;
    const s = perStory.get(sid) ?? { reactions: 0, hearMore: 0, replies: 0 };
    if (e.kind === 'reaction') s.reactions += 1;
    if (e.kind === 'hear_more') s.hearMore += 1;
    if (e.kind === 'reply') s.replies += 1;
    perStory.set(sid, s);
  }
  const total = (s: { reactions: number; hearMore: number; replies: number }) => s.reactions + s.hearMore + s.replies;
  const ranked = [...perStory.entries()].sort(([ia, a], [ib, b]) => {
    const ta = storyById.get(ia)!.title;
    const tb = storyById.get(ib)!.title;
    return total(b) - total(a) || (ta < tb ? -1 : ta > tb ? 1 : ia < ib ? -1 : 1);
  });
  const [topEntry] = ranked;

  // Discovery: the fixture records none, so every active person of the book is stale once they exist.
  const bookPeople = f.people.filter((p) => bookIds.has(p.accountId) && p.status === 'active');
  const discoveryOwners = [...new Set(bookPeople.map((p) => accountsById.get(p.accountId)!.ownerId ?? null))];
  const staleDiscovery = rankedList(
    discoveryOwners.map((o) => {
      const mine = bookPeople.filter((p) => (accountsById.get(p.accountId)!.ownerId ?? null) === o);
      return {
        label: o ? name.get(o)!.displayName : 'No owner',
        value: { now: count(mine, (p) => p.createdAt.getTime() <= B0), last: count(mine, (p) => p.createdAt.getTime() <= B1) },
      };
    }),
  );

  const trend = Array.from({ length: 8 }, (_, k) => count(notes, (n) => inWeek(n.metAt, k))).reverse();

  return {
    scope: teamIds.size ? { kind: 'team', size: teamIds.size } : { kind: 'org' },
    conversations: {
      notes: { now: trend[7]!, last: trend[6]! },
      accountsTouched: { now: touched(0), last: touched(1) },
      singleThreaded: { now: singleNow, last: singleLast },
      byAuthor,
    },
    relationships: {
      changes: { now: count(changes, (c) => inWeek(c.createdAt, 0)), last: count(changes, (c) => inWeek(c.createdAt, 1)) },
      open: { now: count(changes, openNow), last: count(changes, openLast) },
      snoozed: { now: count(changes, snoozedNow), last: count(changes, snoozedLast) },
      done: { now: count(changes, (c) => ack(c, 0)), last: count(changes, (c) => ack(c, 1)) },
      staleByOwner,
      recent,
    },
    goingCold: { days: 30, count: { now: cold.length, last: count(book, (a) => coldAt(a, B1, COLD[1])) }, coldest },
    followUps: {
      overdue: { now: count(followUps, overdueNow), last: count(followUps, overdueLast) },
      byOwner: fuByOwner,
    },
    discovery: { staleByOwner: staleDiscovery },
    voice: { pains, quotes },
    stories: {
      posted: { now: count(posts, (p) => inWeek(p.postedAt, 0)), last: count(posts, (p) => inWeek(p.postedAt, 1)) },
      reactions: { now: kindCount('reaction', 0), last: kindCount('reaction', 1) },
      hearMore: { now: kindCount('hear_more', 0), last: kindCount('hear_more', 1) },
      notUseful: { now: kindCount('not_useful', 0), last: kindCount('not_useful', 1) },
      top: topEntry ? { title: storyById.get(topEntry[0])!.title, ...topEntry[1] } : null,
      engagedMost: ranked.slice(0, 3).map(([id, counts]) => ({ title: storyById.get(id)!.title, ...counts })),
      // The fixture subscribes no channel to stories, so none slowed down.
      slowed: [],
    },
    trend,
    trendActed: Array.from({ length: 8 }, (_, k) => count(changes, (c) => ack(c, k))).reverse(),
    trendEngaged: Array.from({ length: 8 }, (_, k) => count(eng, (e) => e.kind !== 'not_useful' && inWeek(e.createdAt, k))).reverse(),
  };
}
