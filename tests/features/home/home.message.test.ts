import { describe, expect, it } from 'vitest';
import { homeMessage } from '../../../src/messages/home.message.js';

describe('homeMessage', () => {
  it('says how many more there are instead of dropping them silently, and offers no intro call for someone who left', () => {
    const message = homeMessage({
      role: 'member',
      slash: false,
      accounts: [{ name: 'Acme', lastContact: '20 Nov (3 days ago)' }],
      moreAccounts: 4,
      changes: [{ id: 'c1', headline: 'Tom Reed has left Acme', canIntro: false, snoozedUntil: 'Tue 1 Dec' }],
      moreChanges: 2,
      followUps: [{ id: 'f1', text: 'send the deck', account: 'Acme', due: 'Fri 20 Nov', overdue: true }],
      moreFollowUps: 1,
      subscriptions: ['Your weekly digest, Mondays at 09:00 UTC'],
    });
    expect(message.blocks).toEqual([
      { type: 'header', text: 'Your Hallway' },
      { type: 'context', text: 'Your role: member' },
      { type: 'header', text: 'Your accounts' },
      { type: 'fields', fields: [{ label: 'Acme', value: 'last contact 20 Nov (3 days ago)' }] },
      { type: 'context', text: 'and 4 more; hallway account <name> shows any of them' },
      { type: 'divider' },
      { type: 'header', text: 'Stakeholder changes' },
      { type: 'text', text: 'Tom Reed has left Acme' },
      { type: 'context', text: 'snoozed until Tue 1 Dec' },
      {
        type: 'actions',
        buttons: [
          { actionId: 'stakeholder.snooze_week', label: 'Snooze 1 week', value: 'c1' },
          { actionId: 'stakeholder.done', label: 'Done', value: 'c1' },
        ],
      },
      { type: 'context', text: "and 2 more; hallway account <name> lists an account's open changes" },
      { type: 'divider' },
      { type: 'header', text: 'Follow-ups due' },
      { type: 'text', text: 'send the deck\nAcme · due Fri 20 Nov (overdue)' },
      {
        type: 'actions',
        buttons: [
          { actionId: 'note.followup_done', label: 'Done', value: 'f1', style: 'primary' },
          { actionId: 'note.followup_snooze', label: 'Snooze 1 day', value: 'f1' },
        ],
      },
      { type: 'context', text: 'and 1 more due this week' },
      { type: 'divider' },
      { type: 'header', text: 'Your subscriptions' },
      { type: 'text', text: '• Your weekly digest, Mondays at 09:00 UTC' },
      { type: 'context', text: 'hallway help lists every command.' },
    ]);
  });
});
