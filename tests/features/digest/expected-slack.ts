/** The small book's digest (small-book.ts) as Slack must show it, written out by hand. */
const plain = (text: string) => ({ type: 'plain_text', text });
const rich = (...elements: Array<Record<string, unknown>>) => ({ type: 'rich_text', elements });
const run = (text: string, style?: Record<string, boolean>) => ({ type: 'text', text, ...(style ? { style } : {}) });
const text = (t: string) => rich({ type: 'rich_text_section', elements: [run(t)] });
const heading = (t: string) => rich({ type: 'rich_text_section', elements: [run(t, { bold: true })] });
const list = (...items: string[]) =>
  rich({ type: 'rich_text_list', style: 'bullet', elements: items.map((i) => ({ type: 'rich_text_section', elements: [run(i)] })) });
const context = (t: string) => ({ type: 'context', elements: [plain(t)] });
const divider = { type: 'divider' };
const open = (account: string, actionId: string, style?: 'primary') => ({
  type: 'button',
  action_id: actionId,
  text: plain(`Open ${account}`),
  value: JSON.stringify({ command: 'hallway', text: `account ${account}` }),
  ...(style ? { style } : {}),
});

/**
 * `chartFileId`: the delivered digest uploads its chart and shows it by file
 * id; the preview, answered to a slash command, shows the text sparkline.
 */
export function slackDigestBlocks(header: string, member: string, chartFileId?: string): Array<Record<string, unknown>> {
  return [
    { type: 'header', text: plain(header) },
    context('Your team of 1 · the 7 days to Mon 30 Nov, 09:00 (Europe/Berlin)'),
    heading('👉 Needs you (4)'),
    list('Dana Lee joined Acme as VP Engineering: nobody has followed up yet', 'Globex: no call note for 41 days', `${member} has 1 follow-up overdue`, `${member}: discovery missing or older than 90 days for 1 person`),
    { type: 'actions', elements: [open('Acme', 'command.run', 'primary'), open('Globex', 'command.run#2')] },
    divider,
    heading('🗣 What the team heard'),
    text('3 call notes ↑2 · 1 account'),
    rich({ type: 'rich_text_quote', elements: [run('We lose two days every month-end')] }, { type: 'rich_text_section', elements: [run('— Dana Lee, VP Engineering · Acme', { italic: true })] }),
    text('Who logged them'),
    list(`${member}: 3 ↑2`),
    text('Pains heard most'),
    list('Manual reconciliation: 3 ↑3', 'Slow exports: 1'),
    context('1 account ↑1 single-threaded: only one person known there'),
    divider,
    heading('📣 How stories landed'),
    text('1 story posted ↑1 · 2 reactions ↑2 · 1 "hear more" ask ↑1'),
    context('Most engaging: "Dana at Acme loses two days every month-end" (2 reactions, 1 "hear more" ask)'),
    context('Slowed down, as nobody engaged: #eng-payments (now on Mondays, Wednesdays and Fridays)'),
    divider,
    heading('📈 The last 8 weeks'),
    chartFileId
      ? { type: 'image', slack_file: { id: chartFileId }, alt_text: 'Per week, oldest to newest: call notes 0, 0, 1, 0, 0, 0, 1, 3; story engagement 0, 0, 0, 0, 0, 0, 0, 3' }
      : text('Call notes: ▁▁▃▁▁▁▃█  0 · 0 · 1 · 0 · 0 · 0 · 1 · 3\nStory engagement: ▁▁▁▁▁▁▁█  0 · 0 · 0 · 0 · 0 · 0 · 0 · 3'),
    context('Change the day or time: /hallway digest subscribe <day> HH:MM · whose work it covers: /hallway team add @name'),
  ];
}
