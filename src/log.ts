import { pino, type Logger } from 'pino';

export type { Logger };

/** Structured logs; secrets are redacted wherever they might appear. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    redact: {
      paths: ['*.token', '*.botToken', '*.bot_token', '*.appPassword', '*.password', '*.authorization', '*.headers.authorization'],
      censor: '[redacted]',
    },
  });
}
