import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../../src/db/client.js';
import { buildDigest, QUERIES_PER_DIGEST } from '../../../src/features/digest/digest.build.js';
import { openTestDb } from '../../support/test-db.js';
import { countingDb } from './counting-db.js';
import { BOUNDS, expectedDigest } from './expected.js';
import { insertFixture, makeFixture, T, type Fixture } from './fixture.js';

let handle: DbHandle;
let small: Fixture;
let large: Fixture;

beforeAll(async () => {
  handle = await openTestDb();
  small = makeFixture({ tag: 0xd1, scale: 1, seed: 42 });
  large = makeFixture({ tag: 0xd2, scale: 4, seed: 7 });
  await insertFixture(handle.db, small);
  await insertFixture(handle.db, large);
});

afterAll(async () => {
  await handle?.close();
});

const request = (managerId: string) => ({ managerId, at: T, timezone: 'Europe/Berlin', defaultTimezone: 'UTC' });

describe('the fixture organisation', () => {
  it('has the shape the issue asks for, with every reminder state and engagement kind', () => {
    expect(small.users.filter((u) => u.role === 'manager')).toHaveLength(2);
    expect(small.accountManagers).toHaveLength(6);
    expect(small.accounts).toHaveLength(40);
    expect(small.notes).toHaveLength(300);
    const weeks = new Set(small.notes.map((n) => Math.floor((T.getTime() - n.metAt.getTime()) / (7 * 86_400_000))));
    expect([...weeks].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(new Set(small.changes.map((c) => c.status))).toEqual(new Set(['open', 'snoozed', 'done']));
    expect(new Set(small.engagement.map((e) => e.kind))).toEqual(new Set(['reaction', 'hear_more', 'not_useful', 'reply']));
    expect(small.stories.length).toBeGreaterThan(10);
  });
});

describe('buildDigest on the fixture', () => {
  it('counts weeks back from T in the manager\'s zone, across the end of summer time', async () => {
    const digest = await buildDigest(handle.db, request(small.managers.team.id));
    expect(digest!.window.bounds.map((d) => d.getTime())).toEqual(BOUNDS);
  });

  it.each([
    ['with a team of three', 'team'],
    ['with no team (everyone)', 'everyone'],
  ] as const)('gives a manager %s exactly the figures counted from the fixture', async (_label, which) => {
    const manager = small.managers[which];
    const { window: _w, ...digest } = (await buildDigest(handle.db, request(manager.id)))!;
    const expected = expectedDigest(small, manager);
    expect(digest).toEqual(expected);
  });

  it('has something to say in every section for the org-wide manager, so the comparison above means something', () => {
    const e = expectedDigest(small, small.managers.everyone);
    const figures = [
      e.conversations.notes,
      e.conversations.accountsTouched,
      e.conversations.singleThreaded,
      e.relationships.changes,
      e.relationships.open,
      e.relationships.snoozed,
      e.relationships.done,
      e.goingCold.count,
      e.followUps.overdue,
      e.stories.posted,
      e.stories.reactions,
      e.stories.hearMore,
    ];
    for (const f of figures) expect(f.now + f.last).toBeGreaterThan(0);
    expect(e.conversations.byAuthor.top.length).toBe(6);
    expect(e.relationships.staleByOwner.top.length).toBeGreaterThan(0);
    expect(e.voice.pains.length).toBe(5);
    expect(e.voice.quotes.length).toBe(3);
    expect(e.stories.top).not.toBeNull();
    expect(e.goingCold.coldest.length).toBe(5);
  });

  it('is the same on the larger organisation as counted from its arrays', async () => {
    for (const manager of [large.managers.team, large.managers.everyone]) {
      const { window: _w, ...digest } = (await buildDigest(handle.db, request(manager.id)))!;
      expect(digest).toEqual(expectedDigest(large, manager));
    }
  });

  it('costs the same constant number of queries on a small and a four times larger organisation', async () => {
    const counting = countingDb(handle);
    try {
      const counts: number[] = [];
      for (const f of [small, large]) {
        for (const manager of [f.managers.team, f.managers.everyone]) {
          counting.reset();
          await buildDigest(counting.db, request(manager.id));
          counts.push(counting.count());
        }
      }
      expect(large.notes.length).toBe(4 * small.notes.length);
      expect(counts).toEqual([QUERIES_PER_DIGEST, QUERIES_PER_DIGEST, QUERIES_PER_DIGEST, QUERIES_PER_DIGEST]);
    } finally {
      await counting.close();
    }
  });

  it('answers undefined for a manager who does not exist', async () => {
    expect(await buildDigest(handle.db, request('00000000-0000-4000-8000-00000000dead'))).toBeUndefined();
  });
});
