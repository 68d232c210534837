import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accounts, notePeople, notes, people, stakeholderChanges, users } from '../../../src/db/schema.js';
import type { Hallway } from '../../../src/main.js';
import { startTestApp } from '../../support/app.js';
import { messageActivity, startFakeConnector, type SentActivity } from '../../support/teams.js';

// Monday 23 Nov 2026, 10:00 UTC (11:00 in Maria's Europe/Berlin).
const current = new Date('2026-11-23T10:00:00Z');
const clock = { now: () => current };

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

/** Sends an activity and returns the card the bot answered with (the reply to that activity). */
async function send(text: string, overrides: Record<string, unknown> = {}): Promise<string> {
  const activity = messageActivity(connector.url, text, overrides);
  const res = await fetch(`${app.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
  expect(res.status).toBeLessThan(300);
  await app.queue.idle();
  const reply = connector.requests.find((r) => r.path.endsWith(`/activities/${activity.id}`));
  if (!reply) throw new Error(`no reply to "${text}"`);
  // The summary is the plain text; the card text is escaped for Teams markdown.
  const sent = reply.body as unknown as SentActivity;
  return `${sent.summary ?? ''}\n${JSON.stringify(sent.attachments?.[0]?.content)}`;
}

const submit = (action: string, value: string) => send('', { value: { hallwayAction: action, value } });

async function changesOf(account: string) {
  return app.db.db
    .select({ id: stakeholderChanges.id, kind: stakeholderChanges.kind, source: stakeholderChanges.source, status: stakeholderChanges.status, snoozedUntil: stakeholderChanges.snoozedUntil, person: people.name })
    .from(stakeholderChanges)
    .innerJoin(accounts, eq(accounts.id, stakeholderChanges.accountId))
    .innerJoin(people, eq(people.id, stakeholderChanges.personId))
    .where(eq(accounts.name, account))
    .orderBy(stakeholderChanges.createdAt);
}

describe('/stakeholder through the real Teams adapter', () => {
  it('records a change from a message and DMs the owner a reminder card', async () => {
    const card = await send('stakeholder Globex add Hank Scorpio as CEO');
    expect(card).toContain('Recorded at Globex: Hank Scorpio joined as CEO. Maria Jensen (the owner) gets a reminder.');
    expect(await changesOf('Globex')).toMatchObject([{ kind: 'joined', source: 'command', status: 'open', person: 'Hank Scorpio' }]);
    const dm = connector.requests.filter((r) => r.path.startsWith(`/v3/conversations/${encodeURIComponent('a:1personal-maria')}/activities/`)).at(-1)!;
    const json = JSON.stringify(dm.body);
    expect(json).toContain('Hank Scorpio is new at Globex as CEO');
    expect(json).toContain('"hallwayAction":"stakeholder.snooze_week"');
  });

  it('Snooze (card submit) moves the reminder, in the clicker\'s zone', async () => {
    const [change] = await changesOf('Globex');
    const card = await submit('stakeholder.snooze_day', change!.id);
    expect(card).toContain("Snoozed. I'll remind you about Hank Scorpio again on Tue 24 Nov at 11:00.");
    expect((await changesOf('Globex'))[0]).toMatchObject({ status: 'snoozed', snoozedUntil: new Date('2026-11-24T10:00:00Z') });
  });

  it('Log intro call answers with the note form as a card with inputs, prefilled', async () => {
    const [change] = await changesOf('Globex');
    const card = JSON.parse((await submit('stakeholder.log_intro', change!.id)).split('\n')[1]!) as { body: Array<{ id?: string; type: string; value?: string }> };
    expect(card.body.find((b) => b.id === 'account_new')).toMatchObject({ type: 'Input.Text', value: 'Globex' });
    expect(card.body.find((b) => b.id === 'people')).toMatchObject({ type: 'Input.Text', value: 'Hank Scorpio (CEO)' });
  });

  it('Done closes it', async () => {
    const [change] = await changesOf('Globex');
    expect(await submit('stakeholder.done', change!.id)).toContain('Done: the change about Hank Scorpio is closed.');
    expect((await changesOf('Globex'))[0]).toMatchObject({ status: 'done' });
  });

  it('sets the owner from a Teams mention', async () => {
    const card = await send('hallway owner Globex <at>Olga</at>', {
      entities: [{ type: 'mention', mentioned: { id: '29:1olga-teams', name: 'Olga Berg' }, text: '<at>Olga</at>' }],
    });
    expect(card).toContain('Olga Berg now owns Globex.');
    const [owner] = await app.db.db.select({ externalId: users.externalId }).from(accounts).innerJoin(users, eq(users.id, accounts.ownerId)).where(eq(accounts.name, 'Globex'));
    expect(owner).toEqual({ externalId: '29:1olga-teams' });
  });

  it('answers "new stakeholder?" from a call note: Add records a joined change from the note, Ignore records nothing', async () => {
    const [globex] = await app.db.db.select().from(accounts).where(eq(accounts.name, 'Globex'));
    const [maria] = await app.db.db.select().from(users).where(eq(users.externalId, '29:1maria-teams'));
    const met = async (name: string, title: string) => {
      const [person] = await app.db.db.insert(people).values({ orgId: globex!.orgId, accountId: globex!.id, name, nameKey: name.toLowerCase(), title }).returning();
      const [note] = await app.db.db.insert(notes).values({ orgId: globex!.orgId, authorId: maria!.id, accountId: globex!.id, rawText: `Call with ${name}`, metAt: current }).returning();
      await app.db.db.insert(notePeople).values({ orgId: globex!.orgId, noteId: note!.id, personId: person!.id });
      return JSON.stringify({ personId: person!.id, noteId: note!.id });
    };
    const before = (await changesOf('Globex')).length;
    expect(await submit('stakeholder.ignore_from_note', await met('Lee Park', 'Buyer'))).toContain("OK: Lee Park stays off Globex's roster.");
    expect((await changesOf('Globex')).length).toBe(before);

    const added = await submit('stakeholder.add_from_note', await met('Sam Oak', 'VP Operations'));
    expect(added).toContain("Added Sam Oak to Globex's roster as VP Operations.");
    expect((await changesOf('Globex')).at(-1)).toMatchObject({ kind: 'joined', source: 'note', person: 'Sam Oak' });
  });

  it('answers a reminder button whose change is gone with a clear message', async () => {
    expect(await submit('stakeholder.done', '00000000-0000-4000-8000-00000000dead')).toContain('That reminder no longer exists');
    expect(await submit('stakeholder.snooze_day', 'not-an-id')).toContain('That reminder no longer exists');
  });
});
