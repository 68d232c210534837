import type { Message } from './message.js';

/** Every command of the contract, with one example each. Adapters add the slash or not. */
export const COMMANDS: ReadonlyArray<{ usage: string; example: string; what: string }> = [
  { usage: '/callnote', example: '/callnote', what: 'open the call-note form' },
  {
    usage: '/callnote <account> [with <name> (<title>), …]: <text>',
    example:
      '/callnote Acme with Dana Lee (VP Engineering): "We lose two days every month-end" pain: manual reconciliation; want: auto-matching; follow-up: send the beta invite by 2026-12-01',
    what: 'log a call in one line; add #internal to keep it from engineers, #noquote if they did not agree to be quoted',
  },
  { usage: '/stakeholder <account> add <name> as <role> [replacing <name>]', example: '/stakeholder Acme add Priya Shah as CFO replacing Tom Reed', what: 'someone new in a role' },
  { usage: '/stakeholder <account> left <name>', example: '/stakeholder Acme left Tom Reed', what: 'someone left the customer' },
  { usage: '/stakeholder <account> objectives <name>: <objective>; <objective>', example: '/stakeholder Acme objectives Priya Shah: close the books in 3 days; cut audit fees', what: "a person's top objectives" },
  { usage: '/stakeholder <account> list', example: '/stakeholder Acme list', what: "the account's roster and its history" },
  { usage: '/stakeholder <account> edit <name>', example: '/stakeholder Acme edit Priya Shah', what: "a person's objectives, operating style and preferences, in a form" },
  { usage: '/stakeholder <account> replan <name>', example: '/stakeholder Acme replan Priya Shah', what: 're-learn a person step by step: objectives, style, preferences, a first call' },
  { usage: '/hallway subscribe [HH:MM] [<timezone>] [weekdays|daily] [tags: a, b]', example: '/hallway subscribe 09:30 Europe/Berlin weekdays tags: payments', what: 'a daily customer story in this channel' },
  { usage: '/hallway unsubscribe', example: '/hallway unsubscribe', what: 'stop stories in this channel' },
  { usage: '/hallway story', example: '/hallway story', what: 'post a story here now' },
  { usage: '/hallway digest [preview|subscribe [<day> HH:MM]|unsubscribe]', example: '/hallway digest subscribe monday 09:00', what: 'the weekly digest for managers' },
  { usage: '/hallway account <account>', example: '/hallway account Acme', what: "who's who, recent notes, open changes" },
  { usage: '/hallway ask <question>', example: '/hallway ask what did Acme say about billing?', what: 'an answer from the notes you may see, with its sources' },
  { usage: '/hallway owner <account> <@user>', example: '/hallway owner Acme @maria', what: 'set who owns an account' },
  { usage: '/hallway link <account>', example: '/hallway link Acme', what: 'link this shared channel to an account' },
  { usage: '/hallway team add <@user> […]', example: '/hallway team add @sam @lee', what: 'whose work your digest covers' },
  { usage: '/hallway team remove <@user> […]', example: '/hallway team remove @sam', what: 'take someone off your digest' },
  { usage: '/hallway home', example: '/hallway home', what: 'your accounts, stakeholder changes, follow-ups and subscriptions' },
  { usage: '/hallway forget <name>', example: '/hallway forget Dana Lee', what: 'erase a person everywhere (admins)' },
  { usage: '/hallway role [<@user> admin|manager|member]', example: '/hallway role @ana manager', what: 'who holds which role; admins set them' },
  { usage: '/hallway pair [<code>]', example: '/hallway pair K7QM-4TXD', what: 'join Slack and Teams in one organisation: a one-time code, then the code on the other side (admins)' },
  { usage: '/hallway webhook', example: '/hallway webhook', what: "this organisation's stakeholder webhook URL and secret (admins)" },
  { usage: '/hallway help', example: '/hallway help', what: 'this list' },
];

/** `slash` false renders the commands as Teams message text (no leading slash). */
export function helpMessage(opts: { slash: boolean }): Message {
  const show = (s: string) => (opts.slash ? s : s.replace(/^\//, ''));
  return {
    text: 'Hallway commands',
    blocks: [
      { type: 'header', text: 'Hallway — keep customers in front of the people who build for them' },
      {
        type: 'fields',
        fields: COMMANDS.map((c) => ({ label: show(c.usage), value: `${c.what}\ne.g. ${show(c.example)}` })),
      },
      {
        type: 'context',
        text: opts.slash
          ? 'Account names match by any unambiguous beginning, in any case.'
          : 'Type the words to the bot, with or without the slash. Account names match by any unambiguous beginning, in any case.',
      },
    ],
  };
}
