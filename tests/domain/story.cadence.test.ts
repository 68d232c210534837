import { describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { isOnDay } from '../../src/domain/schedule.js';
import { cadenceWords, shouldSlowDown, shouldSpeedUp, storyDays } from '../../src/domain/story.cadence.js';

const quiet = { engaged: false };
const liked = { engaged: true };
const week = ['2027-01-04', '2027-01-05', '2027-01-06', '2027-01-07', '2027-01-08', '2027-01-09', '2027-01-10'].map((d) => DateTime.fromISO(d, { zone: 'UTC' }));
const daysOf = (level: number, subscribed: 'weekdays' | 'daily' = 'weekdays') => week.filter((d) => isOnDay(d, storyDays(subscribed, level))).map((d) => d.toFormat('ccc'));

describe('story cadence', () => {
  it('steps weekdays → Mon/Wed/Fri → weekly', () => {
    expect(daysOf(0)).toEqual(['Mon', 'Tue', 'Wed', 'Thu', 'Fri']);
    expect(daysOf(0, 'daily')).toHaveLength(7);
    expect(daysOf(1)).toEqual(['Mon', 'Wed', 'Fri']);
    expect(daysOf(2)).toEqual(['Mon']);
    expect([0, 1, 2].map((l) => cadenceWords('weekdays', l))).toEqual(['every weekday', 'on Mondays, Wednesdays and Fridays', 'once a week, on Mondays']);
  });

  it('slows down after five quiet stories in a row, never below weekly', () => {
    expect(shouldSlowDown(0, [quiet, quiet, quiet, quiet])).toBe(false);
    expect(shouldSlowDown(0, [quiet, quiet, quiet, quiet, quiet])).toBe(true);
    expect(shouldSlowDown(0, [quiet, quiet, liked, quiet, quiet])).toBe(false);
    expect(shouldSlowDown(1, [quiet, quiet, quiet, quiet, quiet, liked])).toBe(true);
    expect(shouldSlowDown(2, [quiet, quiet, quiet, quiet, quiet])).toBe(false);
  });

  it('speeds up for engagement with a story posted at the slower level only', () => {
    const changed = new Date('2027-01-11T09:00:00Z');
    expect(shouldSpeedUp(1, new Date('2027-01-11T14:30:00Z'), changed)).toBe(true);
    expect(shouldSpeedUp(1, new Date('2027-01-08T14:30:00Z'), changed)).toBe(false);
    expect(shouldSpeedUp(0, new Date('2027-01-11T14:30:00Z'), changed)).toBe(false);
  });
});
