import { z } from 'zod';
import { nameProblem } from '../domain/names.js';
import { READY_LEVELS } from '../domain/discovery.js';
import { SENTIMENTS } from '../domain/note.types.js';
import { failureReason, type AiModel } from './client.js';

/** What the model may add to a free-text note. Each field is checked against the text before use. */
export const noteEnrichmentSchema = z.object({
  people: z.array(z.object({ name: z.string(), title: z.string().nullable() })).max(20),
  quote: z.string().nullable(),
  pains: z.array(z.string()).max(20),
  wants: z.array(z.string()).max(20),
  sentiment: z.enum(SENTIMENTS).nullable(),
  /** Absent from older answers; only ever shown as a suggestion until the account owner confirms it. */
  discovery: z
    .object({
      need: z.string().nullable(),
      now: z.string().nullable(),
      goal: z.string().nullable(),
      ready: z.enum(READY_LEVELS).nullable(),
      ready_why: z.string().nullable(),
      capacity: z.string().nullable(),
    })
    .nullable()
    .optional(),
});

export type NoteEnrichment = z.infer<typeof noteEnrichmentSchema>;

// Strict structured output: every property required, nothing extra.
const JSON_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['people', 'quote', 'pains', 'wants', 'sentiment', 'discovery'],
  properties: {
    people: {
      type: 'array',
      description: "The customer's people named in the note (not our own colleagues).",
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'title'],
        properties: { name: { type: 'string' }, title: { type: ['string', 'null'], description: 'Their job title if the note says it.' } },
      },
    },
    quote: { type: ['string', 'null'], description: "The customer's own words, copied exactly as they appear in the note, or null." },
    pains: { type: 'array', items: { type: 'string' }, description: 'Problems the customer has, a few words each.' },
    wants: { type: 'array', items: { type: 'string' }, description: 'What the customer asked for or hopes for, a few words each.' },
    sentiment: { type: ['string', 'null'], enum: [...SENTIMENTS, null] },
    discovery: {
      type: ['object', 'null'],
      description: 'What the note says about the customer people it names, or null. Each field null unless the note says it.',
      additionalProperties: false,
      required: ['need', 'now', 'goal', 'ready', 'ready_why', 'capacity'],
      properties: {
        need: { type: ['string', 'null'], description: 'What they need.' },
        now: { type: ['string', 'null'], description: 'How they work today, their current state.' },
        goal: { type: ['string', 'null'], description: 'Where they want to be.' },
        ready: { type: ['string', 'null'], enum: [...READY_LEVELS, null], description: 'How ready they are to change.' },
        ready_why: { type: ['string', 'null'], description: 'Why they are that ready.' },
        capacity: { type: ['string', 'null'], description: 'What price or consequence of change they can bear.' },
      },
    },
  },
} as const;

const SYSTEM = [
  'You read a call note an account manager wrote after talking to a customer.',
  'Extract only what the note says. Never invent names, titles or words.',
  'A quote must be copied character for character from the note; if there is none, use null.',
].join(' ');

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();
const norm = (s: string) => squash(s).toLowerCase();

/**
 * Asks the model for people, quote, pains, wants and sentiment in a note's
 * text. Throws what the client throws (no connection, timeout, HTTP error);
 * undefined for an unreadable answer. Either counts as a fallback. An
 * answer is then cleaned: a quote not found verbatim in the text and names
 * the text does not contain are dropped, so the model can add but not invent.
 */
export async function extractNoteFields(ai: AiModel, text: string): Promise<NoteEnrichment | undefined> {
  let completion;
  try {
    completion = await ai.client.chat.completions.create(
      {
        model: ai.model,
        temperature: 0,
        messages: [
          { role: 'system', content: SYSTEM },
          { role: 'user', content: text },
        ],
        response_format: { type: 'json_schema', json_schema: { name: 'call_note', strict: true, schema: JSON_SCHEMA } },
      },
      { timeout: ai.timeoutMs, maxRetries: 0 },
    );
  } catch (err) {
    ai.onFallback?.('note', failureReason(err));
    throw err;
  }
  const parsed = noteEnrichmentSchema.safeParse(jsonOf(completion.choices?.[0]?.message?.content));
  if (!parsed.success) {
    ai.onFallback?.('note', 'invalid');
    return undefined;
  }
  return clean(parsed.data, text);
}

/** The answer's JSON; undefined for none or for text that is not JSON. */
function jsonOf(content: string | null | undefined): unknown {
  try {
    return content ? JSON.parse(content) : undefined;
  } catch {
    return undefined;
  }
}

function clean(e: NoteEnrichment, text: string): NoteEnrichment {
  const haystack = norm(text);
  const item = (s: string) => s.replace(/\s+/g, ' ').trim().slice(0, 300);
  const items = (xs: string[]) => [...new Set(xs.map(item).filter((s) => /[\p{L}\p{N}]/u.test(s)))].slice(0, 5);
  const quote = e.quote?.trim().replace(/^["“]|["”]$/g, '').trim();
  return {
    people: e.people
      .map((p) => ({ name: p.name.trim().replace(/\s+/g, ' '), title: p.title?.trim().slice(0, 80) || null }))
      .filter((p) => !nameProblem(p.name) && haystack.includes(norm(p.name)))
      .slice(0, 10),
    // Verbatim means verbatim: only whitespace may differ.
    quote: quote && quote.length >= 3 && squash(text).includes(squash(quote)) ? quote : null,
    pains: items(e.pains),
    wants: items(e.wants),
    sentiment: e.sentiment,
    discovery: e.discovery ? cleanDiscovery(e.discovery) : null,
  };
}

function cleanDiscovery(d: NonNullable<NoteEnrichment['discovery']>): NoteEnrichment['discovery'] {
  const t = (s: string | null) => (s ? s.replace(/\s+/g, ' ').trim().slice(0, 300) || null : null);
  return { need: t(d.need), now: t(d.now), goal: t(d.goal), ready: d.ready, ready_why: d.ready ? t(d.ready_why) : null, capacity: t(d.capacity) };
}
