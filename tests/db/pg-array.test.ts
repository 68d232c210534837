import { describe, expect, it } from 'vitest';
import { parseTextArray } from '../../src/db/pg-array.js';

describe('parseTextArray (Postgres text[] output)', () => {
  it('reads plain, quoted, escaped, empty and NULL elements', () => {
    expect(parseTextArray('{}')).toEqual([]);
    expect(parseTextArray('{fintech}')).toEqual(['fintech']);
    expect(parseTextArray('{fintech,"q3, renewal","say \\"hi\\"","back\\\\slash","{braces}","NULL","",NULL," padded ",Zoë}')).toEqual([
      'fintech',
      'q3, renewal',
      'say "hi"',
      'back\\slash',
      '{braces}',
      'NULL',
      '',
      null,
      ' padded ',
      'Zoë',
    ]);
    expect(parseTextArray('[0:1]={a,b}')).toEqual(['a', 'b']);
  });

  it('refuses what is not a one-dimensional array', () => {
    expect(() => parseTextArray('{{a},{b}}')).toThrow(/multi-dimensional/);
    expect(() => parseTextArray('a,b')).toThrow(/not a Postgres array/);
    expect(() => parseTextArray('{"a}')).toThrow(/unterminated/);
  });
});
