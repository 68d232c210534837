import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { localDate } from '../../src/domain/local.date.js';

describe('the calendar date of an instant in a zone', () => {
  it('is the date there, not in UTC, on either side of midnight and of a DST change', () => {
    expect(localDate(new Date('2026-12-03T23:30:00Z'), 'Europe/Berlin')).toBe('2026-12-04');
    expect(localDate(new Date('2026-12-03T23:30:00Z'), 'UTC')).toBe('2026-12-03');
    expect(localDate(new Date('2026-12-04T07:59:00Z'), 'America/Los_Angeles')).toBe('2026-12-03');
    // Berlin leaves summer time at 01:00 UTC on 25 Oct 2026: 22:30 UTC is past midnight there before, not after.
    expect(localDate(new Date('2026-10-24T22:30:00Z'), 'Europe/Berlin')).toBe('2026-10-25');
    expect(localDate(new Date('2026-10-25T22:30:00Z'), 'Europe/Berlin')).toBe('2026-10-25');
    // +13:45 in the Chatham Islands' summer.
    expect(localDate(new Date('2026-12-03T10:15:00Z'), 'Pacific/Chatham')).toBe('2026-12-04');
  });

  it("says what luxon says, every three hours over a year in zones with odd offsets, and takes luxon's own zone names", () => {
    for (const zone of ['Europe/Berlin', 'Asia/Kolkata', 'Australia/Lord_Howe', 'America/St_Johns', 'Etc/GMT+12']) {
      for (let t = Date.UTC(2026, 0, 1); t < Date.UTC(2027, 0, 1); t += 3 * 3_600_000 + 60_000) {
        const at = new Date(t);
        expect(localDate(at, zone)).toBe(DateTime.fromJSDate(at, { zone }).toISODate());
      }
    }
    // 'UTC+3' is luxon's fixed-offset name, not Intl's.
    expect(localDate(new Date('2026-12-03T22:30:00Z'), 'UTC+3')).toBe('2026-12-04');
  });

  it('asked again and again across midnight, second by second, turns the date at the minute it turns, in each zone alike', () => {
    const midnightBerlin = Date.UTC(2026, 11, 3, 23, 0, 0);
    for (let t = midnightBerlin - 90_000; t < midnightBerlin + 90_000; t += 1_000) {
      const at = new Date(t);
      expect(localDate(at, 'Europe/Berlin')).toBe(t < midnightBerlin ? '2026-12-03' : '2026-12-04');
      expect(localDate(at, 'UTC')).toBe('2026-12-03');
    }
    // A minute asked before, after another: the date of that minute, not of the last one asked.
    expect(localDate(new Date(midnightBerlin - 1_000), 'Europe/Berlin')).toBe('2026-12-03');
    expect(localDate(new Date(midnightBerlin + 1_000), 'Europe/Berlin')).toBe('2026-12-04');
  });
});
