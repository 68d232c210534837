import { describe, expect, it } from 'vitest';
import { checkDraft } from '../../src/domain/story.guardrails.js';
import { templateStory, type StoryFacts } from '../../src/domain/story.template.js';

const facts: StoryFacts = {
  person: { name: 'Dana Lee', title: 'VP Engineering' },
  account: 'Acme Logistics',
  author: 'Maria Jensen',
  quote: 'We lose two days every month-end. Call me at +1 415 555 0100.',
  summary: 'Dana runs the close for twelve warehouses.',
  pains: ['manual reconciliation'],
  wants: ['auto-matching of invoices'],
  others: ['Tom Reed'],
  rawText: 'Acme with Dana Lee (VP Engineering), Tom Reed: "We lose two days every month-end." pain: manual reconciliation',
};
const QUOTE = 'We lose two days every month-end. Call me at [phone removed].';

const good = {
  title: 'Dana Lee wants her month-end back',
  body: 'Every month-end, Dana and Tom Reed at Acme Logistics reconcile invoices by hand across twelve warehouses. She wants auto-matching.',
  quote: `“${QUOTE}”`,
};

describe('checkDraft', () => {
  it('accepts a draft that keeps the quote and names only people in the note', () => {
    expect(checkDraft(good, facts)).toEqual({ ok: true });
  });

  it('rejects a name the note does not contain, even at the start of a sentence', () => {
    expect(checkDraft({ ...good, body: 'Priya Shah, her CFO, agrees.' }, facts)).toEqual({ ok: false, rejection: { code: 'unknown_name', name: 'Priya' } });
    expect(checkDraft({ ...good, title: 'Dana Lee and Kevin' }, facts)).toEqual({ ok: false, rejection: { code: 'unknown_name', name: 'Kevin' } });
  });

  it('rejects a quote changed by even one word, and a quote the note never had', () => {
    expect(checkDraft({ ...good, quote: 'We lose three days every month-end. Call me at [phone removed].' }, facts)).toEqual({ ok: false, rejection: { code: 'quote_altered' } });
    expect(checkDraft({ ...good, quote: 'We lose two days every month-end.' }, facts)).toEqual({ ok: false, rejection: { code: 'quote_altered' } });
    expect(checkDraft(good, { ...facts, quote: null })).toEqual({ ok: false, rejection: { code: 'quote_invented' } });
  });

  it('rejects added contact details and links', () => {
    expect(checkDraft({ ...good, body: 'Reach Dana at dana@acme.com.' }, facts)).toEqual({ ok: false, rejection: { code: 'contact_details', found: ['email'] } });
    expect(checkDraft({ ...good, body: 'More on https://acme.example/close.' }, facts)).toEqual({ ok: false, rejection: { code: 'contact_details', found: ['url'] } });
  });

  it('rejects a draft too long or empty', () => {
    expect(checkDraft({ ...good, body: 'word '.repeat(200) }, facts)).toEqual({ ok: false, rejection: { code: 'too_long', field: 'body' } });
    expect(checkDraft({ ...good, title: ' ' }, facts)).toEqual({ ok: false, rejection: { code: 'empty', field: 'title' } });
  });
});

describe('templateStory', () => {
  it('leads with the person, keeps the quote verbatim and removes contact details', () => {
    expect(templateStory(facts)).toEqual({
      title: 'Meet Dana Lee, VP Engineering at Acme Logistics',
      body: 'Dana runs the close for twelve warehouses.',
      quote: QUOTE,
    });
  });

  it('falls back to the first pain, then to who talked, when there is no summary', () => {
    expect(templateStory({ ...facts, summary: null }).body).toBe("What gets in Dana's way: manual reconciliation.");
    expect(templateStory({ ...facts, summary: null, pains: [], quote: null })).toEqual({
      title: 'Meet Dana Lee, VP Engineering at Acme Logistics',
      body: 'Dana talked with Maria Jensen about their work at Acme Logistics.',
      quote: null,
    });
  });

  it('passes its own guardrails', () => {
    expect(checkDraft(templateStory(facts), facts)).toEqual({ ok: true });
  });
});
