import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../src/db/client.js';
import { paceBuckets } from '../../src/db/schema.js';
import { createPacer, DEFAULT_PACING, paceKeys } from '../../src/scheduler/pacer.js';
import { openTestDb } from '../support/test-db.js';
import { newOrg } from './harness.js';

let handle: DbHandle;
beforeAll(async () => {
  handle = await openTestDb();
});
afterAll(() => handle?.close());

/** A manual clock shared by several pacers (instances): a wait moves it to the slot, as time would. */
function timeAt(start: string) {
  let now = Date.parse(start);
  const waits: number[] = [];
  return {
    clock: { now: () => new Date(now) },
    sleep: async (ms: number) => {
      waits.push(ms);
      now = Math.max(now, now + ms);
    },
    waits,
    set: (at: string) => void (now = Date.parse(at)),
    at: () => now,
  };
}

const C1 = paceKeys({ type: 'conversation', platform: 'slack', key: 'C1' }, DEFAULT_PACING);

describe('pacer (shared through the database)', () => {
  it('puts a conversation and its workspace (or tenant) in separate buckets; a DM is its own conversation', () => {
    expect(paceKeys({ type: 'conversation', platform: 'slack', key: 'C1' }, DEFAULT_PACING)).toEqual([
      { key: 'slack:c:C1', perSecond: 1 / 1.2 },
      { key: 'slack', perSecond: 5 },
    ]);
    expect(paceKeys({ type: 'user', platform: 'teams', userId: '29:1abc' }, DEFAULT_PACING)).toEqual([
      { key: 'teams:u:29:1abc', perSecond: 7 },
      { key: 'teams', perSecond: 50 },
    ]);
  });

  it('gives three instances one budget: their sends to one channel are 1.2 s apart, and each organisation has its own', async () => {
    const orgId = await newOrg(handle.db);
    const other = await newOrg(handle.db);
    const time = timeAt('2027-03-01T09:30:00Z');
    const instances = [1, 2, 3].map(() => createPacer({ db: handle.db, clock: time.clock, sleep: time.sleep }));
    const sentAt: number[] = [];
    for (const pacer of [...instances, ...instances]) {
      expect(await pacer.wait(orgId, C1)).toBeUndefined();
      sentAt.push(time.at());
    }
    const t0 = sentAt[0]!;
    expect(sentAt.map((t) => t - t0)).toEqual([0, 1200, 2400, 3600, 4800, 6000]);
    // Another organisation's channel of the same id is not held back by this one's.
    const before = time.at();
    expect(await instances[0]!.wait(other, C1)).toBeUndefined();
    expect(time.at()).toBe(before);
  });

  it('spaces different channels of one workspace by its ceiling (5 a second on Slack), across instances', async () => {
    const orgId = await newOrg(handle.db);
    const time = timeAt('2027-03-01T09:30:00Z');
    const [a, b] = [1, 2].map(() => createPacer({ db: handle.db, clock: time.clock, sleep: time.sleep }));
    const sentAt: number[] = [];
    for (const [i, pacer] of [a, b, a, b].entries()) {
      await pacer!.wait(orgId, paceKeys({ type: 'conversation', platform: 'slack', key: `CW${i}` }, DEFAULT_PACING));
      sentAt.push(time.at());
    }
    expect(sentAt.map((t) => t - sentAt[0]!)).toEqual([0, 200, 400, 600]);
  });

  it('a hold (after a 429) seen by one instance makes the others defer to its end instead of sending', async () => {
    const orgId = await newOrg(handle.db);
    const time = timeAt('2027-03-01T09:30:00Z');
    const [a, b] = [1, 2].map(() => createPacer({ db: handle.db, clock: time.clock, sleep: time.sleep }));
    expect(await a!.wait(orgId, C1)).toBeUndefined();
    await a!.hold(orgId, C1.slice(0, 1), new Date('2027-03-01T09:30:30Z'));
    expect(await b!.wait(orgId, C1)).toEqual(new Date('2027-03-01T09:30:30Z'));
    expect(await b!.wait(orgId, paceKeys({ type: 'conversation', platform: 'slack', key: 'C2' }, DEFAULT_PACING))).toBeUndefined();
  });

  it('forgets reservations left far ahead by a clock that went back, rather than sleeping for days', async () => {
    const orgId = await newOrg(handle.db);
    const time = timeAt('2027-06-01T09:30:00Z');
    const pacer = createPacer({ db: handle.db, clock: time.clock, sleep: time.sleep });
    await pacer.wait(orgId, C1);
    time.set('2027-03-01T09:30:00Z');
    expect(await pacer.wait(orgId, C1)).toBeUndefined();
    expect(time.waits).toEqual([]);
  });

  it('sweeps the buckets idle an hour, of every organisation, and keeps busy and held ones', async () => {
    const [a, b] = [await newOrg(handle.db), await newOrg(handle.db)];
    const time = timeAt('2027-04-01T09:00:00Z');
    const pacer = createPacer({ db: handle.db, clock: time.clock, sleep: time.sleep });
    await pacer.wait(a, C1);
    await pacer.wait(b, C1);
    const C2 = paceKeys({ type: 'conversation', platform: 'slack', key: 'C2' }, DEFAULT_PACING);
    await pacer.hold(a, C2.slice(0, 1), new Date('2027-04-01T12:00:00Z'));
    time.set('2027-04-01T11:00:00Z');
    // Still sending in b: its workspace bucket is busy again, its channel C3 new.
    await pacer.wait(b, paceKeys({ type: 'conversation', platform: 'slack', key: 'C3' }, DEFAULT_PACING));
    const keysOf = async (orgId: string) => (await handle.db.select({ key: paceBuckets.key }).from(paceBuckets).where(eq(paceBuckets.orgId, orgId))).map((r) => r.key).sort();

    expect(await pacer.sweep()).toBeGreaterThanOrEqual(3);
    expect(await keysOf(a)).toEqual(['slack:c:C2']);
    expect(await keysOf(b)).toEqual(['slack', 'slack:c:C3']);
    // At most once a minute per instance.
    time.set('2027-04-01T11:00:30Z');
    await createPacer({ db: handle.db, clock: { now: () => new Date('2027-04-01T09:00:00Z') }, sleep: time.sleep }).wait(a, C1);
    expect(await pacer.sweep()).toBe(0);
    time.set('2027-04-01T11:01:00Z');
    expect(await pacer.sweep()).toBeGreaterThanOrEqual(2);
    expect(await keysOf(a)).toEqual(['slack:c:C2']);
  });
});
