import type { Message } from './message.js';

export const RESTORE_CADENCE_ACTION = 'story.restore_cadence';

export interface CadenceNoticeView {
  /** How many stories in a row went by untouched. */
  quiet: number;
  /** "on Mondays, Wednesdays and Fridays". */
  now: string;
  /** "every weekday": what the channel subscribed to, and what the button brings back. */
  subscribed: string;
  /** "09:30". */
  time: string;
  subscriptionId: string;
}

/** Told once, in the channel, when its stories slow down. */
export function cadenceNoticeMessage(v: CadenceNoticeView): Message {
  const text = `Stories here now come ${v.now}`;
  return {
    text,
    blocks: [
      { type: 'text', text: `📉 The last ${v.quiet} stories here went by without a reaction, a reply or a click, so stories now come ${v.now} at ${v.time}, not ${v.subscribed}.` },
      { type: 'context', text: 'React to a story or reply under it and they come more often again.' },
      { type: 'actions', buttons: [{ actionId: RESTORE_CADENCE_ACTION, label: `Restore: ${v.subscribed}`, value: v.subscriptionId }] },
    ],
  };
}
