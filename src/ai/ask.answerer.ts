import { z } from 'zod';
import { ANSWER_SENTENCES_MAX, checkAnswer, type AnswerRejection, type AskSource } from '../domain/ask.guardrails.js';
import { redact } from '../domain/redact.js';
import { failureReason, type AiModel, type FallbackReason } from './client.js';

export type AnswerOutcome =
  | { source: 'ai'; text: string; cited: number[] }
  | { source: 'sources'; why: 'no_model' | 'no_sources' | 'model_failed' | AnswerRejection['code'] };

const answerSchema = z.object({ answer: z.string() });

// Strict structured output: one string, nothing else.
const JSON_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['answer'],
  properties: { answer: { type: 'string', description: 'The answer, every sentence ending with its citations like [1] or [1][3].' } },
} as const;

const SYSTEM = [
  'You answer a colleague\'s question about customers using only the numbered call notes given.',
  `Write 1 to ${ANSWER_SENTENCES_MAX} plain sentences. Every sentence ends with the numbers of the notes it rests on, like [1] or [2][3].`,
  'Name only people and companies that appear in the notes. If the notes do not answer the question, say what they do say, with citations.',
  'No markdown, no links, no contact details.',
].join(' ');

/**
 * A short answer from the model, kept only when it passes the guardrails;
 * otherwise (no model, error, timeout, an answer that invents or cites
 * nothing) the sources are the answer. Never throws.
 */
export async function answerQuestion(ai: AiModel | undefined, question: string, sources: AskSource[]): Promise<AnswerOutcome> {
  if (!ai) return { source: 'sources', why: 'no_model' };
  if (!sources.length) return { source: 'sources', why: 'no_sources' };
  const fellBack = (reason: FallbackReason, why: Extract<AnswerOutcome, { source: 'sources' }>['why']): AnswerOutcome => {
    ai.onFallback?.('ask', reason);
    return { source: 'sources', why };
  };
  let completion;
  try {
    completion = await ai.client.chat.completions.create(
      {
        model: ai.model,
        temperature: 0,
        messages: [
          { role: 'system', content: SYSTEM },
          { role: 'user', content: JSON.stringify({ question, notes: sources.map(promptNote) }) },
        ],
        response_format: { type: 'json_schema', json_schema: { name: 'grounded_answer', strict: true, schema: JSON_SCHEMA } },
      },
      { timeout: ai.timeoutMs, maxRetries: 0 },
    );
  } catch (err) {
    return fellBack(failureReason(err), 'model_failed');
  }
  let parsed;
  try {
    parsed = answerSchema.safeParse(JSON.parse(completion.choices?.[0]?.message?.content ?? 'null'));
  } catch {
    return fellBack('invalid', 'model_failed');
  }
  if (!parsed.success) return fellBack('invalid', 'model_failed');
  const answer = parsed.data.answer.trim();
  const verdict = checkAnswer(answer, sources);
  if (!verdict.ok) return fellBack('rejected', verdict.rejection.code);
  return { source: 'ai', text: answer, cited: verdict.cited };
}

/** Contact details never leave for the model. */
function promptNote(s: AskSource, i: number) {
  return {
    n: i + 1,
    account: s.account,
    people: s.people.map((p) => (p.role ? `${p.name} (${p.role})` : p.name)),
    quote: s.quote ? redact(s.quote) : null,
    summary: s.summary ? redact(s.summary) : null,
    pains: s.pains.map(redact),
    wants: s.wants.map(redact),
    loggedBy: s.loggedBy,
    metOn: s.metAt.toISOString().slice(0, 10),
  };
}
