import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conversations, deliveries, stories } from '../../../src/db/schema.js';
import type { Message } from '../../../src/messages/message.js';
import type { DeliveryKind } from '../../../src/scheduler/types.js';
import { startFakeOpenAi } from '../../support/fake-openai.js';
import { account, composeTestApp, deliveryKind, manualClock, note, user } from './stories.fixtures.js';

/* The model configured through OPENAI_* as main.ts wires it: its draft is used only when it passes. */

const clock = manualClock('2027-03-01T09:00:00Z');
let app: Awaited<ReturnType<typeof composeTestApp>>;
let openai: Awaited<ReturnType<typeof startFakeOpenAi>>;
let story: DeliveryKind;
let orgId: string;
let authorId: string;

beforeAll(async () => {
  openai = await startFakeOpenAi();
  app = await composeTestApp(clock, { OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: openai.baseURL, OPENAI_MODEL: 'story-model' });
  story = deliveryKind(app, 'story');
  const maria = await user(app.db.db, { id: 'U0MARIA', name: 'Maria Jensen' });
  orgId = maria.orgId;
  authorId = maria.userId;
});
afterAll(async () => {
  await app?.close();
  await openai?.close();
});

async function storyIn(channel: string, accountName: string, person: string): Promise<Message | null> {
  const acct = await account(app.db.db, orgId, accountName, { tags: [channel] });
  await note(app.db.db, { orgId, authorId, accountId: acct.id, people: [{ name: person }], quote: 'Month-end takes two days', summary: `${person} closes the books.`, metAt: clock.now() });
  await app.core.command({ actor: { platform: 'slack', workspaceId: 'T0HALLWAY', userId: 'U0SAM' }, conversation: { platform: 'slack', key: channel }, command: 'hallway', text: `subscribe tags: ${channel}` });
  const [conv] = await app.db.db.select().from(conversations).where(eq(conversations.externalId, channel));
  await app.queue.enqueue({ orgId, kind: 'story', dedupeKey: `ai:${channel}`, dueAt: clock.now(), target: { type: 'conversation', platform: 'slack', key: channel }, payload: { conversationId: conv!.id } });
  const [d] = await app.db.db.select().from(deliveries).where(eq(deliveries.dedupeKey, `ai:${channel}`));
  return story.compose(d!, clock.now());
}

describe('stories drafted by a model', () => {
  it("uses the model's draft when it keeps the quote and invents no one", async () => {
    openai.set({ kind: 'json', content: { title: 'Ada Byrne wants month-end back', body: 'Ada closes the books, and it takes two days.', quote: 'Month-end takes two days' } });
    const msg = await storyIn('c0ai-good', 'Byrne Ltd', 'Ada Byrne');
    // The drafted headline names Ada, so the card does not again; the account, which it leaves out, is in the footer.
    expect(msg?.blocks.slice(0, 3)).toEqual([
      { type: 'header', text: 'Ada Byrne wants month-end back' },
      { type: 'quote', text: 'Month-end takes two days' },
      { type: 'text', text: 'Ada closes the books, and it takes two days.' },
    ]);
    expect(msg?.blocks.find((b) => b.type === 'context')).toMatchObject({ text: expect.stringMatching(/^Byrne Ltd · Heard by /) });
    const [row] = await app.db.db.select({ source: stories.source }).from(stories).where(eq(stories.title, 'Ada Byrne wants month-end back'));
    expect(row).toEqual({ source: 'ai' });
  });

  it('uses the template when the model names someone the note does not', async () => {
    openai.set({ kind: 'json', content: { title: 'Bo Chen and Priya', body: 'Bo and Priya close the books.', quote: 'Month-end takes two days' } });
    const msg = await storyIn('c0ai-bad', 'Chen GmbH', 'Bo Chen');
    expect(msg?.blocks[0]).toEqual({ type: 'header', text: 'Meet Bo Chen at Chen GmbH' });
    const [row] = await app.db.db.select({ source: stories.source }).from(stories).where(eq(stories.title, 'Meet Bo Chen at Chen GmbH'));
    expect(row).toEqual({ source: 'template' });
  });

  it('uses the template when the model fails', async () => {
    openai.set({ kind: 'status', status: 500 });
    const msg = await storyIn('c0ai-down', 'Dune Inc', 'Cy Dune');
    expect(msg?.blocks[0]).toEqual({ type: 'header', text: 'Meet Cy Dune at Dune Inc' });
  });
});
