import { describe, expect, it } from 'vitest';
import { canonicalZone, normaliseTags, parseSubscribe } from '../../src/domain/story.subscription.js';

describe('parseSubscribe', () => {
  it('takes nothing at all: every part has a default elsewhere', () => {
    expect(parseSubscribe('')).toEqual({ ok: true, value: { tags: [] } });
  });

  it('reads time, zone, days and tags in any order', () => {
    expect(parseSubscribe('daily europe/berlin 8:15 tags: Payments, #infra payments')).toEqual({
      ok: true,
      value: { time: '08:15', timezone: 'Europe/Berlin', days: 'daily', tags: ['payments', 'infra'] },
    });
    expect(parseSubscribe('weekdays 14:00 Asia/Kolkata')).toEqual({ ok: true, value: { time: '14:00', timezone: 'Asia/Kolkata', days: 'weekdays', tags: [] } });
    expect(parseSubscribe('UTC')).toEqual({ ok: true, value: { timezone: 'UTC', tags: [] } });
  });

  it.each([
    ['25:00', { code: 'bad_time', word: '25:00' }],
    ['9:75', { code: 'bad_time', word: '9:75' }],
    ['9am', { code: 'bad_time', word: '9am' }],
    ['09:30 Mars/Olympus', { code: 'bad_timezone', word: 'Mars/Olympus' }],
    ['weekly', { code: 'bad_days', word: 'weekly' }],
    ['mondays 09:30', { code: 'bad_days', word: 'mondays' }],
    ['09:30 please', { code: 'unknown_word', word: 'please' }],
    ['09:30 10:00', { code: 'repeated', word: '10:00', what: 'time' }],
    ['daily weekdays', { code: 'repeated', word: 'weekdays', what: 'days' }],
    ['09:30 tags: , ,', { code: 'empty_tags' }],
  ])('rejects "%s" naming the word at fault', (text, problem) => {
    expect(parseSubscribe(text)).toEqual({ ok: false, problem });
  });
});

describe('zones and tags', () => {
  it('spells a zone as IANA does, keeping the name typed rather than an old alias', () => {
    expect(canonicalZone('america/new_york')).toBe('America/New_York');
    expect(canonicalZone('asia/kolkata')).toBe('Asia/Kolkata');
    expect(canonicalZone('australia/lord_howe')).toBe('Australia/Lord_Howe');
    expect(canonicalZone('Mars/Olympus')).toBeUndefined();
  });

  it('lower-cases tags and drops blanks, hashes and repeats', () => {
    expect(normaliseTags(' #Payments, payments ,, Onboarding ')).toEqual(['payments', 'onboarding']);
  });
});
