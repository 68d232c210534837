import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerQuestion } from '../../../src/ai/ask.answerer.js';
import { createAiModel, type AiModel } from '../../../src/ai/client.js';
import type { AskSource } from '../../../src/domain/ask.guardrails.js';
import { startFakeOpenAi } from '../../support/fake-openai.js';

const sources: AskSource[] = [
  {
    noteId: 'n1',
    account: 'Acme',
    people: [{ name: 'Dana Lee', role: 'VP Engineering' }],
    quote: 'Billing exports take a day. Call me on +1 415 555 0100',
    consentToQuote: true,
    pains: [],
    wants: [],
    internal: false,
    metAt: new Date('2026-11-20T10:00:00Z'),
    loggedBy: 'Maria Jensen',
  },
];

let openai: Awaited<ReturnType<typeof startFakeOpenAi>>;
let ai: AiModel;

beforeAll(async () => {
  openai = await startFakeOpenAi();
  // A short ceiling, so the hanging model below costs the test a fraction of a second.
  ai = createAiModel({ apiKey: 'sk-test', baseURL: openai.baseURL, model: 'ask-model' }, 200)!;
});
afterAll(() => openai?.close());

describe('answerQuestion against an OpenAI-compatible server', () => {
  it('asks for structured output with the numbered notes, no contact details, and keeps a good answer', async () => {
    openai.set({ kind: 'json', content: { answer: 'Dana Lee says billing exports take a day [1].' } });
    expect(await answerQuestion(ai, 'billing?', sources)).toEqual({ source: 'ai', text: 'Dana Lee says billing exports take a day [1].', cited: [1] });
    const request = openai.completions().at(-1)!.body as { model: string; response_format: { json_schema: { name: string } }; messages: Array<{ content: string }> };
    expect(request.model).toBe('ask-model');
    expect(request.response_format.json_schema.name).toBe('grounded_answer');
    expect(request.messages[1]!.content).toContain('"n":1');
    expect(request.messages[1]!.content).not.toContain('555');
  });

  it('falls back to the sources on a timeout, an error or an unreadable answer', async () => {
    openai.set({ kind: 'hang' });
    expect(await answerQuestion(ai, 'billing?', sources)).toEqual({ source: 'sources', why: 'model_failed' });
    openai.set({ kind: 'status', status: 503 });
    expect(await answerQuestion(ai, 'billing?', sources)).toEqual({ source: 'sources', why: 'model_failed' });
    openai.set({ kind: 'text', content: 'not json' });
    expect(await answerQuestion(ai, 'billing?', sources)).toEqual({ source: 'sources', why: 'model_failed' });
  });

  it('needs a model and sources', async () => {
    expect(await answerQuestion(undefined, 'billing?', sources)).toEqual({ source: 'sources', why: 'no_model' });
    expect(await answerQuestion(ai, 'billing?', [])).toEqual({ source: 'sources', why: 'no_sources' });
  });
});
