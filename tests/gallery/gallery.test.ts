import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildGallery } from './gallery.build.js';
import { GALLERY } from './gallery.fixtures.js';
import { slackLimitProblems } from './slack-limits.check.js';

/*
 * No npm package ships the Adaptive Card 1.5 JSON schema (adaptivecards,
 * adaptivecards-designer (a 1.0 schema), @microsoft/teams.cards and the
 * Teams toolkits were checked), so cards are checked by Microsoft's own
 * reference parser, `adaptivecards`, reading them as version 1.5: it
 * reports unknown element and action types and values outside each
 * property's enumeration, which is what the schema would catch.
 */
const AC = createRequire(import.meta.url)('adaptivecards/dist/adaptivecards.js') as typeof import('adaptivecards');

function cardProblems(json: unknown): string[] {
  const card = new AC.AdaptiveCard();
  const context = new AC.SerializationContext(AC.Versions.v1_5);
  card.parse(json, context);
  const problems: string[] = [];
  for (let i = 0; i < context.eventCount; i++) problems.push(context.getEventAt(i).message);
  for (const e of card.validateProperties().validationEvents) problems.push(e.message);
  return problems;
}

const out = mkdtempSync(join(tmpdir(), 'hallway-gallery-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('the gallery', () => {
  const items = buildGallery(out);

  it('renders every message and form on both platforms, as JSON files and one page', () => {
    expect(items.map((i) => i.name)).toEqual(GALLERY.map((g) => g.name));
    for (const item of items) {
      expect(JSON.parse(readFileSync(join(out, 'slack', `${item.name}.json`), 'utf8'))).toEqual(item.slack);
      expect(JSON.parse(readFileSync(join(out, 'teams', `${item.name}.json`), 'utf8'))).toEqual(item.teams);
    }
    const page = readFileSync(join(out, 'index.html'), 'utf8');
    for (const item of items) {
      expect(page).toContain(`id="card-${item.name}"`);
      expect(page).toContain('https://app.slack.com/block-kit-builder/#');
    }
    expect(page).toContain('AdaptiveCards.AdaptiveCard.onProcessMarkdown');
    expect(existsSync(join(out, 'index.html'))).toBe(true);
  });

  it.each(GALLERY.map((g) => g.name))('%s: the Adaptive Card reads as valid 1.5', (name) => {
    const item = items.find((i) => i.name === name)!;
    expect(cardProblems(item.teams)).toEqual([]);
  });

  it.each(GALLERY.map((g) => g.name))('%s: the Block Kit payload is within Slack limits', (name) => {
    const item = items.find((i) => i.name === name)!;
    expect(slackLimitProblems(item.slack)).toEqual([]);
  });

  it('the checks can fail: a card with an unknown element and a bad size, a payload over the limits', () => {
    expect(cardProblems({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'Banner' }, { type: 'TextBlock', text: 'x', size: 'Huge' }] })).toEqual([
      'Unknown element type "Banner". Fallback will be used if present.',
      'Invalid value "Huge" for property "size".',
    ]);
    expect(
      slackLimitProblems({
        text: 'x',
        blocks: [
          { type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } },
          { type: 'section', text: { type: 'mrkdwn', text: 'x' } },
        ],
      }),
    ).toEqual(['block 0 (header) text: 151 > 150', 'block 1 (section): a block type our limits table does not cover']);
  });
});
