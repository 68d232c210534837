import { randomUUID } from 'node:crypto';
import { and, asc, count, eq, lte } from 'drizzle-orm';
import { pgSchema, serial, text } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, DbHandle } from '../../src/db/client.js';
import { migrateDb } from '../../src/db/migrate.js';
import {
  accounts,
  conversations,
  deliveries,
  type DeliveryTarget,
  notes,
  orgs,
  stories,
  storyPosts,
  users,
  workspaces,
} from '../../src/db/schema.js';
import { openEmptyTestDb, openTestDb } from '../support/test-db.js';

// The same suite on both drivers: PGlite by default, Postgres when
// DATABASE_URL is set. Every test makes its own org, so they share the file's
// database without seeing each other's rows.
const onPostgres = Boolean(process.env.DATABASE_URL);
const T0 = new Date('2025-03-03T09:00:00.000Z');

let handle: DbHandle;
let db: Database;

beforeAll(async () => {
  handle = await openTestDb();
  db = handle.db;
});

afterAll(async () => {
  await handle?.close();
});

// drizzle's own bookkeeping table, read through the query builder because
// db.execute() returns a different shape on each driver.
const drizzleMigrations = pgSchema('drizzle').table('__drizzle_migrations', {
  id: serial('id').primaryKey(),
  hash: text('hash').notNull(),
});

async function appliedMigrations(on: Database): Promise<number> {
  const [row] = await on.select({ n: count() }).from(drizzleMigrations);
  return row?.n ?? 0;
}

/** The SQLSTATE of a failed query, wherever the driver or drizzle put it. */
function sqlState(error: unknown): string | undefined {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    if ('code' in e && typeof e.code === 'string') return e.code;
  }
  return undefined;
}

async function expectUniqueViolation(query: Promise<unknown>): Promise<void> {
  const error = await query.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, 'expected a unique violation').toBeDefined();
  expect(sqlState(error)).toBe('23505');
}

async function seedOrg() {
  const [org] = await db.insert(orgs).values({ name: 'Acme Internal' }).returning();
  if (!org) throw new Error('no org');
  const [workspace] = await db
    .insert(workspaces)
    .values({ orgId: org.id, platform: 'slack', externalId: `T${randomUUID()}`, name: 'Acme' })
    .returning();
  if (!workspace) throw new Error('no workspace');
  const [user] = await db
    .insert(users)
    .values({
      orgId: org.id,
      platform: 'slack',
      externalId: `U${randomUUID()}`,
      workspaceId: workspace.id,
      displayName: 'Ada',
    })
    .returning();
  if (!user) throw new Error('no user');
  const [account] = await db
    .insert(accounts)
    .values({ orgId: org.id, name: 'Globex', nameKey: 'globex', ownerId: user.id })
    .returning();
  if (!account) throw new Error('no account');
  return { org, workspace, user, account };
}

async function seedChannel(orgId: string, workspaceId: string) {
  const [conversation] = await db
    .insert(conversations)
    .values({ orgId, platform: 'slack', externalId: `C${randomUUID()}`, workspaceId, kind: 'channel' })
    .returning();
  if (!conversation) throw new Error('no conversation');
  return conversation;
}

function delivery(orgId: string, dedupeKey: string, dueAt = T0) {
  return {
    orgId,
    kind: 'story_post',
    target: { type: 'conversation', platform: 'slack', key: 'C1' } satisfies DeliveryTarget,
    payload: { storyId: 'x' },
    dueAt,
    nextAttemptAt: dueAt,
    dedupeKey,
  };
}

describe('connection', () => {
  it('answers a ping', async () => {
    await expect(handle.ping()).resolves.toBeUndefined();
  });

  it('runs on the driver DATABASE_URL asks for', () => {
    expect(handle.driver).toBe(onPostgres ? 'postgres' : 'pglite');
  });
});

describe('migrations', () => {
  it('can run again on a migrated database and change nothing', async () => {
    const before = await appliedMigrations(db);
    await migrateDb(handle);
    await migrateDb(handle);
    expect(await appliedMigrations(db)).toEqual(before);
    expect(before).toBeGreaterThan(0);
  });

  it('lets two instances migrate an empty database at once', async () => {
    const empty = await openEmptyTestDb();
    try {
      await Promise.all([migrateDb(empty), migrateDb(empty)]);
      expect(await appliedMigrations(empty.db)).toBe(await appliedMigrations(db));
      await empty.db.insert(orgs).values({ name: 'works' });
    } finally {
      await empty.close();
    }
  });
});

describe('unique keys', () => {
  it('allow one workspace per platform and external id', async () => {
    const { org, workspace } = await seedOrg();
    await expectUniqueViolation(
      db.insert(workspaces).values({ orgId: org.id, platform: 'slack', externalId: workspace.externalId, name: 'again' }),
    );
    await db
      .insert(workspaces)
      .values({ orgId: org.id, platform: 'teams', externalId: workspace.externalId, name: 'same id, other platform' });
  });

  it('allow one account per name key within an org', async () => {
    const { org } = await seedOrg();
    const other = await seedOrg();
    await expectUniqueViolation(db.insert(accounts).values({ orgId: org.id, name: 'GLOBEX ', nameKey: 'globex' }));
    expect(other.account.nameKey).toBe('globex');
  });

  it('make a second delivery with the same dedupe key a no-op', async () => {
    const { org } = await seedOrg();
    const other = await seedOrg();
    const enqueue = (orgId: string) =>
      db
        .insert(deliveries)
        .values(delivery(orgId, 'story:1:channel:C1'))
        .onConflictDoNothing({ target: [deliveries.orgId, deliveries.dedupeKey] })
        .returning({ id: deliveries.id });

    expect(await enqueue(org.id)).toHaveLength(1);
    expect(await enqueue(org.id)).toEqual([]);
    expect(await enqueue(other.org.id)).toHaveLength(1);
    const [row] = await db.select({ n: count() }).from(deliveries).where(eq(deliveries.orgId, org.id));
    expect(row?.n).toBe(1);
  });

  it('never post one story twice in a channel', async () => {
    const { org, workspace, user, account } = await seedOrg();
    const [note] = await db
      .insert(notes)
      .values({ orgId: org.id, authorId: user.id, accountId: account.id, metAt: T0, rawText: 'met Globex' })
      .returning();
    const [story] = await db
      .insert(stories)
      .values({ orgId: org.id, noteId: note!.id, title: 'T', body: 'B', source: 'template' })
      .returning();
    const channel = await seedChannel(org.id, workspace.id);
    const otherChannel = await seedChannel(org.id, workspace.id);
    const post = (conversationId: string) =>
      db.insert(storyPosts).values({ orgId: org.id, storyId: story!.id, conversationId, accountId: account.id });

    await post(channel.id);
    await expectUniqueViolation(post(channel.id));
    await post(otherChannel.id);
  });

  it("keep a story's author_id equal to its note's author, whoever writes either", async () => {
    const { org, workspace, user, account } = await seedOrg();
    const [other] = await db
      .insert(users)
      .values({ orgId: org.id, platform: 'slack', externalId: `U${randomUUID()}`, workspaceId: workspace.id, displayName: 'Ben' })
      .returning();
    const note = async (authorId: string) =>
      (await db.insert(notes).values({ orgId: org.id, authorId, accountId: account.id, metAt: T0, rawText: 'met Globex' }).returning())[0]!;
    const [first, second] = [await note(user.id), await note(other!.id)];
    // Written without an author, or with a wrong one: the database sets the note's.
    const [story] = await db.insert(stories).values({ orgId: org.id, noteId: first.id, title: 'T', body: 'B', source: 'template' }).returning();
    const [forged] = await db
      .insert(stories)
      .values({ orgId: org.id, noteId: first.id, authorId: other!.id, title: 'T2', body: 'B', source: 'template' })
      .returning();
    expect([story!.authorId, forged!.authorId]).toEqual([user.id, user.id]);
    const authorOf = async (id: string) => (await db.select({ a: stories.authorId }).from(stories).where(eq(stories.id, id)))[0]!.a;
    // A story moved to another note, and a note given to someone else, carry the author along.
    await db.update(stories).set({ noteId: second.id }).where(eq(stories.id, story!.id));
    expect(await authorOf(story!.id)).toBe(other!.id);
    await db.update(notes).set({ authorId: other!.id }).where(eq(notes.id, first.id));
    expect(await authorOf(forged!.id)).toBe(other!.id);
  });

  it('take a note once per idempotency key, and any number without one', async () => {
    const { org, user, account } = await seedOrg();
    const note = (idempotencyKey: string | null) =>
      db.insert(notes).values({
        orgId: org.id,
        authorId: user.id,
        accountId: account.id,
        rawText: 'met Globex',
        idempotencyKey,
      });

    await note('slack:trigger:1');
    await expectUniqueViolation(note('slack:trigger:1'));
    await note(null);
    await note(null);
  });
});

describe('delivery claims', () => {
  const claimNext = (tx: Pick<Database, 'select'>, orgId: string) =>
    tx
      .select({ id: deliveries.id })
      .from(deliveries)
      .where(and(eq(deliveries.orgId, orgId), eq(deliveries.status, 'pending'), lte(deliveries.nextAttemptAt, T0)))
      .orderBy(asc(deliveries.nextAttemptAt))
      .limit(1)
      .for('update', { skipLocked: true });

  it('claim a due row with FOR UPDATE SKIP LOCKED', async () => {
    const { org } = await seedOrg();
    const [due] = await db
      .insert(deliveries)
      .values([delivery(org.id, 'a'), delivery(org.id, 'later', new Date(T0.getTime() + 60_000))])
      .returning({ id: deliveries.id });

    const claimed = await db.transaction((tx) => claimNext(tx, org.id));
    expect(claimed).toEqual([{ id: due!.id }]);
  });

  // PGlite is a single session: a second transaction waits for the first, so
  // concurrent claims can only be shown on Postgres.
  it.runIf(onPostgres)('give two concurrent transactions different rows', async () => {
    const { org } = await seedOrg();
    await db.insert(deliveries).values([delivery(org.id, 'a'), delivery(org.id, 'b')]);

    let firstHasClaimed!: () => void;
    const claimedSignal = new Promise<void>((resolve) => (firstHasClaimed = resolve));
    let releaseFirst!: () => void;
    const released = new Promise<void>((resolve) => (releaseFirst = resolve));

    const first = db.transaction(async (tx) => {
      const rows = await claimNext(tx, org.id);
      firstHasClaimed();
      await released;
      return rows;
    });
    await claimedSignal;
    const second = await db.transaction((tx) => claimNext(tx, org.id));
    releaseFirst();
    const firstRows = await first;

    expect(firstRows).toHaveLength(1);
    expect(second).toHaveLength(1);
    expect(second[0]!.id).not.toBe(firstRows[0]!.id);
  });
});

describe('column types', () => {
  it('round-trip jsonb, text arrays and timestamps', async () => {
    const { org } = await seedOrg();
    const payload = {
      title: 'Zoë said “ship it” 🚀',
      blocks: [{ type: 'section', text: 'a\nb' }, null],
      count: 3,
      ratio: 0.25,
      flag: false,
      nested: { deep: { list: ['x', 'y'] } },
    };
    const [inserted] = await db
      .insert(deliveries)
      .values({ ...delivery(org.id, 'json'), payload })
      .returning({ id: deliveries.id });
    const [row] = await db.select().from(deliveries).where(eq(deliveries.id, inserted!.id));

    expect(row?.payload).toEqual(payload);
    expect(row?.target).toEqual({ type: 'conversation', platform: 'slack', key: 'C1' });
    expect(row?.dueAt).toEqual(T0);
    expect(row?.status).toBe('pending');

    const [saved] = await db
      .update(orgs)
      .set({ settings: { goingColdDays: 45 } })
      .where(eq(orgs.id, org.id))
      .returning();
    expect(saved?.settings).toEqual({ goingColdDays: 45 });

    // Written and read as Postgres array literals by drizzle on both drivers (postgres.js fetches no array types).
    const tags = ['fintech', 'q3, renewal', 'say "hi"', 'back\\slash', '{braces}', 'NULL', '', ' padded ', 'Zoë 🚀'];
    const [account] = await db.insert(accounts).values({ orgId: org.id, name: 'Initech', nameKey: 'initech', tags }).returning();
    expect(account?.tags).toEqual(tags);
    const [read] = await db.select({ tags: accounts.tags }).from(accounts).where(eq(accounts.id, account!.id));
    expect(read?.tags).toEqual(tags);
    const [none] = await db.insert(accounts).values({ orgId: org.id, name: 'Hooli', nameKey: 'hooli' }).returning({ tags: accounts.tags });
    expect(none?.tags).toEqual([]);
  });

  it('default org settings to an empty object', async () => {
    const { org } = await seedOrg();
    expect(org.settings).toEqual({});
    expect(org.createdAt).toBeInstanceOf(Date);
  });
});
