import { zodResponseFormat } from 'openai/helpers/zod';
import { z } from 'zod';
import { checkDraft, type DraftRejection } from '../domain/story.guardrails.js';
import { redact } from '../domain/redact.js';
import { BODY_MAX, storyQuote, templateStory, TITLE_MAX, type StoryDraft, type StoryFacts } from '../domain/story.template.js';
import { failureReason, type AiModel, type FallbackReason } from './client.js';

const draftSchema = z.object({
  title: z.string(),
  body: z.string(),
  quote: z.string().nullable(),
});

export type DraftOutcome =
  | { source: 'ai'; draft: StoryDraft }
  | { source: 'template'; draft: StoryDraft; why: 'no_model' | 'model_failed' | DraftRejection['code'] };

const INSTRUCTIONS = [
  'You write a short story about one real person at a customer, for the engineers who build the product they use.',
  'Lead with the person, not the company. Use only the facts given; do not add people, companies, numbers, links or contact details.',
  `"title": one line, at most ${TITLE_MAX} characters. "body": two or three plain sentences, at most ${BODY_MAX} characters, no markdown.`,
  '"quote": the customer\'s quote exactly as given, character for character, or null if none is given.',
].join('\n');

/**
 * A model's draft when one is configured and its draft passes the
 * guardrails; the deterministic template otherwise. Never throws: a slow,
 * failing or rambling model costs the reader nothing but the nicer prose.
 */
export async function draftStory(facts: StoryFacts, ai: AiModel | undefined): Promise<DraftOutcome> {
  const template = templateStory(facts);
  if (!ai) return { source: 'template', draft: template, why: 'no_model' };
  const fellBack = (reason: FallbackReason, why: Extract<DraftOutcome, { source: 'template' }>['why']): DraftOutcome => {
    ai.onFallback?.('story', reason);
    return { source: 'template', draft: template, why };
  };
  let parsed;
  try {
    const completion = await ai.client.chat.completions.parse(
      {
        model: ai.model,
        messages: [
          { role: 'system', content: INSTRUCTIONS },
          { role: 'user', content: JSON.stringify(promptFacts(facts)) },
        ],
        response_format: zodResponseFormat(draftSchema, 'customer_story'),
      },
      { timeout: ai.timeoutMs, maxRetries: 0 },
    );
    parsed = completion.choices?.[0]?.message.parsed;
  } catch (err) {
    // Answers that are not JSON or not the schema throw here too, as errors of no HTTP kind: invalid.
    return fellBack(failureReason(err), 'model_failed');
  }
  if (!parsed) return fellBack('invalid', 'model_failed');
  const draft: StoryDraft = { title: parsed.title.trim(), body: parsed.body.trim(), quote: parsed.quote?.trim() || null };
  const verdict = checkDraft(draft, facts);
  if (!verdict.ok) return fellBack('rejected', verdict.rejection.code);
  // The guardrails compared the unquoted words; show the note's own quote, not the model's punctuation.
  return { source: 'ai', draft: { ...draft, quote: storyQuote(facts) } };
}

/** Contact details never leave for the model either. */
function promptFacts(facts: StoryFacts) {
  return {
    person: facts.person,
    account: facts.account,
    loggedBy: facts.author,
    quote: storyQuote(facts),
    summary: facts.summary ? redact(facts.summary) : null,
    pains: facts.pains.map(redact),
    wants: facts.wants.map(redact),
  };
}
