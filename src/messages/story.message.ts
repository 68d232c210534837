import type { NothingLeft } from '../domain/story.chooser.js';
import { firstName, type StoryDraft } from '../domain/story.template.js';
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

/**
 * One real person: the headline, then their words, who they are (named
 * once: the template's headline already names them, a drafted one may not),
 * what gets in their way and what would help; then who heard it.
 */
export function storyMessage(card: StoryCard): Message {
  const { draft, person } = card;
  const blocks: Block[] = [{ type: 'header', text: draft.title }];
  if (draft.quote) blocks.push({ type: 'quote', text: draft.quote });
  const titled = (s: string) => draft.title.toLowerCase().includes(s.toLowerCase());
  const introduced = !titled(person.name);
  if (introduced) blocks.push({ type: 'person', name: person.name, title: person.title ?? undefined, account: card.account });
  if (draft.body.trim()) blocks.push({ type: 'text', text: draft.body });
  if (card.pains.length) blocks.push({ type: 'heading', text: 'What gets in their way' }, { type: 'list', items: card.pains });
  if (card.wants.length) blocks.push({ type: 'heading', text: 'What would help them' }, { type: 'list', items: card.wants });
  if (card.goal) blocks.push({ type: 'heading', text: 'Where they want to be' }, { type: 'text', text: card.goal });
  blocks.push(
    { type: 'context', text: `${introduced || titled(card.account) ? '' : `${card.account} · `}Heard by ${card.loggedBy} on ${card.loggedOn}` },
    {
      type: 'actions',
      buttons: [
        { actionId: HEAR_MORE_ACTION, label: "🙋 I'd like to hear more", value: card.postId, style: 'primary' },
        { actionId: NOT_USEFUL_ACTION, label: 'Not useful', value: card.postId },
      ],
    },
  );
  const who = `${person.name}${person.title ? `, ${person.title}` : ''} at ${card.account}`;
  return { text: draft.quote ? `"${draft.quote}" — ${who}` : `Customer story: ${who}`, blocks };
}

/** The DM an account owner (or manager) gets when an engineer asks to hear more. */
export function hearMoreMessage(p: { engineer: string; person: string; account: string; quote?: string | null }): Message {
  const text = `${p.engineer} would like to hear more about ${p.person} at ${p.account}`;
  const blocks: Block[] = [{ type: 'text', text: `🙋 ${text}.` }];
  if (p.quote) blocks.push({ type: 'quote', text: p.quote });
  blocks.push({ type: 'context', text: `Bring ${firstName(p.engineer)} along to your next call, or tell them what you know.` });
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
