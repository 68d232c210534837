import { describe, expect, it } from 'vitest';
import { checkAnswer, sentences, type AskSource } from '../../src/domain/ask.guardrails.js';
import { nameCandidates, questionProblem, searchText } from '../../src/domain/ask.question.js';
import { spokenAge, spokenDate } from '../../src/domain/spoken.date.js';

const source = (over: Partial<AskSource> = {}): AskSource => ({
  noteId: '00000000-0000-4000-8000-000000000001',
  account: 'Acme Logistics',
  people: [{ name: 'Dana Lee', role: 'VP Engineering' }],
  quote: 'Billing exports take us a whole day',
  consentToQuote: true,
  pains: ['slow billing exports'],
  wants: [],
  internal: false,
  metAt: new Date('2026-11-20T10:00:00Z'),
  loggedBy: 'Maria Jensen',
  ...over,
});

describe('reading a question', () => {
  it('finds the runs of words that may be a name, up to four words', () => {
    expect(nameCandidates("What did Acme's Dana Lee say?")).toEqual([
      'what', 'what did', 'what did acme', 'what did acme dana', 'did', 'did acme', 'did acme dana', 'did acme dana lee',
      'acme', 'acme dana', 'acme dana lee', 'acme dana lee say', 'dana', 'dana lee', 'dana lee say', 'lee', 'lee say', 'say',
    ]);
  });

  it('keeps the subject: filler and names out, phrases kept, websearch operators defused', () => {
    expect(searchText('What did Acme say about billing?', ['acme'])).toEqual({ any: 'billing', all: 'billing' });
    expect(searchText('who at Borealis cares about month-end?', ['borealis'])).toEqual({ any: 'month-end', all: 'month-end' });
    expect(searchText('what do dispatchers want?', [])).toEqual({ any: 'dispatchers or want', all: 'dispatchers want' });
    expect(searchText('did Dana Lee mention "manual reconciliation" or -exports', ['dana lee', 'dana'])).toEqual({
      any: '"manual reconciliation" or exports',
      all: '"manual reconciliation" exports',
    });
    expect(searchText('what did they say?', [])).toEqual({ any: 'they', all: 'they' });
  });

  it('says what is wrong with an empty, wordless or overlong question', () => {
    expect(questionProblem('  ')?.code).toBe('question_empty');
    expect(questionProblem('?!')?.code).toBe('question_no_words');
    expect(questionProblem('x'.repeat(301))?.message).toBe('That question is 301 characters; I read questions of up to 300.');
    expect(questionProblem('billing?')).toBeUndefined();
  });
});

describe('guardrails on a model answer', () => {
  const sources = [source(), source({ noteId: 'n2', account: 'Borealis', people: [{ name: 'Ana Ruiz' }], quote: 'Month-end is where we bleed' })];

  it('accepts sentences that each cite given sources, naming only what the sources name', () => {
    expect(checkAnswer('Dana Lee at Acme Logistics says billing exports take a day [1]. Ana Ruiz bleeds at month-end [2].', sources)).toEqual({ ok: true, cited: [1, 2] });
    expect(checkAnswer('Exports are slow. [1][2]', sources)).toEqual({ ok: true, cited: [1, 2] });
  });

  it('rejects an answer citing nothing, citing a source it was not given, or with an uncited sentence', () => {
    expect(checkAnswer('Billing is slow.', sources)).toEqual({ ok: false, rejection: { code: 'cites_nothing' } });
    expect(checkAnswer('Billing is slow [3].', sources)).toEqual({ ok: false, rejection: { code: 'unknown_source', cited: 3 } });
    expect(checkAnswer('Billing is slow [1]. It hurts.', sources)).toEqual({ ok: false, rejection: { code: 'uncited_sentence', sentence: 'It hurts.' } });
  });

  it('rejects a person or company absent from the sources, and contact details', () => {
    expect(checkAnswer('Priya Shah says billing is slow [1].', sources)).toEqual({ ok: false, rejection: { code: 'unknown_name', name: 'Priya' } });
    expect(checkAnswer('Dana at Globex says billing is slow [1].', sources)).toEqual({ ok: false, rejection: { code: 'unknown_name', name: 'Globex' } });
    expect(checkAnswer('Write to dana@acme.com about billing [1].', sources)).toEqual({ ok: false, rejection: { code: 'contact_details' } });
  });

  it('rejects more than three sentences, and an empty answer', () => {
    expect(checkAnswer('A [1]. B [1]. C [1]. D [1].', sources)).toEqual({ ok: false, rejection: { code: 'too_long' } });
    expect(checkAnswer('  ', sources)).toEqual({ ok: false, rejection: { code: 'empty' } });
  });

  it('splits sentences with their trailing citations', () => {
    expect(sentences('One. [1] Two [2]! Three')).toEqual(['One. [1]', 'Two [2]!', 'Three']);
  });
});

describe('days as people say them', () => {
  const now = new Date('2026-11-23T10:00:00Z'); // a Monday
  it('says today, yesterday, the weekday within a week, the date after', () => {
    const at = (iso: string) => spokenDate(new Date(iso), now, 'Europe/Berlin');
    expect(at('2026-11-23T08:00:00Z')).toBe('today');
    expect(at('2026-11-22T08:00:00Z')).toBe('yesterday');
    expect(at('2026-11-19T08:00:00Z')).toBe('on Thursday');
    expect(at('2026-11-02T08:00:00Z')).toBe('on 2 Nov');
    expect(at('2025-12-30T08:00:00Z')).toBe('on 30 Dec 2025');
  });
  it('says how old a value is', () => {
    const age = (iso: string) => spokenAge(new Date(iso), now, 'UTC');
    expect(age('2026-11-23T01:00:00Z')).toBe('today');
    expect(age('2026-11-20T01:00:00Z')).toBe('3 days ago');
    expect(age('2026-10-12T01:00:00Z')).toBe('6 weeks ago');
    expect(age('2026-05-01T01:00:00Z')).toBe('6 months ago');
  });
});
