import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../../src/db/client.js';
import { accounts } from '../../../src/db/schema.js';
import { resolveAccount, type AccountPick } from '../../../src/features/accounts/account.resolver.js';
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

  it('lists the candidates of an ambiguous prefix as buttons that re-run the command', async () => {
    const err = await failure('Acme');
    expect(err.code).toBe('account_ambiguous');
    expect(err.userMessage).toBe('"Acme" matches 2 accounts. Which one did you mean?');
    expect(err.echo).toBe('/callnote Acme: hello');
    expect(err.buttons?.map((b) => b.label)).toEqual(['Acme Corp', 'Acme Logistics']);
    expect(err.buttons?.map((b) => JSON.parse(b.value) as AccountPick)).toEqual([
      { command: 'callnote', text: 'Acme Corp: hello' },
      { command: 'callnote', text: 'Acme Logistics: hello' },
    ]);
    expect(err.buttons?.every((b) => b.actionId === 'account.pick')).toBe(true);
  });

  it('treats LIKE wildcards literally', async () => {
    expect((await resolveAccount(handle.db, orgId, '100%', { retry: retry('') })).account.name).toBe('100%_Pure');
    expect((await failure('Acm_')).code).toBe('account_unknown');
  });

  it('names the unknown account and offers close names', async () => {
    const err = await failure('Gizmo');
    expect(err.code).toBe('account_unknown');
    expect(err.userMessage).toBe('No account is called "Gizmo".');
    expect(err.buttons?.map((b) => b.label)).toEqual(['Globex']);
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
