/** The small book's digest (small-book.ts) as Slack must show it, written out by hand. */
const md = (text: string) => ({ type: 'mrkdwn', text, verbatim: true });
const section = (text: string) => ({ type: 'section', text: md(text) });
const fields = (...pairs: Array<[string, string]>) => ({ type: 'section', fields: pairs.map(([label, value]) => md(`*${label}*\n${value}`)) });
const divider = { type: 'divider' };

export function slackDigestBlocks(header: string): Array<Record<string, unknown>> {
  return [
    { type: 'header', text: { type: 'plain_text', text: header } },
    { type: 'context', elements: [md('Your team of 1 · the 7 days to Mon 30 Nov 09:00 (Europe/Berlin)')] },
    divider,
    section('🗣 Conversations'),
    fields(['Notes', '3 (last week 1)'], ['Accounts touched', '1 (last week 1)'], ['Single-threaded accounts', '1 (last week 0): we know only one active person']),
    section('Notes by account manager:\n• Sam Berg — 3 (last week 1)'),
    divider,
    section('🤝 Relationships'),
    fields(
      ['Stakeholder changes', '1 (last week 0)'],
      ['Reminders open', '1 (last week 0)'],
      ['Reminders snoozed', '0 (last week 0)'],
      ['Reminders done', '0 (last week 0)'],
    ),
    section('Who changed this week:\n• Acme: Dana Lee joined as VP Engineering (reminder open)'),
    section('People whose discovery is missing or older than 90 days, by account manager:\n• Sam Berg — 1 (last week 0)'),
    divider,
    section('🧊 Going cold'),
    section('Accounts with no note in 30 days: 1 (last week 1)\n• Globex — 41 days since the last note'),
    divider,
    section('⏰ Follow-ups overdue'),
    section('Overdue: 1 (last week 0)'),
    section('By owner:\n• Sam Berg — 1 (last week 0)'),
    divider,
    section('💬 Voice of the customer'),
    section('Pains heard most:\n• Manual reconciliation — 3 (last week 0)\n• Slow exports — 1 (last week 1)'),
    section('>We lose two days every month-end\n— Dana Lee, VP Engineering · Acme'),
    divider,
    section('📣 Stories'),
    fields(['Posted', '1 (last week 0)'], ['Reactions', '2 (last week 0)'], ['"Hear more" asks', '1 (last week 0)'], ['"Not useful"', '0 (last week 0)']),
    section('Engineers engaged most with "Dana at Acme loses two days every month-end": 2 reactions, 1 hear-more ask, 0 replies'),
    { type: 'context', elements: [md('Slowed down, as nobody engaged: #eng-payments (now on Mondays, Wednesdays and Fridays)')] },
    divider,
    section('📈 Notes per week, last 8 weeks'),
    section('▁▁▃▁▁▁▃█'),
    { type: 'context', elements: [md('Oldest to newest: 0 · 0 · 1 · 0 · 0 · 0 · 1 · 3')] },
    {
      type: 'context',
      elements: [md('Change the day or time: /hallway digest subscribe &lt;day&gt; HH:MM · whose work it covers: /hallway team add @name')],
    },
  ];
}
