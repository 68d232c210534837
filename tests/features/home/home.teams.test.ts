import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { followUps, people, stakeholderChanges } from '../../../src/db/schema.js';
import type { Hallway } from '../../../src/main.js';
import { startTestApp } from '../../support/app.js';
import { messageActivity, startFakeConnector, type SentActivity } from '../../support/teams.js';

// Monday 23 Nov 2026, 10:00 UTC (11:00 in Maria's Europe/Berlin).
const clock = { now: () => new Date('2026-11-23T10:00:00Z') };

let app: Hallway;
let connector: Awaited<ReturnType<typeof startFakeConnector>>;

beforeAll(async () => {
  connector = await startFakeConnector();
  app = await startTestApp({}, clock);
});

afterAll(async () => {
  await app?.close();
  await connector?.close();
});

/** Sends a message in Maria's personal chat; returns the activity the bot answered with. */
async function send(text: string, overrides: Record<string, unknown> = {}): Promise<SentActivity> {
  const activity = messageActivity(connector.url, text, overrides);
  const res = await fetch(`${app.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
  expect(res.status).toBeLessThan(300);
  await app.queue.idle();
  const reply = connector.requests.find((r) => r.path.endsWith(`/activities/${activity.id}`));
  if (!reply) throw new Error(`no reply to "${text}"`);
  return reply.body as unknown as SentActivity;
}

describe('Home on Teams', () => {
  it('"hallway home" answers in the personal chat with the Home card', async () => {
    await send('callnote Acme with Dana Lee (VP Engineering): "We lose two days every month-end" follow-up: send the beta invite by 2026-11-25');
    await send('stakeholder Acme add Priya Shah as CFO');
    await send('hallway digest subscribe monday 09:00');
    const sent = await send('hallway home');
    const [change] = await app.db.db.select({ id: stakeholderChanges.id }).from(stakeholderChanges).innerJoin(people, eq(people.id, stakeholderChanges.personId)).where(eq(people.name, 'Priya Shah'));
    const [followUp] = await app.db.db.select({ id: followUps.id }).from(followUps);
    const heading = (text: string, separator = false) => ({ type: 'TextBlock', text, size: 'Large', weight: 'Bolder', wrap: true, ...(separator ? { separator: true } : {}) });
    const text = (t: string) => ({ type: 'TextBlock', text: t, wrap: true });
    const subtle = (t: string) => ({ type: 'TextBlock', text: t, isSubtle: true, size: 'Small', wrap: true });
    const submit = (title: string, hallwayAction: string, value: string, positive = false) => ({
      type: 'Action.Submit',
      title,
      ...(positive ? { style: 'positive' } : {}),
      data: { hallwayAction, value },
    });
    expect(sent.summary).toBe('Your Hallway: accounts, stakeholder changes, follow-ups and subscriptions');
    expect(sent.attachments).toEqual([
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        content: {
          type: 'AdaptiveCard',
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          version: '1.5',
          body: [
            heading('Your Hallway'),
            // The first person of an organisation is its admin.
            subtle('Your role: admin'),
            heading('Your accounts'),
            { type: 'FactSet', facts: [{ title: 'Acme', value: 'last contact 23 Nov (today)' }] },
            heading('Stakeholder changes', true),
            text('Priya Shah is new at Acme as CFO'),
            {
              type: 'ActionSet',
              actions: [
                submit('Log intro call', 'stakeholder.log_intro', change!.id, true),
                submit('Snooze 1 week', 'stakeholder.snooze_week', change!.id),
                submit('Done', 'stakeholder.done', change!.id),
              ],
            },
            heading('Follow-ups due', true),
            // A line break would collapse to a space in one TextBlock: each line is its own, tight to the one before.
            text('send the beta invite'),
            { ...text('Acme · due Wed 25 Nov'), spacing: 'None' },
            { type: 'ActionSet', actions: [submit('Done', 'note.followup_done', followUp!.id, true), submit('Snooze 1 day', 'note.followup_snooze', followUp!.id)] },
            heading('Your subscriptions', true),
            text('• Your weekly digest, Mondays at 09:00 Europe/Berlin'),
            subtle('hallway help lists every command.'),
          ],
        },
      },
    ]);
  });

  it("a card button acts through the reminder's own action", async () => {
    const [change] = await app.db.db.select({ id: stakeholderChanges.id }).from(stakeholderChanges);
    const sent = await send('', { value: { hallwayAction: 'stakeholder.done', value: change!.id } });
    expect(sent.summary).toBe('Done: the change about Priya Shah is closed. No more reminders about it.');
    expect(JSON.stringify((await send('hallway home')).attachments)).toContain('Nobody new or gone at your accounts: nothing to re-learn.');
  });
});
