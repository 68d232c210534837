import { orgForCli } from '../../../src/features/orgs/org.store.js';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config.js';
import { accounts, auditLog, notePeople, notes, people, stakeholderChanges, users } from '../../../src/db/schema.js';
import type { CliContext } from '../../../src/features/feature.js';
import { ensureActor } from '../../../src/features/identity.js';
import { forgetCommand } from '../../../src/features/stakeholders/forget.command.js';
import { importCommand } from '../../../src/features/stakeholders/import.command.js';
import { compose, type Composition } from '../../../src/main.js';
import { openTestDb } from '../../support/test-db.js';

const current = new Date('2026-11-23T10:00:00Z');
const clock = { now: () => current };
let app: Composition;
let dir: string;
let lines: string[] = [];
let ctx: CliContext;

beforeAll(async () => {
  app = await compose(parseConfig({ HALLWAY_SCHEDULER: 'off' }), { db: await openTestDb(), clock, log: pino({ level: 'silent' }) });
  ctx = { db: app.db.db, org: () => orgForCli(app.db.db), queue: app.queue, clock, timezone: 'UTC', out: (l) => lines.push(l), isTTY: false };
  dir = await mkdtemp(join(tmpdir(), 'hallway-import-'));
});

afterAll(async () => {
  await app?.close();
  await app?.db.close();
  await rm(dir, { recursive: true, force: true });
});

async function importCsv(name: string, csv: string): Promise<string[]> {
  const file = join(dir, name);
  await writeFile(file, csv);
  lines = [];
  await importCommand(ctx, file);
  return lines.map((l) => l.replace(file, name));
}

const V1 = `account,name,title,email,division
Acme,Priya Shah,CFO,priya@acme.test,Finance
Acme,Tom Reed,VP Engineering,,
Globex,Hank Scorpio,CEO,,
Globex,Lee Park,COO,,
`;

describe('hallway import <file.csv>', () => {
  it('imports a roster and prints the changes found', async () => {
    expect(await importCsv('v1.csv', V1)).toEqual([
      'v1.csv: 4 people at 2 accounts; 4 stakeholder changes',
      '  Acme: Priya Shah joined as CFO',
      '  Acme: Tom Reed joined as VP Engineering',
      '  Globex: Hank Scorpio joined as CEO',
      '  Globex: Lee Park joined as COO',
    ]);
  });

  it('changes nothing when the same file comes again', async () => {
    expect(await importCsv('v1-again.csv', V1)).toEqual(['v1-again.csv: 4 people at 2 accounts; 0 stakeholder changes']);
  });

  it('finds a new title, a replacement, a departure and a new person; reports bad rows by line while good rows import', async () => {
    const v2 = `account,name,title,email,division
Acme,Tom Reed,CTO,,
Acme,Sam Oak,CFO,sam@acme.test,Finance
Acme,Ana Ruiz,Head of Procurement,,
Acme,,Buyer,,
Acme,Zoe Kim,Designer,zoe-at-acme,
Globex,Lee Park,COO,,
`;
    expect(await importCsv('v2.csv', v2)).toEqual([
      'line 5: the name is empty (skipped)',
      'line 6: "zoe-at-acme" is not an e-mail address (skipped)',
      'v2.csv: 4 people at 2 accounts; 4 stakeholder changes; 2 bad rows skipped',
      '  Acme: Tom Reed is now CTO (was VP Engineering)',
      '  Acme: Sam Oak replaced Priya Shah as CFO',
      '  Acme: Ana Ruiz joined as Head of Procurement',
      '  Globex: Hank Scorpio left (CEO)',
    ]);
    const recorded = await app.db.db
      .select({ kind: stakeholderChanges.kind, source: stakeholderChanges.source, status: stakeholderChanges.status, person: people.name, createdAt: stakeholderChanges.createdAt })
      .from(stakeholderChanges)
      .innerJoin(people, eq(people.id, stakeholderChanges.personId))
      .where(eq(stakeholderChanges.kind, 'role_changed'));
    expect(recorded).toEqual([{ kind: 'role_changed', source: 'import', status: 'open', person: 'Tom Reed', createdAt: current }]);
    const statuses = await app.db.db.select({ name: people.name, status: people.status }).from(people).orderBy(people.name);
    expect(statuses).toEqual([
      { name: 'Ana Ruiz', status: 'active' },
      { name: 'Hank Scorpio', status: 'left' },
      { name: 'Lee Park', status: 'active' },
      { name: 'Priya Shah', status: 'left' },
      { name: 'Sam Oak', status: 'active' },
      { name: 'Tom Reed', status: 'active' },
    ]);
  });

  it('does not take someone on a broken row for a departure', async () => {
    const v3 = `account,name,title,email,division
Acme,Tom Reed,CTO,,
Acme,Sam Oak,CFO,sam@acme.test,Finance
Acme,Ana Ruiz,,,
Globex,Lee Park,COO,,
`;
    expect(await importCsv('v3.csv', v3)).toEqual(['line 4: Ana Ruiz has no title (skipped)', 'v3.csv: 3 people at 2 accounts; 0 stakeholder changes; 1 bad row skipped']);
  });

  it('fails with one clear line for a file it cannot read', async () => {
    await expect(importCommand(ctx, join(dir, 'missing.csv'))).rejects.toThrow(`cannot read ${join(dir, 'missing.csv')}: ENOENT`);
    await writeFile(join(dir, 'noheader.csv'), 'Acme,Priya Shah,CFO\n');
    await expect(importCommand(ctx, join(dir, 'noheader.csv'))).rejects.toThrow('the header has no account, name, title column');
  });
});

describe('hallway forget <name>', () => {
  it('erases the person; notes keep their text with the name removed; an audit entry without the name', async () => {
    const [acme] = await app.db.db.select().from(accounts).where(eq(accounts.name, 'Acme'));
    const [tom] = await app.db.db.select().from(people).where(eq(people.name, 'Tom Reed'));
    const author = await ensureActor(app.db.db, { platform: 'slack', workspaceId: 'T0HALLWAY', userId: 'U0MARIA', displayName: 'maria' });
    const [withTom] = await app.db.db
      .insert(notes)
      .values({ orgId: acme!.orgId, authorId: author.userId, accountId: acme!.id, rawText: 'Acme with Tom Reed (CTO): Tom wants faster builds', summary: 'TOM REED is unhappy', quote: 'We wait all day', pains: ['Tom reed waits'] })
      .returning();
    await app.db.db.insert(notePeople).values({ orgId: acme!.orgId, noteId: withTom!.id, personId: tom!.id });
    const [mention] = await app.db.db
      .insert(notes)
      .values({ orgId: acme!.orgId, authorId: author.userId, accountId: acme!.id, rawText: 'Sam says Tom Reed signs off; Tomas agrees' })
      .returning();

    lines = [];
    await forgetCommand(ctx, 'tom reed');
    expect(lines).toEqual(['erased Tom Reed (Acme)', '2 notes kept with the name removed']);
    const [a] = await app.db.db.select().from(notes).where(eq(notes.id, withTom!.id));
    expect(a).toMatchObject({ rawText: 'Acme with [removed] (CTO): [removed] wants faster builds', summary: '[removed] is unhappy', quote: 'We wait all day', pains: ['[removed] waits'] });
    const [b] = await app.db.db.select().from(notes).where(eq(notes.id, mention!.id));
    expect(b?.rawText).toBe('Sam says [removed] signs off; Tomas agrees');
    expect(await app.db.db.select().from(people).where(eq(people.name, 'Tom Reed'))).toEqual([]);
    const [audit] = await app.db.db.select().from(auditLog).where(eq(auditLog.action, 'person.forget'));
    expect(audit).toMatchObject({ subject: tom!.id, detail: { people: 1, notes: 2 }, actorId: null });
    expect(JSON.stringify(audit)).not.toContain('Tom');
    expect(await app.db.db.select().from(users).where(eq(users.externalId, 'U0MARIA'))).toHaveLength(1);
  });

  it('fails with one clear line for a name nobody has', async () => {
    await expect(forgetCommand(ctx, 'Nobody Known')).rejects.toThrow('nobody called "Nobody Known" is known; nothing was erased');
  });
});
