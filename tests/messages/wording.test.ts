import { describe, expect, it } from 'vitest';
import { andList, sayAgo, sayDate } from '../../src/messages/wording.js';
import { withChange } from '../../src/messages/digest.message.js';

describe('dates and figures as people say them', () => {
  it.each([
    ['2026-11-27', undefined, 'Fri 27 Nov'],
    ['2026-11-27', '2026-12-06', 'Fri 27 Nov'],
    ['2025-03-03', '2026-12-06', 'Mon 3 Mar 2025'],
    ['not a date', undefined, 'not a date'],
  ])('sayDate(%j, today %j) is %j', (iso, today, said) => {
    expect(sayDate(iso, today)).toBe(said);
  });

  it.each([
    ['2026-12-06', 'today'],
    ['2026-12-05', 'yesterday'],
    ['2026-11-27', '9 days ago'],
    ['2026-11-15', '3 weeks ago'],
    ['2026-08-01', '4 months ago'],
    ['2026-12-08', 'in 2 days'],
  ])('%s, seen on 6 Dec, was %s', (iso, said) => {
    expect(sayAgo(iso, '2026-12-06')).toBe(said);
  });

  it('joins names with "and", and shows a change as direction and size', () => {
    expect([andList(['Rosa Diaz']), andList(['Rosa Diaz', 'Tom Okafor']), andList(['A', 'B', 'C'])]).toEqual(['Rosa Diaz', 'Rosa Diaz and Tom Okafor', 'A, B and C']);
    expect([withChange({ now: 3, last: 1 }), withChange({ now: 2, last: 3 }), withChange({ now: 7, last: 7 })]).toEqual(['3 ↑2', '2 ↓1', '7']);
  });
});
