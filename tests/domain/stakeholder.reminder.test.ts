import { describe, expect, it } from 'vitest';
import { coldSpell, goingColdDays, onWorkingDay, reminderDueAt, snoozeUntil } from '../../src/domain/stakeholder.reminder.js';

const at = (iso: string) => new Date(iso);
const open = { status: 'open' as const, snoozedUntil: null };

describe('reminderDueAt', () => {
  it('is due at once for a new change on a working day, and on Monday 09:00 local for one made at a weekend', () => {
    expect(reminderDueAt({ ...open, createdAt: at('2026-11-26T10:00:00Z'), remindCount: 0, lastRemindedAt: null }, 'UTC')).toEqual(at('2026-11-26T10:00:00Z'));
    // Saturday in New York → Monday 09:00 New York (14:00 UTC).
    expect(reminderDueAt({ ...open, createdAt: at('2026-11-28T15:00:00Z'), remindCount: 0, lastRemindedAt: null }, 'America/New_York')).toEqual(at('2026-11-30T14:00:00Z'));
  });

  it('comes back three working days after the last round, counted in the recipient zone', () => {
    const s = { ...open, createdAt: at('2026-11-26T10:00:00Z'), remindCount: 1 };
    expect(reminderDueAt({ ...s, lastRemindedAt: at('2026-11-26T10:00:00Z') }, 'UTC')).toEqual(at('2026-12-01T10:00:00Z'));
    // Friday 23:30 UTC is already Saturday in Tokyo: Mon, Tue, Wed there.
    expect(reminderDueAt({ ...s, lastRemindedAt: at('2026-11-27T23:30:00Z') }, 'Asia/Tokyo')).toEqual(at('2026-12-01T23:30:00Z'));
  });

  it('waits for the end of a snooze and never fires for a done change', () => {
    const base = { createdAt: at('2026-11-26T10:00:00Z'), remindCount: 1, lastRemindedAt: at('2026-11-26T10:00:00Z') };
    expect(reminderDueAt({ ...base, status: 'snoozed', snoozedUntil: at('2026-11-27T10:00:00Z') }, 'UTC')).toEqual(at('2026-11-27T10:00:00Z'));
    expect(reminderDueAt({ ...base, status: 'done', snoozedUntil: null }, 'UTC')).toBeUndefined();
  });
});

describe('snoozeUntil and onWorkingDay', () => {
  it('snoozes a local day across a DST change, and off a weekend', () => {
    // Fri 27 Mar 2026 10:00 Berlin (CET) + 1 day is Saturday → Monday 09:00 CEST (summer time began on Sunday).
    expect(snoozeUntil(at('2026-03-27T09:00:00Z'), '1d', 'Europe/Berlin')).toEqual(at('2026-03-30T07:00:00Z'));
    // Mon 23 Mar 10:00 CET + 1 week = Mon 30 Mar 10:00 CEST: a local week, not 168 hours.
    expect(snoozeUntil(at('2026-03-23T09:00:00Z'), '1w', 'Europe/Berlin')).toEqual(at('2026-03-30T08:00:00Z'));
    expect(onWorkingDay(at('2026-11-25T10:00:00Z'), 'UTC')).toEqual(at('2026-11-25T10:00:00Z'));
  });
});

describe('going cold', () => {
  it('names a spell by the last contact once the org threshold has passed', () => {
    expect(coldSpell(at('2026-01-01T00:00:00Z'), at('2026-02-14T23:59:59Z'), 45)).toBeUndefined();
    expect(coldSpell(at('2026-01-01T00:00:00Z'), at('2026-02-15T00:00:00Z'), 45)).toBe('2026-01-01T00:00:00.000Z');
    expect(goingColdDays({ goingColdDays: 30 })).toBe(30);
    expect(goingColdDays({ goingColdDays: -3 })).toBe(45);
    expect(goingColdDays({})).toBe(45);
  });
});
