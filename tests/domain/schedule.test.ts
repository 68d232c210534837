import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { addWorkingDays, dueSlot, nextSlot, parseLocalTime } from '../../src/domain/schedule.js';

const HOUR = 3_600_000;
const at = (iso: string) => new Date(iso);

describe('dueSlot', () => {
  const ny = { time: '09:30', timezone: 'America/New_York', days: 'weekdays' as const };

  it('is due at 09:30 local, not before, and stays due within the late window only', () => {
    expect(dueSlot(at('2027-01-04T14:29:00Z'), ny, 4 * HOUR)).toBeUndefined();
    expect(dueSlot(at('2027-01-04T14:30:00Z'), ny, 4 * HOUR)).toEqual({ localDate: '2027-01-04', dueAt: at('2027-01-04T14:30:00Z') });
    expect(dueSlot(at('2027-01-04T18:29:00Z'), ny, 4 * HOUR)?.localDate).toBe('2027-01-04');
    expect(dueSlot(at('2027-01-04T18:30:00Z'), ny, 4 * HOUR)).toBeUndefined();
  });

  it('skips weekends for weekdays, not for daily', () => {
    expect(dueSlot(at('2027-01-09T14:30:00Z'), ny, HOUR)).toBeUndefined(); // Saturday
    expect(dueSlot(at('2027-01-09T14:30:00Z'), { ...ny, days: 'daily' }, HOUR)?.localDate).toBe('2027-01-09');
  });

  it('follows both 2027 DST changes in New York (UTC-5 → UTC-4 on 14 March, back on 7 November)', () => {
    expect(dueSlot(at('2027-03-12T14:30:00Z'), ny, HOUR)?.localDate).toBe('2027-03-12');
    expect(dueSlot(at('2027-03-15T13:30:00Z'), ny, HOUR)?.localDate).toBe('2027-03-15');
    expect(dueSlot(at('2027-03-15T14:30:00Z'), ny, 30 * 60_000)).toBeUndefined();
    expect(dueSlot(at('2027-11-08T14:30:00Z'), ny, HOUR)?.localDate).toBe('2027-11-08');
  });

  it('handles Lord Howe’s 30-minute DST shift', () => {
    const lh = { time: '09:30', timezone: 'Australia/Lord_Howe', days: 'weekdays' as const };
    // Standard time UTC+10:30 in July; daylight time UTC+11 in January.
    expect(dueSlot(at('2027-07-05T23:00:00Z'), lh, HOUR)?.dueAt).toEqual(at('2027-07-05T23:00:00Z'));
    expect(dueSlot(at('2027-01-04T22:30:00Z'), lh, HOUR)?.dueAt).toEqual(at('2027-01-04T22:30:00Z'));
  });

  it('supports one weekday for weekly schedules', () => {
    const monday = { time: '09:00', timezone: 'Europe/Berlin', days: { weekday: 1 } };
    expect(dueSlot(at('2027-01-04T08:00:00Z'), monday, HOUR)?.localDate).toBe('2027-01-04');
    expect(dueSlot(at('2027-01-05T08:00:00Z'), monday, HOUR)).toBeUndefined();
  });

  it('moves a local time skipped by DST forward by the gap', () => {
    const early = { time: '02:30', timezone: 'Europe/Berlin', days: 'daily' as const };
    // 28 March 2027: clocks jump from 02:00 to 03:00 in Berlin.
    expect(dueSlot(at('2027-03-28T01:30:00Z'), early, HOUR)?.dueAt).toEqual(at('2027-03-28T01:30:00Z'));
  });
});

describe('nextSlot', () => {
  it('gives the next working day after a Friday post', () => {
    const spec = { time: '09:30', timezone: 'Asia/Kolkata', days: 'weekdays' as const };
    const next = nextSlot(at('2027-01-08T04:00:00Z'), spec); // Friday 09:30 IST is 04:00Z
    expect(next.localDate).toBe('2027-01-11');
    expect(DateTime.fromJSDate(next.dueAt, { zone: 'Asia/Kolkata' }).toFormat('ccc HH:mm')).toBe('Mon 09:30');
  });
});

describe('working days', () => {
  it('counts three working days over a weekend', () => {
    expect(addWorkingDays(at('2027-01-07T10:00:00Z'), 3, 'UTC')).toEqual(at('2027-01-12T10:00:00Z'));
  });
});

describe('parseLocalTime', () => {
  it.each([
    ['9:30', '09:30'],
    ['09:30', '09:30'],
    ['17.05', '17:05'],
    ['23:59', '23:59'],
    ['24:00', undefined],
    ['9', undefined],
    ['9:3', undefined],
  ])('%s → %s', (input, expected) => {
    expect(parseLocalTime(input)).toBe(expected);
  });
});
