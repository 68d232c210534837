import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandInput } from '../../../src/chat/inbound.js';
import { channelSubscriptions, conversations, deliveries, engagement, stories, storyPosts } from '../../../src/db/schema.js';
import type { Message } from '../../../src/messages/message.js';
import type { DeliveryKind, DeliveryRecord } from '../../../src/scheduler/types.js';
import { account, composeTestApp, deliveryKind, manualClock, note, user } from './stories.fixtures.js';

/*
 * What a channel gets: compose() chooses and writes the story at send time;
 * sent() records it. Driven directly, without sending, so the choice rules
 * are tested apart from the queue.
 */

const clock = manualClock('2027-03-01T09:00:00Z');
let app: Awaited<ReturnType<typeof composeTestApp>>;
let story: DeliveryKind;
let orgId: string;
let authorId: string;
let seq = 0;
const day = (n: number) => new Date(Date.UTC(2027, 2, 1) - n * 86_400_000);

beforeAll(async () => {
  app = await composeTestApp(clock);
  story = deliveryKind(app, 'story');
  const maria = await user(app.db.db, { id: 'U0MARIA', name: 'Maria Jensen', role: 'member' });
  orgId = maria.orgId;
  authorId = maria.userId;
});
afterAll(() => app?.close());

function command(channel: string, text: string): CommandInput {
  return { actor: { platform: 'slack', workspaceId: 'T0HALLWAY', userId: 'U0ENGINEER' }, conversation: { platform: 'slack', key: channel }, command: 'hallway', text };
}

async function subscribe(channel: string, text = '') {
  await app.core.command(command(channel, `subscribe ${text}`));
  const [row] = await app.db.db
    .select({ conversationId: conversations.id, subscriptionId: channelSubscriptions.id })
    .from(conversations)
    .innerJoin(channelSubscriptions, eq(channelSubscriptions.conversationId, conversations.id))
    .where(eq(conversations.externalId, channel));
  return row!;
}

async function delivery(channel: string, payload: Record<string, unknown>, dueAt = clock.now()): Promise<DeliveryRecord> {
  seq += 1;
  const dedupeKey = `test:${seq}`;
  await app.queue.enqueue({ orgId, kind: 'story', dedupeKey, dueAt, target: { type: 'conversation', platform: 'slack', key: channel }, payload });
  const [row] = await app.db.db.select().from(deliveries).where(eq(deliveries.dedupeKey, dedupeKey));
  return { ...row!, attempts: row!.attempts };
}

/** compose, then record it as posted, as the queue does after a successful send. */
async function post(channel: string, payload: Record<string, unknown>): Promise<Message | null> {
  const d = await delivery(channel, payload);
  const msg = await story.compose(d, clock.now());
  if (msg) await story.sent!(d, { platform: 'slack', conversationKey: channel, messageId: `ts-${seq}` }, clock.now());
  return msg;
}

const headerOf = (m: Message | null) => (m?.blocks[0]?.type === 'header' ? m.blocks[0].text : null);

describe('the story card', () => {
  it('shows the person, their words, what it means, what they want and who heard it, without contact details', async () => {
    const acme = await account(app.db.db, orgId, 'Acme Logistics');
    await note(app.db.db, {
      orgId,
      authorId,
      accountId: acme.id,
      people: [{ name: 'Dana Lee', title: 'VP Engineering' }, { name: 'Tom Reed' }],
      quote: 'We lose two days every month-end. Ping me at dana@acme.example.com',
      summary: 'Dana runs the close for twelve warehouses; call +1 415 555 0100.',
      pains: ['manual reconciliation', 'late audits'],
      wants: ['auto-matching of invoices'],
      metAt: day(2),
    });
    const { conversationId, subscriptionId } = await subscribe('C0CARD', '09:30 Europe/Berlin');
    const d = await delivery('C0CARD', { conversationId, subscriptionId });
    const msg = await story.compose(d, clock.now());
    const [reserved] = await app.db.db.select().from(storyPosts).where(eq(storyPosts.deliveryId, d.id));
    expect(msg).toEqual({
      text: '"We lose two days every month-end. Ping me at [email removed]" — Dana Lee, VP Engineering at Acme Logistics',
      blocks: [
        { type: 'header', text: 'Meet Dana Lee, VP Engineering at Acme Logistics' },
        { type: 'quote', text: 'We lose two days every month-end. Ping me at [email removed]' },
        { type: 'text', text: 'Dana runs the close for twelve warehouses; call [phone removed].' },
        { type: 'heading', text: 'What gets in their way' },
        { type: 'list', items: ['manual reconciliation', 'late audits'] },
        { type: 'heading', text: 'What would help them' },
        { type: 'list', items: ['auto-matching of invoices'] },
        { type: 'context', text: 'Heard by Maria Jensen on Sat 27 Feb' },
        {
          type: 'actions',
          buttons: [
            { actionId: 'story.hear_more', label: "🙋 I'd like to hear more", value: reserved!.id, style: 'primary' },
            { actionId: 'story.not_useful', label: 'Not useful', value: reserved!.id },
          ],
        },
      ],
    });
    expect(reserved).toMatchObject({ conversationId, accountId: acme.id, postedAt: null, messageRef: null });

    // A retried send composes the same story for the same delivery.
    expect(await story.compose(d, clock.now())).toEqual(msg);

    await story.sent!(d, { platform: 'slack', conversationKey: 'C0CARD', messageId: '1700000000.000100' }, clock.now());
    const [posted] = await app.db.db.select().from(storyPosts).where(eq(storyPosts.id, reserved!.id));
    expect(posted).toMatchObject({ postedAt: clock.now(), messageRef: { platform: 'slack', conversationKey: 'C0CARD', messageId: '1700000000.000100' } });
    const [written] = await app.db.db.select().from(stories).where(eq(stories.id, posted!.storyId));
    expect(written).toMatchObject({ source: 'template', status: 'published' });
  });
});

describe('choosing a story for a channel', () => {
  it('uses only notes shared with engineering, with consent to quote, that name a person; says why when there are none', async () => {
    const initech = await account(app.db.db, orgId, 'Initech', { tags: ['secret-tag'] });
    await note(app.db.db, { orgId, authorId, accountId: initech.id, visibility: 'internal', quote: 'internal', metAt: day(1), tags: ['eligibility'] });
    await note(app.db.db, { orgId, authorId, accountId: initech.id, consentToQuote: false, quote: 'no consent', metAt: day(1), tags: ['eligibility'] });
    await note(app.db.db, { orgId, authorId, accountId: initech.id, people: [], quote: 'nobody', metAt: day(1), tags: ['eligibility'] });
    const { conversationId } = await subscribe('C0NONE', 'tags: eligibility');
    expect(await post('C0NONE', { conversationId })).toBeNull();
    const reply = await app.core.command(command('C0NONE', 'story'));
    expect(reply).toEqual({
      kind: 'message',
      visibility: 'private',
      message: {
        text: "No shareable note tagged eligibility yet; log one with /callnote, or change this channel's tags with /hallway subscribe.",
        blocks: [{ type: 'text', text: "No shareable note tagged eligibility yet; log one with /callnote, or change this channel's tags with /hallway subscribe." }],
      },
    });
  });

  it("matches the channel's tags on the account or the note, never repeats, and says so when all are shown", async () => {
    const globex = await account(app.db.db, orgId, 'Globex', { tags: ['Payments'] });
    const hooli = await account(app.db.db, orgId, 'Hooli');
    await note(app.db.db, { orgId, authorId, accountId: globex.id, people: [{ name: 'Ann Globex' }], metAt: day(3) });
    await note(app.db.db, { orgId, authorId, accountId: hooli.id, people: [{ name: 'Hank Hooli' }], metAt: day(1), tags: ['payments'] });
    await note(app.db.db, { orgId, authorId, accountId: hooli.id, people: [{ name: 'Ivy Hooli' }], metAt: day(0), tags: ['infra'] });
    const { conversationId, subscriptionId } = await subscribe('C0PAYMENTS', 'tags: payments');

    const first = await post('C0PAYMENTS', { conversationId, subscriptionId });
    const second = await post('C0PAYMENTS', { conversationId, subscriptionId });
    expect([headerOf(first), headerOf(second)]).toEqual(['Meet Hank Hooli at Hooli', 'Meet Ann Globex at Globex']);
    expect(await post('C0PAYMENTS', { conversationId, subscriptionId })).toBeNull();

    const reply = await app.core.command(command('C0PAYMENTS', 'story'));
    expect(reply.kind === 'message' && reply.message.text).toBe('All 2 shareable notes tagged payments have been shown here; log more with /callnote.');
  });

  it('prefers fresh notes and avoids the account shown last', async () => {
    const umbrella = await account(app.db.db, orgId, 'Umbrella', { tags: ['spread'] });
    const wayne = await account(app.db.db, orgId, 'Wayne', { tags: ['spread'] });
    await note(app.db.db, { orgId, authorId, accountId: umbrella.id, people: [{ name: 'Uma Fresh' }], metAt: day(1) });
    await note(app.db.db, { orgId, authorId, accountId: umbrella.id, people: [{ name: 'Uri Fresh' }], metAt: day(2) });
    await note(app.db.db, { orgId, authorId, accountId: wayne.id, people: [{ name: 'Wes Stale' }], metAt: day(90) });
    await note(app.db.db, { orgId, authorId, accountId: wayne.id, people: [{ name: 'Wil Fresh' }], metAt: day(5) });
    const { conversationId, subscriptionId } = await subscribe('C0SPREAD', 'tags: spread');
    const order = [];
    for (let i = 0; i < 4; i += 1) {
      order.push(headerOf(await post('C0SPREAD', { conversationId, subscriptionId })));
      clock.set(new Date(clock.now().getTime() + 60_000).toISOString());
    }
    expect(order).toEqual(['Meet Uma Fresh at Umbrella', 'Meet Wil Fresh at Wayne', 'Meet Uri Fresh at Umbrella', 'Meet Wes Stale at Wayne']);
  });

  it('writes one story per note and shows it in another channel too', async () => {
    const { conversationId } = await subscribe('C0SECOND', 'tags: spread');
    expect(headerOf(await post('C0SECOND', { conversationId }))).toBe('Meet Uma Fresh at Umbrella');
    const rows = await app.db.db.select({ id: stories.id }).from(stories).innerJoin(storyPosts, eq(storyPosts.storyId, stories.id)).where(eq(stories.title, 'Meet Uma Fresh at Umbrella'));
    expect(new Set(rows.map((r) => r.id)).size).toBe(1);
    expect(rows).toHaveLength(2);
  });

  it('skips a planned post once the channel unsubscribed, or once it is four hours late', async () => {
    const { conversationId, subscriptionId } = await subscribe('C0SKIP', 'tags: spread');
    const late = await delivery('C0SKIP', { conversationId, subscriptionId }, new Date(clock.now().getTime() - 4 * 3_600_000));
    expect(await story.compose(late, clock.now())).toBeNull();
    const onTime = await delivery('C0SKIP', { conversationId, subscriptionId }, new Date(clock.now().getTime() - 4 * 3_600_000 + 60_000));
    expect(headerOf(await story.compose(onTime, clock.now()))).toBe('Meet Uma Fresh at Umbrella');

    await app.core.command(command('C0SKIP', 'unsubscribe'));
    const planned = await delivery('C0SKIP', { conversationId, subscriptionId });
    expect(await story.compose(planned, clock.now())).toBeNull();
  });
});

describe('reservations and the queue', () => {
  it("frees a dead delivery's story, and counts a send recovered without sent() as shown", async () => {
    const recov = await account(app.db.db, orgId, 'Recover Co', { tags: ['recover'] });
    await note(app.db.db, { orgId, authorId, accountId: recov.id, people: [{ name: 'Rae Cover' }], metAt: day(1) });
    const { conversationId } = await subscribe('C0RECOVER', 'tags: recover');

    const dead = await delivery('C0RECOVER', { conversationId });
    expect(headerOf(await story.compose(dead, clock.now()))).toBe('Meet Rae Cover at Recover Co');
    await app.db.db.update(deliveries).set({ status: 'dead' }).where(eq(deliveries.id, dead.id));

    const recovered = await delivery('C0RECOVER', { conversationId });
    expect(headerOf(await story.compose(recovered, clock.now()))).toBe('Meet Rae Cover at Recover Co');
    // The queue found the post of a crashed attempt and recorded it on the delivery only.
    const ref = { platform: 'slack' as const, conversationKey: 'C0RECOVER', messageId: '1800000000.777777' };
    await app.db.db.update(deliveries).set({ status: 'sent', messageRef: ref }).where(eq(deliveries.id, recovered.id));

    expect(await story.compose(await delivery('C0RECOVER', { conversationId }), clock.now())).toBeNull();
    const reply = await app.core.command(command('C0RECOVER', 'story'));
    expect(reply.kind === 'message' && reply.message.text).toBe('The one shareable note tagged recover has been shown here; log more with /callnote.');
    await app.core.event({ kind: 'reaction_added', actor: { platform: 'slack', workspaceId: 'T0HALLWAY', userId: 'U0ENGINEER' }, conversation: { platform: 'slack', key: 'C0RECOVER' }, messageId: ref.messageId, detail: 'fire' });
    const [reserved] = await app.db.db.select().from(storyPosts).where(eq(storyPosts.deliveryId, recovered.id));
    expect(await app.db.db.select({ kind: engagement.kind, detail: engagement.detail }).from(engagement).where(eq(engagement.storyPostId, reserved!.id))).toEqual([{ kind: 'reaction', detail: 'fire' }]);
  });
});
