import { describe, expect, it } from 'vitest';
import { createPacer, DEFAULT_PACING, paceKeys } from '../../src/scheduler/pacer.js';

function pacerAt(start: string) {
  let now = Date.parse(start);
  const waits: number[] = [];
  const pacer = createPacer({
    clock: { now: () => new Date(now) },
    sleep: async (ms) => {
      waits.push(ms);
      now += ms;
    },
  });
  return { pacer, waits, set: (at: string) => (now = Date.parse(at)) };
}

describe('pacer', () => {
  it('puts a conversation and its workspace (or tenant) in separate buckets; a DM is its own conversation', () => {
    expect(paceKeys({ type: 'conversation', platform: 'slack', key: 'C1' }, DEFAULT_PACING)).toEqual([
      { key: 'slack:c:C1', perSecond: 1 },
      { key: 'slack', perSecond: 5 },
    ]);
    expect(paceKeys({ type: 'user', platform: 'teams', userId: '29:1abc' }, DEFAULT_PACING)).toEqual([
      { key: 'teams:u:29:1abc', perSecond: 7 },
      { key: 'teams', perSecond: 50 },
    ]);
  });

  it('a hold (after a 429) makes waiting sends defer to its end instead of sending', async () => {
    const { pacer } = pacerAt('2027-03-01T09:30:00Z');
    const keys = paceKeys({ type: 'conversation', platform: 'slack', key: 'C1' }, DEFAULT_PACING);
    expect(await pacer.wait(keys)).toBeUndefined();
    pacer.hold(keys.slice(0, 1), new Date('2027-03-01T09:30:30Z'));
    expect(await pacer.wait(keys)).toEqual(new Date('2027-03-01T09:30:30Z'));
    const other = paceKeys({ type: 'conversation', platform: 'slack', key: 'C2' }, DEFAULT_PACING);
    expect(await pacer.wait(other)).toBeUndefined();
  });

  it('forgets reservations left far ahead by a clock that went back, rather than sleeping for days', async () => {
    const p = pacerAt('2027-06-01T09:30:00Z');
    const keys = paceKeys({ type: 'conversation', platform: 'slack', key: 'C1' }, DEFAULT_PACING);
    await p.pacer.wait(keys);
    p.set('2027-03-01T09:30:00Z');
    expect(await p.pacer.wait(keys)).toBeUndefined();
    expect(p.waits).toEqual([]);
  });
});
