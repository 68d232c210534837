import type { NothingLeft } from '../domain/story.chooser.js';
import type { StoryDraft } from '../domain/story.template.js';
import type { Block, Message } from './message.js';

export const HEAR_MORE_ACTION = 'story.hear_more';
export const NOT_USEFUL_ACTION = 'story.not_useful';

export interface StoryCard {
  draft: StoryDraft;
  person: { name: string; title?: string | null };
  account: string;
  pains: string[];
  wants: string[];
  /** Where they want to be (discovery), when known and shareable. */
  goal?: string;
  loggedBy: string;
  /** Already formatted in the channel's zone, e.g. "4 Jan 2027". */
  loggedOn: string;
  /** Routes both buttons back to this post (story_posts.id). */
  postId: string;
}

/** One real person, their words, what it means to them and what they want; then who heard it. */
export function storyMessage(card: StoryCard): Message {
  const { draft } = card;
  const blocks: Block[] = [
    { type: 'header', text: draft.title },
    { type: 'person', name: card.person.name, title: card.person.title ?? undefined, account: card.account },
  ];
  if (draft.quote) blocks.push({ type: 'quote', text: draft.quote, by: card.person.name });
  blocks.push({ type: 'text', text: draft.body });
  const fields = [
    ...(card.pains.length ? [{ label: 'What it means to them', value: card.pains.join('\n') }] : []),
    ...(card.wants.length ? [{ label: 'What they want', value: card.wants.join('\n') }] : []),
    ...(card.goal ? [{ label: 'Where they want to be', value: card.goal }] : []),
  ];
  if (fields.length) blocks.push({ type: 'fields', fields });
  blocks.push(
    { type: 'context', text: `Logged by ${card.loggedBy} on ${card.loggedOn}` },
    {
      type: 'actions',
      buttons: [
        { actionId: HEAR_MORE_ACTION, label: "🙋 I'd like to hear more", value: card.postId, style: 'primary' },
        { actionId: NOT_USEFUL_ACTION, label: 'Not useful', value: card.postId },
      ],
    },
  );
  const title = card.person.title ? `, ${card.person.title}` : '';
  return { text: `Customer story: ${card.person.name}${title} at ${card.account}`, blocks };
}

/** The DM an account owner (or manager) gets when an engineer asks to hear more. */
export function hearMoreMessage(p: { engineer: string; person: string; account: string; quote?: string | null }): Message {
  const text = `${p.engineer} would like to hear more about ${p.person} at ${p.account}`;
  const blocks: Block[] = [{ type: 'text', text: `🙋 ${text}.` }];
  if (p.quote) blocks.push({ type: 'quote', text: p.quote, by: p.person });
  blocks.push({ type: 'context', text: `Bring ${p.engineer} along to your next call with ${p.person}, or tell them what you know.` });
  return { text, blocks };
}

export function nothingLeftText(why: NothingLeft): string {
  const filter = 'tags' in why && why.tags.length ? ` tagged ${why.tags.join(', ')}` : '';
  switch (why.code) {
    case 'no_notes':
      return 'There are no shareable notes yet: a story needs a note shared with engineering, with consent to quote, that names a person. Log one with /callnote.';
    case 'no_tag_match':
      return `No shareable note${filter} yet; log one with /callnote, or change this channel's tags with /hallway subscribe.`;
    case 'all_shown':
      return why.total === 1
        ? `The one shareable note${filter} has been shown here; log more with /callnote.`
        : `All ${why.total} shareable notes${filter} have been shown here; log more with /callnote.`;
  }
}
