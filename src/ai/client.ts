import OpenAI from 'openai';

export interface AiConfig {
  apiKey: string;
  baseURL?: string;
  model: string;
}

/** An OpenAI-compatible model; every use of it has a deterministic fallback. */
export interface AiModel {
  client: OpenAI;
  model: string;
  /** Per-call ceiling: a slow model must never hold up a person. */
  timeoutMs: number;
}

export function createAiModel(config: AiConfig | undefined, timeoutMs = 15_000): AiModel | undefined {
  if (!config) return undefined;
  return {
    client: new OpenAI({ apiKey: config.apiKey, baseURL: config.baseURL, timeout: timeoutMs, maxRetries: 0 }),
    model: config.model,
    timeoutMs,
  };
}
