import { expect } from 'vitest';

/**
 * The small book's digest (small-book.ts) as a Teams Adaptive Card, written
 * out by hand: a divider is `separator` on the element after it, lists are
 * Markdown lists in one TextBlock, commands are shown without a slash. The
 * chart is a PNG inline (its bytes are checked by the digest tests).
 */
const text = (t: string) => ({ type: 'TextBlock', text: t, wrap: true });
const heading = (t: string, separator = false) => ({ type: 'TextBlock', text: t, size: 'Medium', weight: 'Bolder', wrap: true, ...(separator ? { separator } : {}) });
const subtle = (t: string) => ({ type: 'TextBlock', text: t, isSubtle: true, size: 'Small', wrap: true });
const open = (account: string, style?: 'positive') => ({
  type: 'Action.Submit',
  title: `Open ${account}`,
  ...(style ? { style } : {}),
  data: { hallwayAction: 'command.run', value: JSON.stringify({ command: 'hallway', text: `account ${account}` }) },
});

export function teamsDigestCard(header: string, member: string) {
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body: [
      { type: 'TextBlock', text: header, size: 'Large', weight: 'Bolder', wrap: true },
      subtle('Your team of 1 · the 7 days to Mon 30 Nov, 09:00 (Europe/Berlin)'),
      heading('👉 Needs you (4)'),
      text(`- Dana Lee joined Acme as VP Engineering: nobody has followed up yet\r- Globex: no call note for 41 days\r- ${member} has 1 follow-up overdue\r- ${member}: discovery missing or older than 90 days for 1 person`),
      { type: 'ActionSet', actions: [open('Acme', 'positive'), open('Globex')] },
      heading('🗣 What the team heard', true),
      text('3 call notes ↑2 · 1 account'),
      {
        type: 'Container',
        style: 'emphasis',
        items: [text('_We lose two days every month-end_'), { type: 'TextBlock', text: '— Dana Lee, VP Engineering · Acme', isSubtle: true, wrap: true }],
      },
      text('Who logged them'),
      text(`- ${member}: 3 ↑2`),
      text('Pains heard most'),
      text('- Manual reconciliation: 3 ↑3\r- Slow exports: 1'),
      subtle('1 account ↑1 single-threaded: only one person known there'),
      heading('📣 How stories landed', true),
      text('1 story posted ↑1 · 2 reactions ↑2 · 1 "hear more" ask ↑1'),
      subtle('Most engaging: "Dana at Acme loses two days every month-end" (2 reactions, 1 "hear more" ask)'),
      subtle('Slowed down, as nobody engaged: #eng-payments (now on Mondays, Wednesdays and Fridays)'),
      heading('📈 The last 8 weeks', true),
      { type: 'Image', url: expect.stringMatching(/^data:image\/png;base64,iVBORw0KGgo/), altText: 'Per week, oldest to newest: call notes 0, 0, 1, 0, 0, 0, 1, 3; story engagement 0, 0, 0, 0, 0, 0, 0, 3' },
      subtle('Change the day or time: hallway digest subscribe \\<day> HH:MM · whose work it covers: hallway team add @name'),
    ],
  };
}

/** Width and height of the card's chart, read from its PNG header. */
export function chartSize(card: { body: Array<{ type: string; url?: string }> }): { width: number; height: number } {
  const png = Buffer.from(card.body.find((e) => e.type === 'Image')!.url!.split(',')[1]!, 'base64');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}
