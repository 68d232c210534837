import { createHmac } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accounts, people, stakeholderChanges } from '../../../src/db/schema.js';
import type { Hallway } from '../../../src/main.js';
import { startTestApp } from '../../support/app.js';

const SECRET = 'webhook-secret-0123456789abcdef';
const current = new Date('2026-11-24T15:00:00Z');
const clock = { now: () => current };
const nowSec = Math.floor(current.getTime() / 1000);

let app: Hallway;
let unconfigured: Hallway;

beforeAll(async () => {
  app = await startTestApp({ HALLWAY_WEBHOOK_SECRET: SECRET }, clock);
  unconfigured = await startTestApp({}, clock);
});

afterAll(async () => {
  await app?.close();
  await unconfigured?.close();
});

/** What a CRM sends: the exact bytes, signed as CONTRACT.md says. */
function hook(body: string, opts: { timestamp?: number; secret?: string; headers?: Record<string, string>; to?: Hallway } = {}) {
  const ts = String(opts.timestamp ?? nowSec);
  const signature = `sha256=${createHmac('sha256', opts.secret ?? SECRET).update(`${ts}.${body}`).digest('hex')}`;
  return fetch(`${(opts.to ?? app).url}/hooks/stakeholders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-hallway-timestamp': ts, 'x-hallway-signature': signature, ...opts.headers },
    body,
  });
}

async function changesAt(account: string) {
  return app.db.db
    .select({ kind: stakeholderChanges.kind, source: stakeholderChanges.source, person: people.name, role: stakeholderChanges.role })
    .from(stakeholderChanges)
    .innerJoin(accounts, eq(accounts.id, stakeholderChanges.accountId))
    .innerJoin(people, eq(people.id, stakeholderChanges.personId))
    .where(eq(accounts.name, account))
    .orderBy(stakeholderChanges.createdAt, people.name);
}

describe('POST /hooks/stakeholders', () => {
  it('accepts a correctly signed person (202) and records the change', async () => {
    const res = await hook(JSON.stringify({ account: 'Initech', name: 'Bill Lumbergh', title: 'VP Operations', email: 'bill@initech.test', status: 'active' }));
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ accepted: 1, changes: ['Initech: Bill Lumbergh joined as VP Operations'] });
    expect(await changesAt('Initech')).toEqual([{ kind: 'joined', source: 'webhook', person: 'Bill Lumbergh', role: 'VP Operations' }]);
  });

  it('is idempotent: the same person again changes nothing', async () => {
    const res = await hook(JSON.stringify({ account: 'initech', name: 'bill lumbergh', title: 'vp operations', email: 'bill@initech.test' }));
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ accepted: 1, changes: [] });
    expect(await changesAt('Initech')).toHaveLength(1);
  });

  it('reads an array: a departure and a newcomer with the same title are a replacement', async () => {
    const res = await hook(
      JSON.stringify([
        { account: 'Initech', name: 'Bill Lumbergh', status: 'left' },
        { account: 'Initech', name: 'Peter Gibbons', title: 'VP Operations' },
      ]),
    );
    expect(res.status).toBe(202);
    expect((await changesAt('Initech')).slice(1)).toEqual([{ kind: 'replaced', source: 'webhook', person: 'Peter Gibbons', role: 'VP Operations' }]);
  });

  it.each([
    ['a wrong secret', { secret: 'not-the-secret-at-all-000' }, 'the signature does not match'],
    ['a timestamp over five minutes old', { timestamp: nowSec - 5 * 60 - 1 }, 'the timestamp is more than 5 minutes away from now'],
    ['a timestamp over five minutes ahead', { timestamp: nowSec + 5 * 60 + 1 }, 'the timestamp is more than 5 minutes away from now'],
    ['no signature', { headers: { 'x-hallway-signature': '' } }, 'missing X-Hallway-Timestamp or X-Hallway-Signature'],
    ['a signature of other bytes', { headers: { 'x-hallway-signature': `sha256=${'0'.repeat(64)}` } }, 'the signature does not match'],
  ])('rejects %s with 401 and records nothing', async (_what, opts, error) => {
    const before = await changesAt('Hooli');
    const res = await hook(JSON.stringify({ account: 'Hooli', name: 'Gavin Belson', title: 'CEO' }), opts);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error });
    expect(await changesAt('Hooli')).toEqual(before);
    expect(before).toEqual([]);
  });

  it('accepts a timestamp just inside the window', async () => {
    const res = await hook(JSON.stringify({ account: 'Hooli', name: 'Gavin Belson', title: 'CEO' }), { timestamp: nowSec - 5 * 60 });
    expect(res.status).toBe(202);
  });

  it.each([
    ['{"account": "Initech", ', 'the body is not JSON'],
    ['{"account": "Initech", "name": "Milton", "title": "Collator", "status": "gone"}', 'status: status must be "active" or "left"'],
    ['{"account": "Initech", "title": "Collator"}', 'name: name must be a string'],
    ['{"account": "Initech", "name": "Milton"}', 'title: required for an active person'],
    ['{"account": "Initech", "name": "<@U123>", "title": "Collator"}', 'name: name holds a mention or a channel link; write the name as plain text'],
    ['[]', 'the array is empty'],
    ['"hello"', 'expected a person object or an array of them'],
  ])('answers a body that does not fit (%s) with 400 and a message', async (body, error) => {
    const res = await hook(body);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error });
  });

  it('answers 503 with a clear message when no secret is configured', async () => {
    const res = await hook(JSON.stringify({ account: 'Hooli', name: 'Gavin Belson', title: 'CEO' }), { to: unconfigured });
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ error: 'the stakeholder webhook is not configured: an admin gets its URL and secret with /hallway webhook (or set HALLWAY_WEBHOOK_SECRET)' });
  });
});
