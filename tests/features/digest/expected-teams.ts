/**
 * The small book's digest (small-book.ts) as a Teams Adaptive Card, written
 * out by hand: markdown punctuation arrives backslash-escaped, a divider is
 * `separator` on the element after it, commands are shown without a slash.
 */
const text = (t: string) => ({ type: 'TextBlock', text: t, wrap: true });
const title = (t: string) => ({ ...text(t), separator: true });
const subtle = (t: string) => ({ type: 'TextBlock', text: t, isSubtle: true, size: 'Small', wrap: true });
const facts = (...pairs: Array<[string, string]>) => ({ type: 'FactSet', facts: pairs.map(([t, value]) => ({ title: t, value })) });

export function teamsDigestCard(header: string, member: string) {
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body: [
      { type: 'TextBlock', text: header, size: 'Large', weight: 'Bolder', wrap: true },
      subtle('Your team of 1 · the 7 days to Mon 30 Nov 09:00 \\(Europe/Berlin\\)'),
      title('🗣 Conversations'),
      facts(['Notes', '3 \\(last week 1\\)'], ['Accounts touched', '1 \\(last week 1\\)'], ['Single-threaded accounts', '1 \\(last week 0\\): we know only one active person']),
      text(`Notes by account manager:\n• ${member} — 3 \\(last week 1\\)`),
      title('🤝 Relationships'),
      facts(
        ['Stakeholder changes', '1 \\(last week 0\\)'],
        ['Reminders open', '1 \\(last week 0\\)'],
        ['Reminders snoozed', '0 \\(last week 0\\)'],
        ['Reminders done', '0 \\(last week 0\\)'],
      ),
      text('Who changed this week:\n• Acme: Dana Lee joined as VP Engineering \\(reminder open\\)'),
      text('People whose discovery is missing or older than 90 days, by account manager:\n• Sam Lee — 1 \\(last week 0\\)'),
      title('🧊 Going cold'),
      text('Accounts with no note in 30 days: 1 \\(last week 1\\)\n• Globex — 41 days since the last note'),
      title('⏰ Follow-ups overdue'),
      text('Overdue: 1 \\(last week 0\\)'),
      text(`By owner:\n• ${member} — 1 \\(last week 0\\)`),
      title('💬 Voice of the customer'),
      text('Pains heard most:\n• Manual reconciliation — 3 \\(last week 0\\)\n• Slow exports — 1 \\(last week 1\\)'),
      {
        type: 'Container',
        style: 'emphasis',
        items: [text('_We lose two days every month-end_'), { type: 'TextBlock', text: '— Dana Lee, VP Engineering · Acme', isSubtle: true, wrap: true }],
      },
      title('📣 Stories'),
      facts(['Posted', '1 \\(last week 0\\)'], ['Reactions', '2 \\(last week 0\\)'], ['"Hear more" asks', '1 \\(last week 0\\)'], ['"Not useful"', '0 \\(last week 0\\)']),
      text('Engineers engaged most with "Dana at Acme loses two days every month-end": 2 reactions, 1 hear-more ask, 0 replies'),
      subtle('Slowed down, as nobody engaged: \\#eng-payments \\(now on Mondays, Wednesdays and Fridays\\)'),
      title('📈 Notes per week, last 8 weeks'),
      text('▁▁▃▁▁▁▃█'),
      subtle('Oldest to newest: 0 · 0 · 1 · 0 · 0 · 0 · 1 · 3'),
      subtle('Change the day or time: hallway digest subscribe \\<day\\> HH:MM · whose work it covers: hallway team add @name'),
    ],
  };
}
