import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAiModel, type AiModel } from '../../../src/ai/client.js';
import { draftStory } from '../../../src/ai/story.drafter.js';
import { templateStory, type StoryFacts } from '../../../src/domain/story.template.js';
import { startFakeOpenAi } from '../../support/fake-openai.js';

const facts: StoryFacts = {
  person: { name: 'Dana Lee', title: 'VP Engineering' },
  account: 'Acme Logistics',
  author: 'Maria Jensen',
  quote: 'We lose two days every month-end. Mail me at dana@acme.com',
  summary: 'Dana runs the close for twelve warehouses.',
  pains: ['manual reconciliation'],
  wants: ['auto-matching of invoices'],
  others: [],
  rawText: 'Acme with Dana Lee (VP Engineering): "We lose two days every month-end." pain: manual reconciliation',
};
const QUOTE = 'We lose two days every month-end. Mail me at [email removed]';
const good = { title: 'Dana Lee wants her month-end back', body: 'Dana at Acme Logistics reconciles invoices by hand across twelve warehouses.', quote: QUOTE };
const template = templateStory(facts);

let openai: Awaited<ReturnType<typeof startFakeOpenAi>>;
let ai: AiModel;

beforeAll(async () => {
  openai = await startFakeOpenAi();
  ai = createAiModel({ apiKey: 'sk-test', baseURL: openai.baseURL, model: 'story-model' }, 400)!;
});
afterAll(() => openai?.close());

describe('draftStory against an OpenAI-compatible server', () => {
  it('accepts a good draft, asking for structured output and sending no contact details', async () => {
    openai.set({ kind: 'json', content: { ...good, quote: `"${QUOTE}"` } });
    expect(await draftStory(facts, ai)).toEqual({ source: 'ai', draft: good });
    const request = openai.completions().at(-1)!.body as { model: string; response_format: { type: string; json_schema: { name: string; strict: boolean } }; messages: Array<{ content: string }> };
    expect(request.model).toBe('story-model');
    expect(request.response_format).toMatchObject({ type: 'json_schema', json_schema: { name: 'customer_story', strict: true } });
    expect(JSON.stringify(request.messages)).not.toContain('dana@acme.com');
  });

  it('falls back to the template when the model invents a name', async () => {
    openai.set({ kind: 'json', content: { ...good, body: 'Dana and her CFO Priya Shah reconcile by hand.' } });
    expect(await draftStory(facts, ai)).toEqual({ source: 'template', draft: template, why: 'unknown_name' });
  });

  it('falls back to the template when the model alters the quote', async () => {
    openai.set({ kind: 'json', content: { ...good, quote: 'We lose two whole days every month-end.' } });
    expect(await draftStory(facts, ai)).toEqual({ source: 'template', draft: template, why: 'quote_altered' });
  });

  it('falls back to the template when the model adds a link', async () => {
    openai.set({ kind: 'json', content: { ...good, body: 'Read more at https://acme.example/close' } });
    expect(await draftStory(facts, ai)).toEqual({ source: 'template', draft: template, why: 'contact_details' });
  });

  it.each([
    ['a 500', { kind: 'status' as const, status: 500 }],
    ['a 429', { kind: 'status' as const, status: 429 }],
    ['a timeout', { kind: 'hang' as const }],
    ['text that is not JSON', { kind: 'text' as const, content: 'Sure! Here is a story about Dana…' }],
    ['JSON of the wrong shape', { kind: 'json' as const, content: { story: 'Dana…' } }],
  ])('falls back to the template on %s', async (_what, behaviour) => {
    openai.set(behaviour);
    expect(await draftStory(facts, ai)).toEqual({ source: 'template', draft: template, why: 'model_failed' });
  });

  it('uses the template without asking anyone when no model is configured', async () => {
    const before = openai.completions().length;
    expect(await draftStory(facts, undefined)).toEqual({ source: 'template', draft: template, why: 'no_model' });
    expect(openai.completions().length).toBe(before);
  });
});
