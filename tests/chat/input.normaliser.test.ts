import { describe, expect, it } from 'vitest';
import { cleanText, MAX_INPUT_CHARS, normaliseInput, oversizeText } from '../../src/chat/input.normaliser.js';
import { cleanName, nameKey, nameProblem } from '../../src/domain/names.js';

describe('cleanText', () => {
  it('drops NUL and other control characters, keeps newline and tab, and turns CR/CRLF into newlines', () => {
    expect(cleanText('a\u0000b\u0007c\td\r\ne\rf\u007fg\u0085h')).toBe('abc\td\ne\nfgh');
  });

  it('composes to NFC, so the same word typed two ways is one string', () => {
    expect(cleanText('Zoe\u0301')).toBe('Zoé');
    expect(cleanText('Zoe\u0301')).toBe(cleanText('Zo\u00e9'));
  });

  it('keeps emoji, other scripts, quotes, mentions and markup exactly', () => {
    const text = '👩🏽‍💻 said "ça va" — <@U123|dana> *bold* _x_ `code` مرحبا';
    expect(cleanText(text)).toBe(text);
  });

  it('replaces a lone surrogate (a character cut in half), which no database can store', () => {
    expect(cleanText('ok \ud83d end')).toBe('ok \ufffd end');
  });
});

describe('normaliseInput', () => {
  it('cleans every string of an input, however deep, and leaves the rest alone', () => {
    const input = { command: 'callnote', text: 'Acme:\u0000 hi', values: { people: ['Dana\u0000'], n: 3, on: true }, at: new Date(0) };
    expect(normaliseInput(input)).toEqual({ command: 'callnote', text: 'Acme: hi', values: { people: ['Dana'], n: 3, on: true }, at: new Date(0) });
    expect(input.text).toBe('Acme:\u0000 hi');
  });

  it('finds a text over the limit, to echo it back', () => {
    const long = 'x'.repeat(MAX_INPUT_CHARS + 1);
    expect(oversizeText({ values: { summary: long } })).toBe(long);
    expect(oversizeText({ text: 'x'.repeat(MAX_INPUT_CHARS) })).toBeUndefined();
  });
});

describe('names', () => {
  it('drops invisible and bidi characters and counts a zero-width space as a space', () => {
    expect(cleanName('Dana\u200bLee')).toBe('Dana Lee');
    expect(cleanName(' \u202eDana\u200d  Lee\u2066 ')).toBe('Dana Lee');
    expect(nameKey('Dana\u200bLee')).toBe(nameKey('dana lee'));
    expect(nameKey('\ufeffAcme\u00ad')).toBe('acme');
  });

  it('a name of nothing but invisible characters is empty', () => {
    expect(nameProblem('\u200b\u200d\u202e')).toBe('is empty');
  });
});
