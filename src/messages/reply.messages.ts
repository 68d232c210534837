import type { Reply } from '../chat/inbound.js';
import type { Block, Button, Message } from './message.js';

export function errorMessage(problem: string, hint?: string, echo?: string, buttons?: Button[]): Message {
  const blocks: Block[] = [{ type: 'text', text: `⚠️ ${problem}` }];
  if (buttons?.length) blocks.push({ type: 'actions', buttons });
  if (hint) blocks.push({ type: 'context', text: hint });
  if (echo) blocks.push(...echoBlocks(echo));
  return { text: `⚠️ ${problem}`, blocks };
}

/**
 * Renderers clip a block to its platform's limit (Slack: 3,000 characters a
 * section, after escaping), so a long echo comes back in several quotes and
 * nothing the person typed is cut.
 */
const ECHO_PIECE = 1500;

function echoBlocks(echo: string): Block[] {
  const pieces: string[] = [];
  let rest = echo;
  while (rest.length > ECHO_PIECE) {
    // Break at a line end or a space when there is one in the second half, else mid-word (never mid-character).
    const window = rest.slice(0, ECHO_PIECE);
    let cut = Math.max(window.lastIndexOf('\n'), window.lastIndexOf(' '));
    if (cut < ECHO_PIECE / 2) cut = /[\ud800-\udbff]/.test(window.at(-1) ?? '') ? ECHO_PIECE - 1 : ECHO_PIECE;
    else cut += 1;
    pieces.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  pieces.push(rest);
  return pieces.map((text, i) => (i === pieces.length - 1 ? { type: 'quote', text, by: 'what you typed (copy it to try again)' } : { type: 'quote', text }));
}

/**
 * What an adapter sends, as plain text, when the reply could not be drawn for
 * its platform (a renderer refused a value): never nothing, and never the
 * person's text lost.
 */
export function renderFailedText(typed?: string): string {
  const head = 'I could not show my answer here; nothing you typed is lost.';
  return typed?.trim() ? `${head} What you typed, to try again:\n\n${typed}` : `${head} Please try again.`;
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
