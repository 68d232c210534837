import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../../src/db/client.js';
import { accounts } from '../../../src/db/schema.js';
import { resolveAccount } from '../../../src/features/accounts/account.resolver.js';
import { AccountChoiceNeeded, createPendingCommands, PENDING_TTL_MS } from '../../../src/features/accounts/pending.commands.js';
import { UserError } from '../../../src/features/errors.js';
import { ensureActor } from '../../../src/features/identity.js';
import { openTestDb } from '../../support/test-db.js';

let handle: DbHandle;
let orgId: string;
let userId: string;

beforeAll(async () => {
  handle = await openTestDb();
  const who = await ensureActor(handle.db, { platform: 'slack', workspaceId: 'T-RESOLVE', userId: 'U-RESOLVE' });
  orgId = who.orgId;
  userId = who.userId;
  for (const name of ['Acme Corp', 'Acme Logistics', 'Globex', 'Initech', '100%_Pure']) {
    await handle.db.insert(accounts).values({ orgId, name, nameKey: name.toLowerCase() });
  }
});

afterAll(() => handle.close());

const retry = (text: string) => ({ command: 'callnote' as const, text });

async function failure(typed: string, createFor?: string): Promise<UserError> {
  try {
    await resolveAccount(handle.db, orgId, typed, { retry: retry(`${typed}: hello`), createFor });
  } catch (err) {
    if (err instanceof UserError) return err;
    throw err;
  }
  throw new Error(`"${typed}" resolved`);
}

describe('resolveAccount', () => {
  it.each([
    ['globex', 'Globex'],
    ['GLOBEX', 'Globex'],
    ['  Glob ', 'Globex'],
    ['init', 'Initech'],
    ['acme c', 'Acme Corp'],
    ['Acme   Logistics', 'Acme Logistics'],
  ])('"%s" finds %s', async (typed, name) => {
    const { account, created } = await resolveAccount(handle.db, orgId, typed, { retry: retry(typed) });
    expect(account.name).toBe(name);
    expect(created).toBe(false);
  });

  it('names the candidates of an ambiguous prefix, with the command to run once one is picked', async () => {
    const err = await failure('Acme');
    expect(err).toBeInstanceOf(AccountChoiceNeeded);
    expect(err.code).toBe('account_ambiguous');
    expect(err.userMessage).toBe('"Acme" matches 2 accounts. Which one did you mean?');
    expect(err.echo).toBe('/callnote Acme: hello');
    const choice = err as AccountChoiceNeeded;
    expect(choice.candidates.map((c) => c.name)).toEqual(['Acme Corp', 'Acme Logistics']);
    expect(choice.retry).toEqual({ command: 'callnote', text: 'Acme: hello', typed: 'Acme' });
  });

  it('keeps the command server-side: buttons carry only ids, and a pick runs the command with the account picked', async () => {
    const clock = { current: new Date('2026-11-23T10:00:00Z'), now() { return this.current; } };
    const pending = createPendingCommands(handle.db, clock);
    const who = await ensureActor(handle.db, { platform: 'slack', workspaceId: 'T-RESOLVE', userId: 'U-RESOLVE' });
    const long = `Acme: ${'a long note, '.repeat(300)}`;
    const err = (await resolveAccount(handle.db, orgId, 'Acme', { retry: retry(long) }).catch((e: unknown) => e)) as AccountChoiceNeeded;
    const offered = await pending.offer(err, who);
    expect(offered.buttons?.map((b) => b.label)).toEqual(['Acme Corp', 'Acme Logistics']);
    expect(offered.buttons?.every((b) => b.actionId === 'account.pick' && b.value.length < 100)).toBe(true);
    expect(await pending.take(offered.buttons![1]!.value, who)).toEqual({ command: 'callnote', text: long.replace('Acme', 'Acme Logistics') });

    // Only its author may use it, and only for a day.
    const other = await ensureActor(handle.db, { platform: 'slack', workspaceId: 'T-RESOLVE', userId: 'U-OTHER' });
    await expect(pending.take(offered.buttons![0]!.value, other)).rejects.toMatchObject({ code: 'pick_expired' });
    clock.current = new Date(clock.current.getTime() + PENDING_TTL_MS);
    await expect(pending.take(offered.buttons![0]!.value, who)).rejects.toMatchObject({ code: 'pick_expired' });
    await expect(pending.take('{"command":"callnote","text":"Acme Corp: hi"}', who)).rejects.toMatchObject({ code: 'pick_invalid' });
  });

  it('treats LIKE wildcards literally', async () => {
    expect((await resolveAccount(handle.db, orgId, '100%', { retry: retry('') })).account.name).toBe('100%_Pure');
    expect((await failure('Acm_')).code).toBe('account_unknown');
  });

  it('names the unknown account and offers close names', async () => {
    const err = await failure('Gizmo');
    expect(err.code).toBe('account_unknown');
    expect(err.userMessage).toBe('No account is called "Gizmo".');
    expect((err as AccountChoiceNeeded).candidates.map((c) => c.name)).toEqual(['Globex']);
  });

  it('creates an unknown account owned by the author, once', async () => {
    const first = await resolveAccount(handle.db, orgId, 'Umbrella  Health', { retry: retry(''), createFor: userId });
    expect(first.created).toBe(true);
    expect(first.account).toMatchObject({ name: 'Umbrella Health', nameKey: 'umbrella health', ownerId: userId });
    const again = await resolveAccount(handle.db, orgId, 'umbrella health', { retry: retry(''), createFor: userId });
    expect(again).toMatchObject({ created: false, account: { id: first.account.id } });
  });

  it.each([
    ['<@U123>', 'holds a mention'],
    ['<!channel>', 'holds a mention'],
    ['🎉🎉', 'has no letters or digits'],
    ['x'.repeat(81), '81 characters long'],
    ['   ', 'is empty'],
  ])('refuses %s as a name, even when it could create one', async (typed, why) => {
    const err = await failure(typed, userId);
    expect(err.code).toBe('account_name_invalid');
    expect(err.userMessage).toContain(why);
  });
});
