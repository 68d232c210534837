import { pino, type DestinationStream, type Logger } from 'pino';
import type { Config } from './config.js';

export type { Logger };

const CENSOR = '[redacted]';

/**
 * Token shapes that are secret whoever holds them: Slack tokens (ours, and
 * each workspace's from an OAuth install, which no configuration names),
 * bearer credentials, and secrets in form or JSON bodies that libraries log
 * pre-formatted (Bolt's debug line of the oauth.v2.access request).
 */
const SECRET_SHAPES: RegExp[] = [
  /\bxox[abeoprs]-[A-Za-z0-9-]{6,}/g,
  /\bxapp-[A-Za-z0-9-]{6,}/g,
  /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi,
  /((?:client_secret|password|refresh_token|access_token|api_key|apiKey)["']?\s*[:=]\s*["']?)[^"'&\s,}]+/gi,
  /(postgres(?:ql)?:\/\/[^:/@\s]+:)[^@\s]+(?=@)/g,
];

/** The values of the configuration that must never be printed. */
export function secretsOf(config: Config): string[] {
  const pwd = config.database.url ? safeUrlPassword(config.database.url) : undefined;
  return [
    config.slack?.signingSecret,
    config.slack?.botToken,
    config.slack?.appToken,
    config.slack?.oauth?.clientSecret,
    config.slack?.oauth?.stateSecret,
    config.teams.appPassword,
    config.openai?.apiKey,
    config.encryptionKey,
    config.webhookSecret,
    pwd,
  ].filter((s): s is string => typeof s === 'string' && s.length >= 4);
}

function safeUrlPassword(url: string): string | undefined {
  try {
    return decodeURIComponent(new URL(url).password) || undefined;
  } catch {
    return undefined;
  }
}

/** Replaces every known secret value and every secret-shaped token in `text`. */
export function createScrubber(secrets: string[]): (text: string) => string {
  // Also their JSON-escaped and URL-encoded forms, as they appear inside a logged body.
  const forms = [...new Set(secrets.flatMap((s) => [s, JSON.stringify(s).slice(1, -1), encodeURIComponent(s)]))].sort((a, b) => b.length - a.length);
  return (text) => {
    let out = text;
    for (const s of forms) if (out.includes(s)) out = out.split(s).join(CENSOR);
    for (const shape of SECRET_SHAPES) out = out.replace(shape, (_m, keep?: string) => (typeof keep === 'string' && !/^(Bearer|Basic)$/i.test(keep) ? `${keep}${CENSOR}` : CENSOR));
    return out;
  };
}

/**
 * Errors as logs may hold them: no query parameters (customers' words), no
 * Postgres `detail` (it quotes the values of a violated key), no request
 * bodies; the SQL text, codes and the constraint stay, to find the cause.
 */
export function serializeError(err: unknown, depth = 0): unknown {
  if (!(err instanceof Error)) return typeof err === 'object' && err !== null ? { message: 'non-Error thrown' } : { message: withoutParams(String(err)) };
  const e = err as Error & Record<string, unknown>;
  const message = withoutParams(e.message);
  const out: Record<string, unknown> = { type: e.constructor?.name ?? e.name, message };
  for (const key of ['code', 'severity', 'constraint', 'table', 'column', 'routine', 'status', 'statusCode', 'retryAfter'] as const) {
    const v = e[key];
    if (typeof v === 'string' || typeof v === 'number') out[key] = v;
  }
  if (typeof e.query === 'string') out.query = e.query;
  const data = e.data as { error?: unknown } | undefined;
  if (data && typeof data.error === 'string') out.platformError = data.error;
  if (e.stack) out.stack = e.stack.split(e.message).join(message);
  if (e.cause !== undefined && depth < 4) out.cause = serializeError(e.cause, depth + 1);
  return out;
}

/** Drizzle's "Failed query: <sql>\nparams: <values>": the values go. */
function withoutParams(message: string): string {
  const at = message.indexOf('\nparams:');
  return at >= 0 ? `${message.slice(0, at)}\nparams: [${CENSOR}]` : message;
}

export interface LoggerOptions {
  /** Values never to print (secretsOf(config)); secret-shaped tokens are scrubbed regardless. */
  secrets?: string[];
  /** Where lines go; stdout by default. */
  destination?: { write(line: string): void };
}

/** Structured logs; secrets are redacted wherever they might appear, also inside pre-formatted strings. */
export function createLogger(level: string, opts: LoggerOptions = {}): Logger {
  const scrub = createScrubber(opts.secrets ?? []);
  const out = opts.destination ?? process.stdout;
  // The last line of defence sees each finished line, whatever shape a library gave its message.
  const destination: DestinationStream = { write: (line: string) => void out.write(scrub(line)) };
  return pino(
    {
      level,
      redact: {
        paths: ['*.token', '*.botToken', '*.bot_token', '*.appPassword', '*.password', '*.authorization', '*.headers.authorization'],
        censor: CENSOR,
      },
      serializers: { err: serializeError, error: serializeError },
    },
    destination,
  );
}
