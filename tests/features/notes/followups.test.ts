import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { followUps, notes, users } from '../../../src/db/schema.js';
import { followUpDelivery } from '../../../src/features/notes/followups.js';
import type { Hallway } from '../../../src/main.js';
import { startTestApp } from '../../support/app.js';
import type { Recorded } from '../../support/recording-server.js';
import { nowSeconds, sign, SIGNING_SECRET, slashCommand, startFakeSlackApi, TEAM_ID } from '../../support/slack.js';
import { messageActivity, startFakeConnector } from '../../support/teams.js';

let app: Hallway;
let slackApi: Awaited<ReturnType<typeof startFakeSlackApi>>;
let connector: Awaited<ReturnType<typeof startFakeConnector>>;
const clock = { current: new Date('2026-11-23T10:00:00Z'), now() { return this.current; } };

const waiting = new Map<string, (req: Recorded) => void>();
const next = (method: string) => new Promise<Recorded>((resolve) => waiting.set(method, resolve));

beforeAll(async () => {
  slackApi = await startFakeSlackApi({
    // Maria works from New York: 09:00 there is 14:00 UTC in December.
    'users.info': (req) => ({ ok: true, user: { id: req.body.user, name: 'maria', tz: 'America/New_York', profile: { display_name: 'Maria' } } }),
    respond: (req) => {
      waiting.get('respond')?.(req);
      return { ok: true };
    },
  });
  connector = await startFakeConnector();
  app = await startTestApp({ SLACK_BOT_TOKEN: 'xoxb-test-token', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: `${slackApi.url}/api/`, HALLWAY_TIMEZONE: 'UTC' }, clock);
});

afterAll(async () => {
  await app?.close();
  await slackApi?.close();
  await connector?.close();
});

function postSlack(body: string) {
  return fetch(`${app.url}/slack/events`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...sign(body, nowSeconds()) }, body });
}

function click(actionId: string, value: string) {
  const payload = {
    type: 'block_actions',
    team: { id: TEAM_ID, domain: 'hallway-test' },
    user: { id: 'U0MARIA', username: 'maria', name: 'maria', team_id: TEAM_ID },
    api_app_id: 'A0HALLWAY',
    token: 'deprecated-verification-token',
    container: { type: 'message', message_ts: '1700000000.000100', channel_id: 'D0DM', is_ephemeral: false },
    trigger_id: `trigger-${actionId}-${clock.current.getTime()}`,
    channel: { id: 'D0DM', name: 'directmessage' },
    response_url: `${slackApi.url}/respond`,
    actions: [{ type: 'button', action_id: actionId, block_id: 'b1', text: { type: 'plain_text', text: 'x' }, value, action_ts: '1700000001.000200' }],
  };
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  return postSlack(body);
}

const dms = () => slackApi.calls('chat.postMessage').filter((c) => c.body.channel === 'D0DM');

describe('follow-up reminders', () => {
  let followUpId: string;

  it('DMs the owner at 09:00 on the due day in their own timezone, once, with Done and Snooze', async () => {
    await postSlack(slashCommand('/callnote', 'Acme with Dana Lee: follow-up: send the beta invite by 2026-12-01', { trigger_id: 'trigger-fu' }));
    await app.idle();
    const [maria] = await app.db.db.select().from(users).where(eq(users.externalId, 'U0MARIA'));
    expect(maria!.timezone).toBe('America/New_York');
    const [note] = await app.db.db.select().from(notes).where(eq(notes.idempotencyKey, 'slack:trigger-fu'));
    const [fu] = await app.db.db.select().from(followUps).where(eq(followUps.noteId, note!.id));
    followUpId = fu!.id;

    const before = dms().length;
    await app.queue.runDue(new Date('2026-12-01T13:59:00Z'));
    expect(dms().length).toBe(before);
    await app.queue.runDue(new Date('2026-12-01T14:00:00Z'));
    expect(dms().length).toBe(before + 1);
    const dm = dms().at(-1)!.body as { text: string; blocks: Array<{ type: string; elements?: Array<{ action_id: string; value: string; text?: string }> }> };
    expect(dm.text).toBe('Follow-up due today: send the beta invite');
    expect(dm.blocks.find((b) => b.type === 'context')!.elements).toEqual([{ type: 'plain_text', text: 'From your call with Dana Lee at Acme on Mon 23 Nov' }]);
    expect(dm.blocks.filter((b) => b.type === 'actions').flatMap((b) => b.elements ?? []).map((e) => [e.action_id, e.value])).toEqual([
      ['note.followup_done', followUpId],
      ['note.followup_snooze', followUpId],
    ]);
    await app.queue.runDue(new Date('2026-12-01T15:00:00Z'));
    expect(dms().length).toBe(before + 1);
  });

  it('Snooze brings it back at 09:00 the next morning; Done ends it', async () => {
    clock.current = new Date('2026-12-01T14:10:00Z');
    const snoozed = next('respond');
    await click('note.followup_snooze', followUpId);
    expect(((await snoozed).body as { text: string }).text).toBe('😴 Snoozed: send the beta invite');
    const [fu] = await app.db.db.select().from(followUps).where(eq(followUps.id, followUpId));
    expect(fu!.snoozedUntil).toEqual(new Date('2026-12-02T14:00:00Z'));

    const before = dms().length;
    await app.queue.runDue(new Date('2026-12-02T13:59:00Z'));
    expect(dms().length).toBe(before);
    await app.queue.runDue(new Date('2026-12-02T14:00:00Z'));
    expect(dms().length).toBe(before + 1);

    clock.current = new Date('2026-12-02T14:05:00Z');
    const done = next('respond');
    await click('note.followup_done', followUpId);
    expect(((await done).body as { text: string }).text).toBe('✅ Done: send the beta invite');
    const [closed] = await app.db.db.select().from(followUps).where(eq(followUps.id, followUpId));
    expect(closed).toMatchObject({ status: 'done', doneAt: clock.current });
  });

  it('plans with a late window and a dedupe key per local day, across a DST change', async () => {
    const kind = followUpDelivery(app.db.db, 'UTC');
    const [maria] = await app.db.db.select().from(users).where(eq(users.externalId, 'U0MARIA'));
    const [note] = await app.db.db.select().from(notes).where(eq(notes.idempotencyKey, 'slack:trigger-fu'));
    // Due the day after US clocks go back (1 Nov 2026): 09:00 EST is 14:00 UTC, not 13:00.
    const [fu] = await app.db.db
      .insert(followUps)
      .values({ orgId: note!.orgId, noteId: note!.id, ownerId: maria!.id, text: 'call Dana', dueOn: '2026-11-02', createdAt: new Date('2026-10-20T12:00:00Z') })
      .returning();
    const mine = async (at: string) => (await kind.plan!(new Date(at))).filter((d) => d.payload.followUpId === fu!.id);
    expect(await mine('2026-11-02T13:59:00Z')).toEqual([]);
    expect(await mine('2026-11-02T14:00:00Z')).toEqual([
      {
        orgId: note!.orgId,
        kind: 'follow_up',
        dedupeKey: `followup:${fu!.id}:2026-11-02`,
        dueAt: new Date('2026-11-02T14:00:00Z'),
        target: { type: 'user', platform: 'slack', userId: 'U0MARIA' },
        payload: { followUpId: fu!.id },
      },
    ]);
    // Still sent if the bot was down in the morning: until 21:00 local.
    expect(await mine('2026-11-03T01:59:00Z')).toHaveLength(1);
    expect(await mine('2026-11-03T02:00:00Z')).toEqual([]);
    // Not again on the next day.
    expect(await mine('2026-11-03T14:00:00Z')).toEqual([]);
  });

  it('DMs a Teams owner in their stored personal chat', async () => {
    clock.current = new Date('2026-11-23T10:00:00Z');
    const activity = messageActivity(connector.url, 'callnote Acme: follow-up: share the roadmap by 2026-11-25');
    await fetch(`${app.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
    const before = connector.requests.length;
    // The activity said Europe/Berlin: 09:00 there is 08:00 UTC.
    await app.queue.runDue(new Date('2026-11-25T08:00:00Z'));
    const sent = connector.requests.slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.path).toMatch(new RegExp(`^/v3/conversations/${encodeURIComponent('a:1personal-maria')}/activities`));
    expect(JSON.stringify(sent[0]!.body)).toContain('⏰ Due today: share the roadmap');
    expect(JSON.stringify(sent[0]!.body)).toContain('From your call at Acme on Mon 23 Nov');
  });
});
