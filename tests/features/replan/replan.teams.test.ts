import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { followUps, people, replanFlows, stakeholderChanges } from '../../../src/db/schema.js';
import type { Hallway } from '../../../src/main.js';
import { startTestApp } from '../../support/app.js';
import type { Recorded } from '../../support/recording-server.js';
import { messageActivity, startFakeConnector, type SentActivity } from '../../support/teams.js';

// Monday 23 Nov 2026, 10:00 UTC (11:00 in Maria's Europe/Berlin).
const clock = { current: new Date('2026-11-23T10:00:00Z'), now() { return this.current; } };
const PERSONAL = encodeURIComponent('a:1personal-maria');

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

interface Card {
  body: Array<{ type: string; id?: string; text?: string; value?: string; facts?: Array<{ title: string; value: string }> }>;
  actions?: Array<{ title: string; data: Record<string, string> }>;
}

/** What the bot sent or put in place, with the id the connector gave it (as Teams would). */
interface Shown {
  card: Card;
  id: string;
  request: Recorded;
}

function shown(request: Recorded): Shown {
  const n = connector.requests.indexOf(request) + 1;
  const sent = request.body as unknown as SentActivity;
  // An update keeps the card's id; a new message gets the connector's (reply-<n>, see startFakeConnector).
  const id = request.method === 'PUT' ? decodeURIComponent(request.path.split('/activities/')[1]!) : `reply-${n}`;
  return { card: sent.attachments![0]!.content as unknown as Card, id, request };
}

async function send(text: string, overrides: Record<string, unknown> = {}): Promise<Shown> {
  const before = connector.requests.length;
  const activity = messageActivity(connector.url, text, overrides);
  const res = await fetch(`${app.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
  expect(res.status).toBeLessThan(300);
  await app.queue.idle();
  const answer = connector.requests.slice(before).find((r) => r.path.endsWith(`/activities/${activity.id}`) || r.method === 'PUT');
  if (!answer) throw new Error(`no answer to ${text || JSON.stringify(overrides)}`);
  return shown(answer);
}

/** A click or a submit on a card the bot showed: Teams sends the card's id as replyToId. */
const click = (on: Shown, action: string, value: string) => send('', { value: { hallwayAction: action, value }, replyToId: on.id });
const submit = (on: Shown, values: Record<string, string>) => {
  const data = on.card.actions!.find((a) => a.data.hallwayForm)!.data;
  return send('', { value: { ...data, ...values }, replyToId: on.id });
};
const action = (on: Shown, id: string) => on.card.actions!.find((a) => a.data.hallwayAction === id)!.data.value!;
const title = (s: Shown) => s.card.body[0]!.text;
const text = (s: Shown) => JSON.stringify(s.card.body);

/** It replaced the card it came from, in place: updateActivity, a PUT on that card's id. */
function expectInPlace(next: Shown, from: Shown) {
  expect(next.request.method).toBe('PUT');
  expect(next.request.path).toBe(`/v3/conversations/${PERSONAL}/activities/${from.id}`);
  expect(next.id).toBe(from.id);
}

async function changeOf(name: string) {
  const [row] = await app.db.db.select({ change: stakeholderChanges }).from(stakeholderChanges).innerJoin(people, eq(people.id, stakeholderChanges.personId)).where(eq(people.name, name));
  return row!.change;
}

describe('the guided re-plan as Adaptive Cards updated in place in the personal chat', () => {
  it('walks from the reminder with Next, Skip and Back; resumes after a restart; branches to the handover; saves and closes', async () => {
    await send('stakeholder Globex add Ann Bell as Champion');
    await app.db.db.update(people).set({ email: 'ann@globex.example' }).where(eq(people.name, 'Ann Bell'));
    await send('stakeholder Globex add Cara Diaz as CFO replacing Ann Bell');
    const change = await changeOf('Cara Diaz');
    const reminder = connector.requests.filter((r) => r.path.startsWith(`/v3/conversations/${PERSONAL}/activities`) && JSON.stringify(r.body).includes('Cara Diaz replaces Ann Bell')).at(-1)!;
    expect(JSON.stringify(reminder.body)).toContain(`"hallwayAction":"replan.start","value":"${change.id}"`);

    // The first step comes as a new card: the reminder stays, with its button to come back later.
    const known = await click(shown(reminder), 'replan.start', change.id);
    expect(known.request.method).toBe('POST');
    expect(title(known)).toBe('Re-plan: what we know');
    expect(text(known)).toContain('Re-learn Cara Diaz');
    expect(known.card.actions!.map((a) => a.title)).toEqual(['Next', 'Skip']);

    const objectives = await submit(known, { ready: 'high' });
    expectInPlace(objectives, known);
    expect(title(objectives)).toBe('Re-plan: objectives');
    const style = await submit(objectives, { objectives: 'One invoice a month\nFewer vendors' });
    expectInPlace(style, known);
    const prefs = await click(style, 'replan.skip', action(style, 'replan.skip'));
    expectInPlace(prefs, known);
    expect(title(prefs)).toBe('Re-plan: preferences');
    const styleAgain = await click(prefs, 'replan.back', action(prefs, 'replan.back'));
    expect(title(styleAgain)).toBe('Re-plan: style');
    await submit(styleAgain, { style: 'relationship-first' });

    // Restart, then hours later the reminder's button brings the re-plan back where it stood.
    await app.close();
    clock.current = new Date('2026-11-23T16:00:00Z');
    app = await startTestApp({}, clock);
    const resumed = await click(shown(reminder), 'replan.start', change.id);
    expect(title(resumed)).toBe('Re-plan: preferences');

    // The old card, clicked after that, shows where the re-plan stands instead of going back in time.
    const stale = await click(known, 'replan.skip', action(known, 'replan.skip'));
    expect(title(stale)).toBe('Re-plan: preferences');

    const handover = await submit(resumed, { channel: 'in-person', cadence: 'quarterly' });
    expectInPlace(handover, resumed);
    expect(title(handover)).toBe('Re-plan: handover');
    expect(text(handover)).toContain('Ann was our champion.');
    const firstTouch = await click(handover, 'replan.skip', action(handover, 'replan.skip'));
    expect(title(firstTouch)).toBe('Re-plan: first touch');
    const summary = await submit(firstTouch, { intro_by: '2026-11-30' });
    expect(title(summary)).toBe('Re-plan: summary');
    expect(summary.card.actions!.map((a) => a.title)).toEqual(['Save the plan', 'Back']);

    const done = await submit(summary, {});
    expectInPlace(done, resumed);
    expect(text(done)).toContain('Saved the plan for Cara Diaz at Globex');
    expect(text(done)).toContain('Follow-up for you: Intro call with Cara Diaz by Mon 30 Nov.');

    const [cara] = await app.db.db.select().from(people).where(eq(people.name, 'Cara Diaz'));
    expect(cara).toMatchObject({ objectives: ['One invoice a month', 'Fewer vendors'], operatingStyle: 'Relationship-first', preferences: 'Channel: In person; Cadence: Quarterly' });
    expect(await changeOf('Cara Diaz')).toMatchObject({ status: 'done' });
    const [flow] = await app.db.db.select().from(replanFlows).where(eq(replanFlows.personId, cara!.id));
    expect(flow).toMatchObject({ status: 'done', trail: ['known', 'objectives', 'style', 'preferences', 'handover', 'first_touch'] });
    expect(await app.db.db.select({ text: followUps.text, dueOn: followUps.dueOn }).from(followUps).where(eq(followUps.noteId, flow!.noteId!))).toEqual([{ text: 'Intro call with Cara Diaz', dueOn: '2026-11-30' }]);

    // Save clicked again on the same card: the first save stands.
    const again = await submit(summary, {});
    expect(text(again)).toContain('The plan for Cara Diaz was saved on Mon 23 Nov.');
  });

  it('"stakeholder <account> replan <name>" starts one; a low "ready" asks what would change that', async () => {
    await send('stakeholder Globex add Eli Fox as Ops Lead');
    const known = await send('stakeholder Globex replan Eli Fox');
    expect(title(known)).toBe('Re-plan: what we know');
    let step = await submit(known, { ready: 'low' });
    for (const expected of ['Re-plan: style', 'Re-plan: preferences', 'Re-plan: readiness']) {
      step = await click(step, 'replan.skip', action(step, 'replan.skip'));
      expect(title(step)).toBe(expected);
    }
    expect(text(step)).toContain('What would make Eli ready?');
    step = await submit(step, { readiness: 'See it work at a sister plant' });
    expect(title(step)).toBe('Re-plan: first touch');
    // A date in the past is refused on the same card.
    step = await submit(step, { intro_by: '2026-11-01' });
    expect(title(step)).toBe('Re-plan: first touch');
    expect(text(step)).toContain('2026-11-01 is already past');
  });
});
