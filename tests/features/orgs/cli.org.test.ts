import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../../src/db/client.js';
import { orgs } from '../../../src/db/schema.js';
import { ensureWorkspace } from '../../../src/features/identity.js';
import { OrgChoiceError, orgForCli } from '../../../src/features/orgs/org.store.js';
import { openEmptyTestDb } from '../../support/test-db.js';
import { migrateDb } from '../../../src/db/migrate.js';

/* What an operator command acts on: `--org <Slack team id | Teams tenant id>`, needed only when there are several. */

let handle: DbHandle;

beforeAll(async () => {
  // A database of its own: these tests count every organisation in it.
  handle = await openEmptyTestDb();
  await migrateDb(handle);
}, 60_000);

afterAll(() => handle?.close());

describe('the organisation of an operator command', () => {
  it('on an empty database, makes one that the first workspace to connect adopts (seed-demo before anyone talks)', async () => {
    const made = await orgForCli(handle.db);
    expect(await orgForCli(handle.db)).toBe(made);
    const first = await ensureWorkspace(handle.db, 'teams', 'tenant-first');
    expect(first.orgId).toBe(made);
    const second = await ensureWorkspace(handle.db, 'slack', 'T0SECOND');
    expect(second.orgId).not.toBe(made);
  });

  it('asks for --org once there are several, listing the workspaces it knows', async () => {
    await expect(orgForCli(handle.db)).rejects.toThrow(OrgChoiceError);
    await expect(orgForCli(handle.db)).rejects.toThrow(/several organisations: name one with --org <Slack team id \| Teams tenant id>; known: T0SECOND \(Slack, Slack T0SECOND\), tenant-first \(Teams, Teams tenant-first\)/);
  });

  it('finds the organisation by a Slack team id or a Teams tenant id, and says so when it knows neither', async () => {
    const slack = await ensureWorkspace(handle.db, 'slack', 'T0SECOND');
    expect(await orgForCli(handle.db, 'T0SECOND')).toBe(slack.orgId);
    expect(await orgForCli(handle.db, 'tenant-first')).not.toBe(slack.orgId);
    await expect(orgForCli(handle.db, 'T0NOPE')).rejects.toThrow('no Slack team or Teams tenant "T0NOPE" is known; known: ');
    expect((await handle.db.select().from(orgs)).length).toBe(2);
  });
});
