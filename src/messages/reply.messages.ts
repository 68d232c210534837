import type { Reply } from '../chat/inbound.js';
import type { Block, Button, Message } from './message.js';

export function errorMessage(problem: string, hint?: string, echo?: string, buttons?: Button[]): Message {
  const blocks: Block[] = [{ type: 'text', text: `⚠️ ${problem}` }];
  if (buttons?.length) blocks.push({ type: 'actions', buttons });
  if (hint) blocks.push({ type: 'context', text: hint });
  if (echo) blocks.push({ type: 'quote', text: echo, by: 'what you typed (copy it to try again)' });
  return { text: `⚠️ ${problem}`, blocks };
}

export function infoMessage(text: string, context?: string): Message {
  const blocks: Block[] = [{ type: 'text', text }];
  if (context) blocks.push({ type: 'context', text: context });
  return { text, blocks };
}

/** A short private answer: a confirmation only the person who acted sees. */
export function privateText(text: string): Reply {
  return { kind: 'message', visibility: 'private', message: infoMessage(text) };
}
