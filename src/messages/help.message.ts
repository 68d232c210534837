import { capitalise } from './wording.js';
import type { Block, Message } from './message.js';

export type HelpRole = 'engineer' | 'account_manager' | 'manager' | 'admin';

export interface HelpCommand {
  usage: string;
  example: string;
  what: string;
  /** Who reaches for it first; anyone may use most commands. */
  role: HelpRole;
}

/** Every command of the contract, with a real example each. Adapters add the slash or not. */
export const COMMANDS: readonly HelpCommand[] = [
  { role: 'engineer', usage: '/hallway subscribe [HH:MM] [<timezone>] [weekdays|daily] [tags: a, b]', example: '/hallway subscribe 09:30 Europe/Berlin weekdays tags: payments', what: 'a real customer story in this channel every morning' },
  { role: 'engineer', usage: '/hallway story', example: '/hallway story', what: 'post a story here now' },
  { role: 'engineer', usage: '/hallway unsubscribe', example: '/hallway unsubscribe', what: 'stop the stories in this channel' },
  { role: 'engineer', usage: '/hallway ask <question>', example: '/hallway ask what slows down month-end at Cobalt?', what: 'an answer from the notes you may see, with its sources' },
  { role: 'engineer', usage: '/hallway home', example: '/hallway home', what: 'your accounts, reminders, follow-ups and subscriptions' },

  { role: 'account_manager', usage: '/callnote', example: '/callnote', what: 'log a call in a form' },
  {
    role: 'account_manager',
    usage: '/callnote <account> [with <name> (<title>), …]: <text>',
    example: '/callnote Acme with Dana Lee (VP Engineering): "We lose two days every month-end" pain: manual reconciliation; want: auto-matching; follow-up: send the beta invite by 2026-12-01',
    what: 'log a call in one line; #internal keeps it from engineers, #noquote if they did not agree to be quoted',
  },
  { role: 'account_manager', usage: '/hallway account <account>', example: '/hallway account Acme', what: "who's who, what is open, the last calls" },
  { role: 'account_manager', usage: '/stakeholder <account> add <name> as <role> [replacing <name>]', example: '/stakeholder Acme add Priya Shah as CFO replacing Tom Reed', what: 'someone new in a role' },
  { role: 'account_manager', usage: '/stakeholder <account> left <name>', example: '/stakeholder Acme left Tom Reed', what: 'someone left the customer' },
  { role: 'account_manager', usage: '/stakeholder <account> objectives <name>: <objective>; <objective>', example: '/stakeholder Acme objectives Priya Shah: close the books in 3 days; cut audit fees', what: "a person's top objectives" },
  { role: 'account_manager', usage: '/stakeholder <account> edit <name>', example: '/stakeholder Acme edit Priya Shah', what: "a person's objectives, operating style and preferences, in a form" },
  { role: 'account_manager', usage: '/stakeholder <account> replan <name>', example: '/stakeholder Acme replan Priya Shah', what: 'the guided re-plan for someone new, step by step' },
  { role: 'account_manager', usage: '/stakeholder <account> list', example: '/stakeholder Acme list', what: "who holds which role, and who held it before" },
  { role: 'account_manager', usage: '/hallway link <account>', example: '/hallway link Acme', what: 'link this shared channel to its customer' },

  { role: 'manager', usage: '/hallway digest [preview|subscribe [<day> HH:MM]|unsubscribe]', example: '/hallway digest subscribe monday 09:00', what: 'your weekly digest: what needs you, what the team heard' },
  { role: 'manager', usage: '/hallway team add <@user> […]', example: '/hallway team add @sam @lee', what: 'whose work your digest covers' },
  { role: 'manager', usage: '/hallway team remove <@user> […]', example: '/hallway team remove @sam', what: 'take someone off your digest' },
  { role: 'manager', usage: '/hallway owner <account> <@user>', example: '/hallway owner Acme @maria', what: 'who owns an account' },

  { role: 'admin', usage: '/hallway role [<@user> admin|manager|member]', example: '/hallway role @ana manager', what: 'who holds which role; admins set them' },
  { role: 'admin', usage: '/hallway pair [<code>]', example: '/hallway pair K7QM-4TXD', what: 'join Slack and Teams in one organisation: a one-time code here, then the code on the other side' },
  { role: 'admin', usage: '/hallway webhook', example: '/hallway webhook', what: "the CRM webhook's address and secret" },
  { role: 'admin', usage: '/hallway forget <name>', example: '/hallway forget Dana Lee', what: 'erase a person everywhere' },

  { role: 'engineer', usage: '/hallway help', example: '/hallway help', what: 'this list' },
];

const GROUPS: ReadonlyArray<[HelpRole, string]> = [
  ['engineer', '🛠 Engineers: hear from customers'],
  ['account_manager', '🤝 Account managers: capture calls, follow people'],
  ['manager', '📊 Managers: see the week'],
  ['admin', '🔑 Admins'],
];

/** `slash` false renders the commands as Teams message text (no leading slash). */
export function helpMessage(opts: { slash: boolean }): Message {
  const show = (s: string) => (opts.slash ? s : s.replace(/^\//, ''));
  const blocks: Block[] = [{ type: 'header', text: 'Hallway: keep customers in front of the people who build for them' }];
  for (const [role, heading] of GROUPS) {
    // What it does, then a real example: the full grammar lives in the README, and the bot says what to fix when a command does not read.
    const items = COMMANDS.filter((c) => c.role === role && c.usage !== '/hallway help').map((c) => `${capitalise(c.what)}: ${show(c.example)}`);
    blocks.push({ type: 'heading', text: heading }, { type: 'list', items });
  }
  blocks.push({
    type: 'context',
    text: `${opts.slash ? '' : 'Type the words to the bot, with or without the slash. '}Account names match by any unambiguous beginning, in any case. ${show('/hallway help')} shows this again.`,
  });
  return { text: 'Hallway commands, by who uses them', blocks };
}
