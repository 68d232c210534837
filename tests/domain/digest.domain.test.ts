import { describe, expect, it } from 'vitest';
import { parseDigestSchedule, parseMentions, parseWeekday } from '../../src/domain/digest.parser.js';
import { painKey, topPains } from '../../src/domain/digest.pains.js';
import { sparkline } from '../../src/domain/digest.sparkline.js';
import { daysBefore, digestWindow, workingDaysBefore } from '../../src/domain/digest.week.js';

describe('sparkline', () => {
  it('scales to the largest value, with ▁ only for zero', () => {
    expect(sparkline([0, 1, 2, 3, 4, 5, 6, 7])).toBe('▁▂▃▄▅▆▇█');
    expect(sparkline([0, 0, 14, 7, 1, 0, 28, 3])).toBe('▁▁▅▃▂▁█▂');
  });
  it('draws a flat line for all zeros and full bars for equal values', () => {
    expect(sparkline([0, 0, 0])).toBe('▁▁▁');
    expect(sparkline([5, 5])).toBe('██');
  });
});

describe('pain grouping', () => {
  it('ignores case, punctuation and spacing', () => {
    expect(painKey('Manual reconciliation!')).toBe(painKey('manual-reconciliation'));
    expect(painKey('SSO set-up')).toBe(painKey('sso setup'));
    expect(painKey('Über-slow  exports')).toBe('überslowexports');
  });
  it('ranks groups by this week, then last week, each shown in its most used spelling', () => {
    const top = topPains(
      [
        { text: 'Slow exports', now: 1, last: 0 },
        { text: 'slow exports.', now: 2, last: 1 },
        { text: 'SSO setup', now: 3, last: 0 },
        { text: 'Audit gaps', now: 3, last: 2 },
        { text: 'Old pain', now: 0, last: 9 },
        { text: '!!!', now: 4, last: 0 },
      ],
      5,
    );
    expect(top).toEqual([
      { label: 'Audit gaps', value: { now: 3, last: 2 } },
      { label: 'slow exports.', value: { now: 3, last: 1 } },
      { label: 'SSO setup', value: { now: 3, last: 0 } },
    ]);
  });
});

describe('digest schedule', () => {
  it('defaults to Monday 09:00 and reads a day and a time in either order', () => {
    expect(parseDigestSchedule('')).toEqual({ weekday: 1, time: '09:00' });
    expect(parseDigestSchedule('friday 16:30')).toEqual({ weekday: 5, time: '16:30' });
    expect(parseDigestSchedule('7:05 Tue')).toEqual({ weekday: 2, time: '07:05' });
    expect(parseDigestSchedule('SUNDAYS')).toEqual({ weekday: 7, time: '09:00' });
  });
  it('names the word it could not read', () => {
    expect(parseDigestSchedule('funday 09:00')).toEqual({ problem: 'unknown_day', word: 'funday' });
    expect(parseDigestSchedule('monday 25:00')).toEqual({ problem: 'bad_time', word: '25:00' });
    expect(parseDigestSchedule('monday 9:75')).toEqual({ problem: 'bad_time', word: '9:75' });
    expect(parseDigestSchedule('monday tuesday')).toEqual({ problem: 'twice', word: 'tuesday' });
  });
  it('takes three letters or more of a day name', () => {
    expect(parseWeekday('thu')).toBe(4);
    expect(parseWeekday('thurs')).toBe(4);
    expect(parseWeekday('th')).toBeUndefined();
  });
});

describe('mentions', () => {
  it('reads Slack and Teams-normalised mentions, once each, and what is left', () => {
    expect(parseMentions('<@U1> <@29:1sam|Sam Lee>, and <@U1|dup> sam')).toEqual({
      mentions: [{ userId: 'U1' }, { userId: '29:1sam', name: 'Sam Lee' }],
      rest: 'sam',
    });
    expect(parseMentions('')).toEqual({ mentions: [], rest: '' });
  });
});

describe('digest weeks', () => {
  it('steps back whole local days, keeping the wall time across a DST change', () => {
    const w = digestWindow(new Date('2026-11-02T08:00:00Z'), 'Europe/Berlin');
    expect(w.bounds.slice(0, 3).map((d) => d.toISOString())).toEqual([
      '2026-11-02T08:00:00.000Z',
      '2026-10-26T08:00:00.000Z',
      '2026-10-19T07:00:00.000Z',
    ]);
    expect(daysBefore(new Date('2026-11-02T08:00:00Z'), 30, 'Europe/Berlin').toISOString()).toBe('2026-10-03T07:00:00.000Z');
  });
  it('counts working days back over weekends', () => {
    // Mon 09:00 − 3 → Wed 09:00 the week before; Wed − 3 → Fri before the weekend.
    expect(workingDaysBefore(new Date('2026-11-30T08:00:00Z'), 3, 'Europe/Berlin').toISOString()).toBe('2026-11-25T08:00:00.000Z');
    expect(workingDaysBefore(new Date('2026-11-25T08:00:00Z'), 3, 'Europe/Berlin').toISOString()).toBe('2026-11-20T08:00:00.000Z');
  });
});
