import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { Reply } from '../chat/inbound.js';
import type { Button } from '../messages/message.js';
import { errorMessage } from '../messages/reply.messages.js';

/**
 * An error the person can fix: a code for logs and tests, a sentence for the
 * person, and what they typed echoed back so nothing is lost.
 */
export class UserError extends Error {
  constructor(
    readonly code: string,
    readonly userMessage: string,
    readonly echo?: string,
    readonly hint?: string,
    /** Ways out, e.g. one button per candidate when a name is ambiguous. */
    readonly buttons?: Button[],
  ) {
    super(userMessage);
    this.name = 'UserError';
  }
}

/** The one place any error becomes what a person sees. */
export function errorToReply(err: unknown, log: Logger): Reply {
  if (err instanceof UserError) {
    return { kind: 'message', visibility: 'private', message: errorMessage(err.userMessage, err.hint, err.echo, err.buttons) };
  }
  const ref = randomBytes(3).toString('hex');
  log.error({ err, ref }, 'unexpected error while handling a request');
  return {
    kind: 'message',
    visibility: 'private',
    message: errorMessage(`Something went wrong on our side (ref ${ref}). Nothing you did caused it; please try again.`),
  };
}
