import { and, eq, isNull } from 'drizzle-orm';
import { accounts, followUps, notePeople, notes, people, stakeholderRoles, users, workspaces } from '../../db/schema.js';
import { nameKey } from '../../domain/names.js';
import type { CliContext } from '../feature.js';

/*
 * A small book of customers to try Hallway with: three accounts, people with
 * titles, roles and objectives, shareable notes with quotes, an internal
 * note and a follow-up. Re-running changes nothing: every row is keyed.
 */

interface DemoPerson {
  name: string;
  title: string;
  role: string;
  objectives: string[];
}

interface DemoNote {
  key: string;
  daysAgo: number;
  people: string[];
  summary: string;
  quote?: string;
  pains: string[];
  wants: string[];
  sentiment: string;
  internal?: boolean;
  tags?: string[];
  followUp?: { text: string; inDays: number };
}

const BOOK: Array<{ name: string; tags: string[]; people: DemoPerson[]; notes: DemoNote[] }> = [
  {
    name: 'Acme Logistics',
    tags: ['payments'],
    people: [
      { name: 'Dana Lee', title: 'VP Engineering', role: 'Technical buyer', objectives: ['Close the books in three days', 'Fewer manual spreadsheets'] },
      { name: 'Jim Park', title: 'Finance Operations Lead', role: 'Champion', objectives: ['No more weekend reconciliations'] },
    ],
    notes: [
      {
        key: 'demo:acme:1',
        daysAgo: 2,
        people: ['Dana Lee', 'Jim Park'],
        summary: 'Month-end close review. Jim walked us through the spreadsheet they reconcile by hand.',
        quote: 'We lose two days every month-end matching payments by hand.',
        pains: ['manual reconciliation'],
        wants: ['auto-matching of bank lines'],
        sentiment: 'mixed',
        tags: ['payments'],
        followUp: { text: 'Send Dana the auto-matching beta invite', inDays: 5 },
      },
      {
        key: 'demo:acme:2',
        daysAgo: 9,
        people: ['Dana Lee'],
        summary: 'Renewal risk: budget review in Q1; Dana needs a win to show.',
        pains: ['budget scrutiny'],
        wants: [],
        sentiment: 'neutral',
        internal: true,
      },
    ],
  },
  {
    name: 'Northwind Health',
    tags: ['compliance'],
    people: [{ name: 'Priya Shah', title: 'CFO', role: 'Economic buyer', objectives: ['Pass the audit without findings', 'Cut audit fees'] }],
    notes: [
      {
        key: 'demo:northwind:1',
        daysAgo: 4,
        people: ['Priya Shah'],
        summary: 'First call with the new CFO. She wants audit trails she can hand to the auditors as-is.',
        quote: 'Every audit, my team spends a week screenshotting approvals.',
        pains: ['audit evidence collected by hand'],
        wants: ['exportable audit trail'],
        sentiment: 'positive',
        tags: ['compliance'],
      },
    ],
  },
  {
    name: 'Globex Retail',
    tags: [],
    people: [{ name: 'Tom Reed', title: 'IT Director', role: 'Admin', objectives: ['One login for every store'] }],
    notes: [
      {
        key: 'demo:globex:1',
        daysAgo: 12,
        people: ['Tom Reed'],
        summary: 'Store managers share one password per store; Tom wants SSO before the holidays.',
        quote: 'If one store manager leaves, I have to change forty passwords.',
        pains: ['shared store logins'],
        wants: ['SSO for store staff'],
        sentiment: 'negative',
      },
    ],
  },
];

export async function seedDemoCommand(ctx: CliContext): Promise<void> {
  const { db } = ctx;
  const now = ctx.clock.now();
  const author = await demoAuthor(ctx);
  let added = 0;
  for (const a of BOOK) {
    await db.insert(accounts).values({ orgId: author.orgId, name: a.name, nameKey: nameKey(a.name), ownerId: author.userId, tags: a.tags }).onConflictDoNothing();
    const [account] = await db.select().from(accounts).where(and(eq(accounts.orgId, author.orgId), eq(accounts.nameKey, nameKey(a.name))));
    const ids = new Map<string, string>();
    for (const p of a.people) {
      await db
        .insert(people)
        .values({ orgId: author.orgId, accountId: account!.id, name: p.name, nameKey: nameKey(p.name), title: p.title, objectives: p.objectives })
        .onConflictDoNothing();
      const [person] = await db.select().from(people).where(and(eq(people.accountId, account!.id), eq(people.nameKey, nameKey(p.name))));
      ids.set(p.name, person!.id);
      const [role] = await db.select().from(stakeholderRoles).where(and(eq(stakeholderRoles.personId, person!.id), isNull(stakeholderRoles.until)));
      if (!role) await db.insert(stakeholderRoles).values({ orgId: author.orgId, personId: person!.id, accountId: account!.id, role: p.role });
    }
    for (const n of a.notes) {
      const metAt = new Date(now.getTime() - n.daysAgo * 86_400_000);
      const [note] = await db
        .insert(notes)
        .values({
          orgId: author.orgId,
          authorId: author.userId,
          accountId: account!.id,
          metAt,
          summary: n.summary,
          quote: n.quote ?? null,
          pains: n.pains,
          wants: n.wants,
          sentiment: n.sentiment,
          visibility: n.internal ? 'internal' : 'shared',
          consentToQuote: true,
          rawText: n.summary,
          idempotencyKey: n.key,
          tags: n.tags ?? [],
        })
        .onConflictDoNothing()
        .returning();
      if (!note) continue;
      added += 1;
      await db.insert(notePeople).values(n.people.map((name) => ({ orgId: author.orgId, noteId: note.id, personId: ids.get(name)! })));
      for (const name of n.people) await db.update(people).set({ lastContactAt: metAt }).where(eq(people.id, ids.get(name)!));
      if (n.followUp) {
        const due = new Date(now.getTime() + n.followUp.inDays * 86_400_000).toISOString().slice(0, 10);
        await db.insert(followUps).values({ orgId: author.orgId, noteId: note.id, ownerId: author.userId, text: n.followUp.text, dueOn: due });
      }
    }
  }
  ctx.out(added ? `demo book ready: ${BOOK.length} accounts, ${added} notes added (try /hallway account Acme)` : 'demo book already there; nothing to add');
}

/** The demo book's author: a made-up colleague in a demo workspace of the chosen organisation. */
async function demoAuthor(ctx: CliContext): Promise<{ orgId: string; userId: string }> {
  const orgId = await ctx.org();
  await ctx.db.insert(workspaces).values({ orgId, platform: 'slack', externalId: 'T0DEMO', name: 'Demo workspace' }).onConflictDoNothing();
  const [ws] = await ctx.db.select().from(workspaces).where(and(eq(workspaces.platform, 'slack'), eq(workspaces.externalId, 'T0DEMO')));
  if (ws!.orgId !== orgId) throw new Error('the demo book lives in another organisation already: name it with --org T0DEMO');
  await ctx.db
    .insert(users)
    .values({ orgId, workspaceId: ws!.id, platform: 'slack', externalId: 'U0DEMO', displayName: 'Demo Account Manager', timezone: ctx.timezone })
    .onConflictDoNothing();
  const [user] = await ctx.db.select({ id: users.id }).from(users).where(and(eq(users.platform, 'slack'), eq(users.externalId, 'U0DEMO')));
  return { orgId, userId: user!.id };
}
