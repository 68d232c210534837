/**
 * Teams / Adaptive Card size limits.
 *
 * Only the whole-message limit is documented, and Microsoft has published
 * several figures for it: 28 KB (Power Automate / Graph posts), 40 KB and
 * now 100 KB (bot messages, "keep under 80 KB"), measured as the payload
 * encoded in UTF-16. We budget the card at 28 KB of UTF-16 (14,000 code
 * units of JSON), which satisfies every published figure and leaves room for
 * the rest of the activity.
 *
 * Adaptive Cards set no per-element length limits; the rest are our own
 * conservative choices so one long field cannot eat the whole budget and
 * labels stay readable on mobile.
 */
export const TEAMS_LIMITS = {
  /** Card JSON budget in bytes of UTF-16 (2 per code unit). */
  cardBytes: 28_000,

  textBlock: 4000,
  headerText: 400,
  factTitle: 200,
  factValue: 2000,
  /** Buttons wider than this get truncated by Teams clients anyway. */
  actionTitle: 50,
  /** Teams' host config shows this many actions in a row before overflow. */
  actionsPerSet: 6,

  /** Our own bound for an inline (data: URI) picture, so a chart never crowds the text out of the card budget. */
  imageDataUri: 10_000,
  imageAltText: 1000,

  inputLabel: 400,
  placeholder: 150,
  choices: 100,
  choiceTitle: 200,
  /** Same bound as Slack, so a form accepts the same text on both platforms. */
  inputMaxLength: 3000,
} as const;
