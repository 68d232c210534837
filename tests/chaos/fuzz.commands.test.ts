import fc from 'fast-check';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandName, Reply } from '../../src/chat/inbound.js';
import { cleanText } from '../../src/chat/input.normaliser.js';
import { parseConfig } from '../../src/config.js';
import { compose, type Composition } from '../../src/main.js';
import { openTestDb } from '../support/test-db.js';

/** 10,000 by default; CHAOS_RUNS for a quicker look. */
const RUNS = Number(process.env.CHAOS_RUNS ?? 10_000);

let app: Composition;
beforeAll(async () => {
  app = await compose(parseConfig({ HALLWAY_SCHEDULER: 'off' }), { db: await openTestDb(), log: pino({ level: 'silent' }) });
});
afterAll(async () => {
  await app?.close();
  await app?.db.close();
});

// What people (and attackers) type: any unicode, very long, quotes, mentions, markup, control characters.
const piece = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.constantFrom('"', '“', '”', "'", ':', ';', ',', '(', ')', '#internal', '#noquote', 'with', 'pain:', 'want:', 'follow-up:', 'by 2026-12-01', 'need:', 'ready: high', ' as ', ' replacing ', 'left', 'add', 'list', 'objectives', 'edit', 'replan', '<@U123|dana>', '<!channel>', '<#C1|eng>', '*bold*', '_it_', '`x`', '> quote', '\u0000', '\u200b', '\u202e', '\r\n', '\t', 'Acme', 'Dana Lee'),
);
const text = fc.oneof(
  { weight: 8, arbitrary: fc.array(piece, { maxLength: 12 }).map((p) => p.join(' ')) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 3000, maxLength: 12_000 }) },
);
const hallwayText = fc.tuple(fc.constantFrom('', 'help', 'subscribe', 'unsubscribe', 'digest', 'account', 'owner', 'link', 'team', 'forget', 'role', 'ask', 'home', 'webhook', 'pair', 'story', 'nonsense'), text).map(([sub, rest]) => `${sub} ${rest}`);

function quotes(reply: Reply): string {
  if (reply.kind !== 'message') return '';
  return reply.message.blocks.filter((b) => b.type === 'quote').map((b) => (b as { text: string }).text).join('');
}

let seq = 0;
async function check(command: CommandName, typed: string): Promise<void> {
  seq += 1;
  const reply = await app.core.command({
    actor: { platform: 'slack', workspaceId: 'T0FUZZ', userId: `U0FUZZ${seq % 7}`, displayName: 'fuzz' },
    conversation: { platform: 'slack', key: 'C0FUZZ' },
    command,
    text: typed,
    requestId: `fuzz-${seq}`,
  });
  // A specific answer, never the catch-all for a crash.
  if (reply.kind === 'message') expect(reply.message.text).not.toMatch(/Something went wrong on our side/);
  // A refusal of a note or a stakeholder command gives the text back: all of it, as cleaned where it entered.
  if (command !== 'hallway' && reply.kind === 'message' && reply.message.text.startsWith('⚠️')) {
    const kept = cleanText(typed).trim();
    if (kept) expect(quotes(reply).includes(kept.split('\n')[0]!.trim()), `echo of: ${JSON.stringify(typed.slice(0, 80))}`).toBe(true);
  }
}

describe(`fuzz: ${RUNS} generated texts per command through the core`, () => {
  for (const [command, arb] of [
    ['callnote', text],
    ['stakeholder', text],
    ['hallway', hallwayText],
  ] as const) {
    it(`/${command}: no crash, a specific reply each, the text never lost`, async () => {
      const started = performance.now();
      await fc.assert(fc.asyncProperty(arb, (t) => check(command, t)), { numRuns: RUNS, seed: 20261203 });
      console.log(`fuzz /${command}: ${RUNS} texts in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    });
  }
});
