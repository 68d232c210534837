import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError } from 'openai';

export interface AiConfig {
  apiKey: string;
  baseURL?: string;
  model: string;
}

/** What the model is asked for: a free-text note's fields, a story's draft, an answer to a question. */
export type AiUse = 'note' | 'story' | 'ask';

/**
 * Why a use of the model fell back to its deterministic path: no connection
 * (down), no answer in time (timeout), an HTTP error status (error), an
 * answer that cannot be read or has the wrong shape (invalid), or one the
 * guardrails refused (rejected).
 */
export type FallbackReason = 'down' | 'timeout' | 'error' | 'invalid' | 'rejected';

/** An OpenAI-compatible model; every use of it has a deterministic fallback. */
export interface AiModel {
  client: OpenAI;
  model: string;
  /** Per-call ceiling: a slow model must never hold up a person. */
  timeoutMs: number;
  /** Told each time a use falls back (the fallbacks metric). */
  onFallback?: (use: AiUse, reason: FallbackReason) => void;
}

export function createAiModel(config: AiConfig | undefined, timeoutMs = 15_000, onFallback?: AiModel['onFallback']): AiModel | undefined {
  if (!config) return undefined;
  return {
    client: new OpenAI({ apiKey: config.apiKey, baseURL: config.baseURL, timeout: timeoutMs, maxRetries: 0 }),
    model: config.model,
    timeoutMs,
    onFallback,
  };
}

/** The reason for a call that threw: the client's own errors say which; anything else came from reading the answer. */
export function failureReason(err: unknown): FallbackReason {
  if (err instanceof APIConnectionTimeoutError) return 'timeout';
  if (err instanceof APIConnectionError) return 'down';
  if (err instanceof APIError) return 'error';
  return 'invalid';
}
