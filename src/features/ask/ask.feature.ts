import { eq } from 'drizzle-orm';
import type { Reply } from '../../chat/inbound.js';
import { users } from '../../db/schema.js';
import { answerQuestion } from '../../ai/ask.answerer.js';
import type { AskSource } from '../../domain/ask.guardrails.js';
import { questionProblem } from '../../domain/ask.question.js';
import { spokenDate } from '../../domain/spoken.date.js';
import { askAnswerMessage, askNothingMessage, askSharedMessage } from '../../messages/ask.message.js';
import { UserError } from '../errors.js';
import type { Feature, FeatureContext } from '../feature.js';
import type { Identity } from '../identity.js';
import { channelCustomer, findSources, loadSources, SOURCES_SHOWN } from './ask.store.js';

/** Someone is waiting for the answer: a model slower than this costs them only the prose. */
const ASK_TIMEOUT_MS = 8_000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** `/hallway ask <question>`: an answer grounded in the notes the asker may see, and a way to share its quotes. */
export function createAskFeature(ctx: FeatureContext): Feature {
  const { db } = ctx;
  const zoneOf = (who: Identity) => who.timezone ?? ctx.timezone;
  const ai = ctx.ai && { ...ctx.ai, timeoutMs: Math.min(ctx.ai.timeoutMs, ASK_TIMEOUT_MS) };

  async function ask(question: string, who: Identity): Promise<Reply> {
    const problem = questionProblem(question);
    if (problem) throw new UserError(problem.code, problem.message, `/hallway ask ${question}`.trim(), problem.hint);
    const { sources, total, windowDays } = await findSources(db, who, question, ctx.clock.now());
    if (!sources.length) return { kind: 'message', visibility: 'private', message: askNothingMessage(question) };

    const outcome = await answerQuestion(ai, question, sources);
    if (outcome.source === 'sources' && outcome.why !== 'no_model') ctx.log.info({ why: outcome.why }, 'ask: model answer not used');
    const cited = outcome.source === 'ai' ? outcome.cited.map((n) => sources[n - 1]!) : sources;
    const now = ctx.clock.now();
    const message = askAnswerMessage({
      question,
      ...(outcome.source === 'ai' ? { answer: outcome.text } : {}),
      sources: sources.map((s) => ({ ...s, when: spokenDate(s.metAt, now, zoneOf(who)) })),
      more: Math.max(0, total - sources.length),
      ...(windowDays ? { moreWithin: windowDays } : {}),
      share: cited.filter((s) => s.quote).map((s) => s.noteId),
    });
    return { kind: 'message', visibility: 'private', message };
  }

  async function share(value: string, conversation: { platform: string; key: string }, who: Identity): Promise<Reply> {
    const ids = [...new Set(value.split(','))].filter((id) => UUID.test(id)).slice(0, SOURCES_SHOWN);
    if (!ids.length) throw new UserError('share_empty', 'There are no quotes to share from that answer.');
    const sources = await loadSources(db, who, ids);
    if (sources.length < ids.length) {
      throw new UserError('share_gone', 'Some of those notes were deleted or are no longer visible to you, so nothing was posted.', undefined, 'Ask again for a fresh answer.');
    }
    const customer = await channelCustomer(db, who.orgId, conversation.platform, conversation.key);
    if (customer) {
      throw new UserError('share_customer_channel', `This channel is shared with ${customer}, so customer quotes stay out of it. Nothing was posted.`, undefined, 'Share them in one of your team\'s own channels.');
    }
    const refusals = sources.flatMap((s) => refusal(s, ctx.clock.now(), zoneOf(who)));
    if (refusals.length) {
      throw new UserError('share_refused', `I can't post these quotes here: ${refusals.join('; ')}. Nothing was posted.`, undefined, 'Those notes stay between you and the account team.');
    }
    const [me] = await db.select({ name: users.displayName }).from(users).where(eq(users.id, who.userId));
    const now = ctx.clock.now();
    const quotes = sources.map((s) => ({ quote: s.quote!, ...(s.people[0] ? { person: s.people[0] } : {}), account: s.account, when: spokenDate(s.metAt, now, zoneOf(who)) }));
    return { kind: 'message', visibility: 'conversation', message: askSharedMessage(me?.name ?? 'A colleague', quotes) };
  }

  return {
    name: 'ask',
    commands: { 'hallway ask': (input, who) => ask(input.text.trim(), who) },
    actions: { 'ask.share': (input, who) => share(input.value, input.conversation, who) },
  };
}

/** Why one source's quote may not go to a channel, in words; none when it may. */
function refusal(s: AskSource, now: Date, zone: string): string[] {
  const what = `the note from ${s.account} ${spokenDate(s.metAt, now, zone)}`;
  if (s.internal) return [`${what} is internal`];
  if (!s.consentToQuote) return [`${s.people[0]?.name ?? 'the customer'} (${what}) did not agree to be quoted`];
  if (!s.quote) return [`${what} has no quote`];
  return [];
}
