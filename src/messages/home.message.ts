import type { Block, Button, Message } from './message.js';
import { REMINDER_ACTIONS } from './stakeholder.reminder.js';

export const FOLLOW_UP_ACTIONS = { done: 'note.followup_done', snooze: 'note.followup_snooze' } as const;

export interface HomeView {
  role: string;
  accounts: Array<{ name: string; /** "12 Nov (11 days ago)", absent when no call was ever logged. */ lastContact?: string }>;
  moreAccounts: number;
  changes: Array<{ id: string; headline: string; /** "Tue 1 Dec", while snoozed. */ snoozedUntil?: string; canIntro: boolean }>;
  moreChanges: number;
  followUps: Array<{ id: string; text: string; account: string; due: string; overdue: boolean }>;
  moreFollowUps: number;
  subscriptions: string[];
  /** Slack writes commands with a slash; Teams as plain words. */
  slash: boolean;
}

const ROLE_NAMES: Record<string, string> = { account_manager: 'account manager' };

/**
 * One person's Home: Slack's App Home tab, and `/hallway home` on both
 * platforms. Lists end with how many more there are, never silently.
 */
export function homeMessage(v: HomeView): Message {
  const cmd = (s: string) => (v.slash ? `/${s}` : s);
  const blocks: Block[] = [
    { type: 'header', text: 'Your Hallway' },
    { type: 'context', text: `Your role: ${ROLE_NAMES[v.role] ?? v.role.replace(/_/g, ' ')}` },
    { type: 'header', text: 'Your accounts' },
  ];
  if (v.accounts.length === 0) {
    blocks.push({ type: 'text', text: `You own no accounts yet. The first call note about a customer makes you its owner: ${cmd('callnote Acme with Dana Lee: …')}` });
  } else {
    blocks.push({ type: 'fields', fields: v.accounts.map((a) => ({ label: a.name, value: a.lastContact ? `last contact ${a.lastContact}` : 'no call logged yet' })) });
    if (v.moreAccounts) blocks.push({ type: 'context', text: `and ${v.moreAccounts} more; ${cmd('hallway account <name>')} shows any of them` });
  }

  blocks.push({ type: 'divider' }, { type: 'header', text: 'Stakeholder changes' });
  if (v.changes.length === 0) blocks.push({ type: 'text', text: 'Nobody new or gone at your accounts: nothing to re-learn.' });
  for (const c of v.changes) {
    blocks.push({ type: 'text', text: c.headline });
    if (c.snoozedUntil) blocks.push({ type: 'context', text: `snoozed until ${c.snoozedUntil}` });
    const buttons: Button[] = [];
    if (c.canIntro) buttons.push({ actionId: REMINDER_ACTIONS.logIntro, label: 'Log intro call', value: c.id, style: 'primary' });
    buttons.push({ actionId: REMINDER_ACTIONS.snoozeWeek, label: 'Snooze 1 week', value: c.id }, { actionId: REMINDER_ACTIONS.done, label: 'Done', value: c.id });
    blocks.push({ type: 'actions', buttons });
  }
  if (v.moreChanges) blocks.push({ type: 'context', text: `and ${v.moreChanges} more; ${cmd('hallway account <name>')} lists an account's open changes` });

  blocks.push({ type: 'divider' }, { type: 'header', text: 'Follow-ups due' });
  if (v.followUps.length === 0) blocks.push({ type: 'text', text: 'No follow-up due this week.' });
  for (const f of v.followUps) {
    blocks.push({ type: 'text', text: `${f.text}\n${f.account} · due ${f.due}${f.overdue ? ' (overdue)' : ''}` });
    blocks.push({
      type: 'actions',
      buttons: [
        { actionId: FOLLOW_UP_ACTIONS.done, label: 'Done', value: f.id, style: 'primary' },
        { actionId: FOLLOW_UP_ACTIONS.snooze, label: 'Snooze 1 day', value: f.id },
      ],
    });
  }
  if (v.moreFollowUps) blocks.push({ type: 'context', text: `and ${v.moreFollowUps} more due this week` });

  blocks.push({ type: 'divider' }, { type: 'header', text: 'Your subscriptions' });
  blocks.push({
    type: 'text',
    text: v.subscriptions.length
      ? v.subscriptions.map((s) => `• ${s}`).join('\n')
      : `None yet: ${cmd('hallway subscribe 09:30')} in a channel brings it a customer story each working day.`,
  });
  blocks.push({ type: 'context', text: `${cmd('hallway help')} lists every command.` });
  return { text: 'Your Hallway: accounts, stakeholder changes, follow-ups and subscriptions', blocks };
}
