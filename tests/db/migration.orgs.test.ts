import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../src/db/client.js';
import { migrateDb } from '../../src/db/migrate.js';
import { createIdentities, DEFAULT_ORG_ID } from '../../src/features/identity.js';
import { openEmptyTestDb } from '../support/test-db.js';

/*
 * A database from the first wave, when every workspace shared one
 * organisation and roles were claimed by use, brought up to date: its
 * workspaces stay together in that organisation, managers stay managers,
 * everyone else is a member, and a workspace seen for the first time now
 * gets an organisation of its own.
 */

const migrations = fileURLToPath(new URL('../../migrations', import.meta.url));
let handle: DbHandle;
let firstWave: string;

beforeAll(async () => {
  // The migrations as they stood before organisations: the first two.
  firstWave = await mkdtemp(join(tmpdir(), 'hallway-wave1-'));
  await cp(migrations, firstWave, { recursive: true });
  const journalPath = join(firstWave, 'meta', '_journal.json');
  const journal = JSON.parse(await readFile(journalPath, 'utf8')) as { entries: Array<{ idx: number }> };
  journal.entries = journal.entries.filter((e) => e.idx < 2);
  await writeFile(journalPath, JSON.stringify(journal));

  handle = await openEmptyTestDb();
  await migrateDb(handle, firstWave);
  await handle.db.execute(sql`insert into orgs (id, name) values (${DEFAULT_ORG_ID}, 'Hallway')`);
  await handle.db.execute(sql`insert into workspaces (id, org_id, platform, external_id, name) values
    ('10000000-0000-4000-8000-000000000001', ${DEFAULT_ORG_ID}, 'slack', 'T0OLD', 'Old Slack'),
    ('10000000-0000-4000-8000-000000000002', ${DEFAULT_ORG_ID}, 'teams', 'tenant-old', 'Old Teams')`);
  await handle.db.execute(sql`insert into users (org_id, workspace_id, platform, external_id, display_name, role) values
    (${DEFAULT_ORG_ID}, '10000000-0000-4000-8000-000000000001', 'slack', 'U0ENG', 'Eng', 'engineer'),
    (${DEFAULT_ORG_ID}, '10000000-0000-4000-8000-000000000001', 'slack', 'U0AM', 'Am', 'account_manager'),
    (${DEFAULT_ORG_ID}, '10000000-0000-4000-8000-000000000002', 'teams', '29:boss', 'Boss', 'manager')`);
  await migrateDb(handle, migrations);
}, 60_000);

afterAll(async () => {
  await handle?.close();
  await rm(firstWave, { recursive: true, force: true });
});

describe('migrating a first-wave database', () => {
  it('keeps managers, makes everyone else a member', async () => {
    const rows = (await handle.db.execute(sql`select external_id, role from users order by external_id`)) as unknown;
    const list = Array.isArray(rows) ? rows : (rows as { rows: unknown[] }).rows;
    expect(list).toEqual([
      { external_id: '29:boss', role: 'manager' },
      { external_id: 'U0AM', role: 'member' },
      { external_id: 'U0ENG', role: 'member' },
    ]);
  });

  it('keeps the paired workspaces in their one organisation; a new workspace gets its own', async () => {
    const identities = createIdentities({ db: handle.db, clock: { now: () => new Date('2027-01-01T00:00:00Z') }, directory: { profile: async () => undefined }, admins: new Set() });
    const old = await identities.resolve({ platform: 'slack', workspaceId: 'T0OLD', userId: 'U0AM', displayName: 'am' });
    expect(old.orgId).toBe(DEFAULT_ORG_ID);
    // That organisation had no admin: the first person back becomes one.
    expect(old.role).toBe('admin');
    expect(old.firstAdmin).toBe(true);
    const teams = await identities.resolve({ platform: 'teams', workspaceId: 'tenant-old', userId: '29:boss', displayName: 'Boss' });
    expect(teams).toMatchObject({ orgId: DEFAULT_ORG_ID, role: 'manager', firstAdmin: false });
    const fresh = await identities.resolve({ platform: 'slack', workspaceId: 'T0NEW', userId: 'U0NEW', displayName: 'new' });
    expect(fresh.orgId).not.toBe(DEFAULT_ORG_ID);
    expect(fresh.role).toBe('admin');
  });
});
