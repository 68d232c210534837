import { CardFactory, MessageFactory, type Activity } from 'botbuilder';

/** An Adaptive Card as a message activity; `summary` is what notifications and screen readers show. */
export function cardActivity(card: object, summary: string): Partial<Activity> {
  const activity = MessageFactory.attachment(CardFactory.adaptiveCard(card));
  activity.summary = summary;
  return activity;
}
