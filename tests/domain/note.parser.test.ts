import { describe, expect, it } from 'vitest';
import { parseDueDate } from '../../src/domain/note.dates.js';
import { parseNoteCommand, type ParsedCommand } from '../../src/domain/note.parser.js';
import { NoteInputError, type NoteDraft } from '../../src/domain/note.types.js';

const TODAY = '2026-11-23'; // a Monday

/** A draft with the defaults, so each row states only what it is about. */
function note(d: Partial<NoteDraft> & { account: string }): ParsedCommand {
  return { kind: 'note', draft: { people: [], summary: '', pains: [], wants: [], followUps: [], internal: false, consentToQuote: true, tags: [], ...d } };
}

const good: Array<[string, ParsedCommand]> = [
  [
    'Acme with Dana Lee (VP Engineering), Jim Park: "We lose two days every month-end" pain: manual reconciliation; want: auto-matching; follow-up: send the beta invite by 2026-12-01 #internal',
    note({
      account: 'Acme',
      people: [{ name: 'Dana Lee', title: 'VP Engineering' }, { name: 'Jim Park' }],
      quote: 'We lose two days every month-end',
      pains: ['manual reconciliation'],
      wants: ['auto-matching'],
      followUps: [{ text: 'send the beta invite', dueOn: '2026-12-01' }],
      internal: true,
    }),
  ],
  ['Acme: "We lose two days every month-end" #noquote', note({ account: 'Acme', quote: 'We lose two days every month-end', consentToQuote: false })],
  ['Acme: good intro call, they are keen', note({ account: 'Acme', summary: 'good intro call, they are keen' })],
  ['acme corp: renewal looks safe', note({ account: 'acme corp', summary: 'renewal looks safe' })],
  ['Acme with Dana: quick sync', note({ account: 'Acme', people: [{ name: 'Dana' }], summary: 'quick sync' })],
  ['Acme WITH Dana Lee: sync', note({ account: 'Acme', people: [{ name: 'Dana Lee' }], summary: 'sync' })],
  [
    'Acme with Dana Lee (VP, Engineering) and Jim Park: sync',
    note({ account: 'Acme', people: [{ name: 'Dana Lee', title: 'VP, Engineering' }, { name: 'Jim Park' }], summary: 'sync' }),
  ],
  [
    'Acme with Dana Lee & Ana Ruiz (CFO); Jim: sync',
    note({ account: 'Acme', people: [{ name: 'Dana Lee' }, { name: 'Ana Ruiz', title: 'CFO' }, { name: 'Jim' }], summary: 'sync' }),
  ],
  ['Acme with Dana Lee, dana lee: sync', note({ account: 'Acme', people: [{ name: 'Dana Lee' }], summary: 'sync' })],
  ['Acme pain: slow month-end close', note({ account: 'Acme', pains: ['slow month-end close'] })],
  ['Acme: pains: slow close; audit prep; want: a single ledger', note({ account: 'Acme', pains: ['slow close', 'audit prep'], wants: ['a single ledger'] })],
  ['Acme with Dana: need: SSO. wants: SCIM', note({ account: 'Acme', people: [{ name: 'Dana' }], wants: ['SCIM'], discovery: { need: 'SSO' } })],
  [
    'Acme with Dana Lee (CFO): good call need: a three-day close; now: two weeks in spreadsheets; goal: close in 3 days; ready: high because the audit is in March; capacity: one quiet month for the switch',
    note({
      account: 'Acme',
      people: [{ name: 'Dana Lee', title: 'CFO' }],
      summary: 'good call',
      discovery: {
        need: 'a three-day close',
        now: 'two weeks in spreadsheets',
        goal: 'close in 3 days',
        ready: { level: 'high', why: 'the audit is in March' },
        capacity: 'one quiet month for the switch',
      },
    }),
  ],
  ['Acme with Dana: Ready: Medium - budget frozen till Q2', note({ account: 'Acme', people: [{ name: 'Dana' }], discovery: { ready: { level: 'medium', why: 'budget frozen till Q2' } } })],
  ['Acme with Dana: ready: low', note({ account: 'Acme', people: [{ name: 'Dana' }], discovery: { ready: { level: 'low' } } })],
  ['Acme with Dana: goal: one ledger; goal: no audit findings', note({ account: 'Acme', people: [{ name: 'Dana' }], discovery: { goal: 'one ledger; no audit findings' } })],
  ['Acme: Pain: recon Want: matching', note({ account: 'Acme', pains: ['recon'], wants: ['matching'] })],
  ['Acme: follow-up: send the deck', note({ account: 'Acme', followUps: [{ text: 'send the deck' }] })],
  ['Acme: followup: send the deck by tomorrow', note({ account: 'Acme', followUps: [{ text: 'send the deck', dueOn: '2026-11-24' }] })],
  ['Acme: follow up: call back by Friday', note({ account: 'Acme', followUps: [{ text: 'call back', dueOn: '2026-11-27' }] })],
  ['Acme: follow-up: call back by monday', note({ account: 'Acme', followUps: [{ text: 'call back', dueOn: '2026-11-30' }] })],
  ['Acme: follow-up: pricing by 1 Dec', note({ account: 'Acme', followUps: [{ text: 'pricing', dueOn: '2026-12-01' }] })],
  ['Acme: follow-up: pricing by Dec 1st', note({ account: 'Acme', followUps: [{ text: 'pricing', dueOn: '2026-12-01' }] })],
  ['Acme: follow-up: renewal prep by 15 January', note({ account: 'Acme', followUps: [{ text: 'renewal prep', dueOn: '2027-01-15' }] })],
  ['Acme: follow-up: quote by in 3 days', note({ account: 'Acme', followUps: [{ text: 'quote', dueOn: '2026-11-26' }] })],
  ['Acme: follow-up: intro to CTO due next week', note({ account: 'Acme', followUps: [{ text: 'intro to CTO', dueOn: '2026-11-30' }] })],
  ['Acme: follow-up: contract reviewed by legal', note({ account: 'Acme', followUps: [{ text: 'contract reviewed by legal' }] })],
  [
    'Acme: follow-up: send invite by 2026-12-01; book demo by end of month',
    note({ account: 'Acme', followUps: [{ text: 'send invite', dueOn: '2026-12-01' }, { text: 'book demo', dueOn: '2026-11-30' }] }),
  ],
  [
    'Acme: follow-up: <@U0SAM|sam> to call Dana by Friday',
    note({ account: 'Acme', followUps: [{ text: '@sam to call Dana', dueOn: '2026-11-27', ownerUserId: 'U0SAM' }] }),
  ],
  ['Acme: “Close takes nine days” — their CFO', note({ account: 'Acme', quote: 'Close takes nine days', summary: 'their CFO' })],
  ['Acme: she said „it is slow“ twice', note({ account: 'Acme', quote: 'it is slow', summary: 'she said "it is slow" twice' })],
  ['Acme: "first" and "second" quotes', note({ account: 'Acme', quote: 'first', summary: 'and "second" quotes' })],
  ['Acme: pain: "nobody trusts the numbers"', note({ account: 'Acme', quote: 'nobody trusts the numbers', pains: ['nobody trusts the numbers'] })],
  ['Acme: great call #payments #Internal #no-quote', note({ account: 'Acme', summary: 'great call', internal: true, consentToQuote: false, tags: ['payments'] })],
  ['Acme: we are #1 in their list', note({ account: 'Acme', summary: 'we are #1 in their list' })],
  ["Acme: they're keen; don't push", note({ account: 'Acme', summary: "they're keen; don't push" })],
  ['Acme: sentiment: frustrated. pain: outages', note({ account: 'Acme', sentiment: 'negative', pains: ['outages'] })],
  ['Acme Logistics GmbH with Jürgen Weiß (Leiter IT): Zölle kosten Zeit', note({ account: 'Acme Logistics GmbH', people: [{ name: 'Jürgen Weiß', title: 'Leiter IT' }], summary: 'Zölle kosten Zeit' })],
  ['Acme: call at 10:30 went well', note({ account: 'Acme', summary: 'call at 10:30 went well' })],
  ['Acme:\n- pain: slow close\n- want: matching', note({ account: 'Acme', pains: ['slow close'], wants: ['matching'] })],
  ['Acme: 🎉 signed!', note({ account: 'Acme', summary: '🎉 signed!' })],
  ['Acme', { kind: 'form', account: 'Acme' }],
  ['Acme with Dana Lee (CFO)', { kind: 'form', account: 'Acme', people: 'Dana Lee (CFO)' }],
];

const bad: Array<[string, string, string]> = [
  [': "We lose two days"', 'no_account', 'Which customer was this? The note should start with the account.'],
  ['with Dana: hello', 'no_account', 'Which customer was this? The note should start with the account.'],
  ['"We lose two days" Acme: x', 'no_account', 'Which customer was this? The note should start with the account.'],
  ['Acme: "We lose two days every month-end', 'unclosed_quote', 'The quote starting "We lose two days every month-e… has no closing quote mark.'],
  ['Acme with Dana Lee (VP Engineering: sync', 'unclosed_paren', 'The title starting (VP Engineering: sync has no closing parenthesis.'],
  ['Acme: “short', 'unclosed_quote', 'The quote starting “short has no closing quote mark.'],
  ['Acme: follow-up: send invite by 2026-13-45', 'bad_due_date', 'The follow-up "send invite by 2026-13-45" is due "2026-13-45", which is not a date I can read.'],
  ['Acme: follow-up: send invite by 31 Feb 2027', 'bad_due_date', 'The follow-up "send invite by 31 Feb 2027" is due "31 Feb 2027", which is not a date I can read.'],
  ['Acme: follow-up: send invite by 12/01', 'bad_due_date', 'The follow-up "send invite by 12/01" is due "12/01", which is not a date I can read.'],
  ['Acme: follow-up: send invite by Fridya next week', 'bad_due_date', 'The follow-up "send invite by Fridya next week" is due "Fridya next week", which is not a date I can read.'],
  [`Acme: ${'x'.repeat(3994)}`, 'too_long', 'This note is 4,000 characters; a note must stay under 4,000.'],
  ['🎉🎉🎉', 'no_words', 'There are no words in this note, only symbols or emoji.'],
  ['Acme: 🙌🙌', 'no_words', 'There are no words in this note, only symbols or emoji.'],
  ['🚀: great call', 'account_name_invalid', 'The account name "🚀" has no letters or digits.'],
  ['Acme with <@U0DANA>: ok', 'person_name_invalid', 'The name "<@U0DANA>" holds a mention or a channel link; write the name as plain text.'],
  ['Acme with Dana, <!channel>: ok', 'person_name_invalid', 'The name "<!channel>" holds a mention or a channel link; write the name as plain text.'],
  ['<!channel>: ok', 'account_name_invalid', 'The account name "<!channel>" holds a mention or a channel link; write the name as plain text.'],
  ['<@U0SAM|sam>: ok', 'account_name_invalid', 'The account name "<@U0SAM|sam>" holds a mention or a channel link; write the name as plain text.'],
  ['Acme with Dana (<!here>): ok', 'title_invalid', 'The title "<!here>" of Dana holds a mention or a channel link; write the name as plain text.'],
  [`${'A'.repeat(81)}: ok`, 'account_name_invalid', `The account name "${'A'.repeat(81)}" is 81 characters long; 80 at most.`],
  ['Acme:', 'empty_note', 'Nothing follows the colon: what did Acme say?'],
  ['Acme with Dana Lee:   #internal', 'empty_note', 'Nothing follows the colon: what did Dana Lee say?'],
  ['Acme with: hi', 'no_people', 'Who did you meet? Nothing follows "with".'],
  ['Acme had a long call about the roadmap and pricing today', 'no_colon', 'I could not tell where the account (and people) end and the note begins.'],
  ['Acme "We lose two days"', 'no_colon', 'I could not tell where the account (and people) end and the note begins.'],
  ['Acme: follow-up: by Friday', 'empty_follow_up', 'The follow-up "by Friday" says what by when, but not what to do.'],
  ['Acme: sentiment: meh', 'bad_sentiment', '"meh" is not a sentiment I know.'],
  ['Acme with Dana: ready: maybe next year', 'bad_ready', '"maybe next year" is not a readiness I know.'],
  ['Acme: need: a faster close', 'discovery_without_person', 'need:, now:, goal:, ready: and capacity: are about a person, and this note names nobody.'],
];

describe('parseNoteCommand', () => {
  it('has a table of at least 40 inputs', () => {
    expect(good.length + bad.length).toBeGreaterThanOrEqual(40);
  });

  it.each(good)('reads %j', (input, expected) => {
    expect(parseNoteCommand(input, TODAY)).toEqual(expected);
  });

  it.each(bad)('rejects %j with %s', (input, code, message) => {
    let caught: unknown;
    try {
      parseNoteCommand(input, TODAY);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(NoteInputError);
    expect({ code: (caught as NoteInputError).code, message: (caught as NoteInputError).userMessage }).toEqual({ code, message });
    expect((caught as NoteInputError).hint.length).toBeGreaterThan(10);
  });

  it('accepts a note just under the limit', () => {
    const input = `Acme: ${'x'.repeat(3993)}`;
    expect(input.length).toBe(3999);
    expect(parseNoteCommand(input, TODAY)).toMatchObject({ kind: 'note', draft: { summary: 'x'.repeat(3993) } });
  });
});

describe('parseDueDate', () => {
  it.each([
    ['2026-12-01', '2026-12-01'],
    ['today', '2026-11-23'],
    ['Friday', '2026-11-27'],
    ['mon', '2026-11-30'],
    ['29 Feb', '2028-02-29'],
    ['1 Nov', '2027-11-01'],
    ['end of week', '2026-11-27'],
    ['in 2 weeks', '2026-12-07'],
    ['sometime', undefined],
    ['2026-02-30', undefined],
  ])('%s → %s', (text, expected) => {
    expect(parseDueDate(text, TODAY)).toBe(expected);
  });
});
