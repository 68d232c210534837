import { and, asc, count, desc, eq, inArray, isNull, ne } from 'drizzle-orm';
import { DateTime } from 'luxon';
import type { CommandInput, Reply } from '../../chat/inbound.js';
import { people, stakeholderChanges, stakeholderRoles, users, type Account, type Person } from '../../db/schema.js';
import { nameKey } from '../../domain/names.js';
import { parseStakeholderCommand, type StakeholderCommand } from '../../domain/stakeholder.command.js';
import { privateText } from '../../messages/reply.messages.js';
import { discoveryLines } from '../../messages/discovery.message.js';
import { discoveryPrefill } from '../discovery/discovery.form.js';
import { loadDiscovery } from '../discovery/discovery.store.js';
import { discoveryView } from '../discovery/discovery.view.js';
import { personForm, rosterMessage, type RosterView } from '../../messages/stakeholder.roster.js';
import { resolveAccount } from '../accounts/account.resolver.js';
import { UserError } from '../errors.js';
import type { FeatureContext } from '../feature.js';
import type { Identity } from '../identity.js';
import type { Replan } from '../replan/replan.flow.js';
import { whoHears, type Notifier } from './notify.js';
import { findPerson, recordJoined, recordLeft, recordRoleChanged, type ChangeContext } from './roster.store.js';

/** `/stakeholder <account> add|left|objectives|edit|replan|list …` */
export function createStakeholderCommand(ctx: FeatureContext, notifier: Notifier, replan: Pick<Replan, 'forPerson'>) {
  const { db } = ctx;

  return async function stakeholder(input: CommandInput, who: Identity): Promise<Reply> {
    const echo = `/stakeholder ${input.text}`;
    const parsed = parseStakeholderCommand(input.text);
    if (!parsed.ok) throw new UserError('stakeholder_syntax', parsed.problem, echo, parsed.hint);
    const cmd = parsed.command;
    const { account } = await resolveAccount(db, who.orgId, cmd.account, {
      ...(cmd.verb === 'add' ? { createFor: who.userId } : {}),
      retry: { command: 'stakeholder', text: input.text },
    });
    const c: ChangeContext = { orgId: who.orgId, source: 'command', by: who.userId, now: ctx.clock.now() };
    const zone = who.timezone ?? ctx.timezone;

    switch (cmd.verb) {
      case 'list':
        return { kind: 'message', visibility: 'private', message: rosterMessage(await rosterView(account, zone)) };
      case 'edit': {
        const person = await mustFind(account, cmd.name, echo);
        return { kind: 'form', form: personForm(person.id, { ...person, account: account.name }, await discoveryPrefill(ctx.db, who.orgId, person.id)) };
      }
      case 'replan': {
        const person = await mustFind(account, cmd.name, echo);
        return replan.forPerson(who, person.id);
      }
      case 'objectives': {
        const person = await mustFind(account, cmd.name, echo);
        await db.update(people).set({ objectives: cmd.objectives }).where(eq(people.id, person.id));
        return privateText(`Saved ${person.name}'s top objectives at ${account.name}: ${cmd.objectives.map((o, i) => `${i + 1}. ${o}`).join(' ')}`);
      }
      case 'left': {
        const person = await mustFind(account, cmd.name, echo);
        if (person.status === 'left') return privateText(`${person.name} had already left ${account.name}; nothing changed.`);
        const change = await recordLeft(db, c, person);
        await notifier.changed(change, c.now);
        return privateText(`Recorded: ${person.name} left ${account.name}. ${await whoHears(db, who.orgId, account.id)}`);
      }
      case 'add':
        return add(cmd, account, c, echo);
    }
  };

  async function add(cmd: Extract<StakeholderCommand, { verb: 'add' }>, account: Account, c: ChangeContext, echo: string): Promise<Reply> {
    const replacing = cmd.replacing ? await mustFind(account, cmd.replacing, echo) : undefined;
    const existing = await findPerson(db, c.orgId, account.id, cmd.name);
    let change;
    if (existing && existing.status === 'active' && !replacing) {
      const roles = await db
        .select({ role: stakeholderRoles.role })
        .from(stakeholderRoles)
        .where(and(eq(stakeholderRoles.personId, existing.id), isNull(stakeholderRoles.until)));
      if (roles.some((r) => nameKey(r.role) === nameKey(cmd.role))) {
        return privateText(`${existing.name} is already on ${account.name}'s roster as ${cmd.role}; nothing changed.`);
      }
      change = roles.length ? await recordRoleChanged(db, c, existing, cmd.role) : (await recordJoined(db, c, account.id, { name: existing.name, title: cmd.role })).change;
    } else {
      change = (await recordJoined(db, c, account.id, { name: existing?.name ?? cmd.name, title: cmd.role }, replacing)).change;
    }
    await notifier.changed(change, c.now);
    const what =
      change.kind === 'replaced'
        ? `${cmd.name} replaced ${replacing!.name} as ${cmd.role}`
        : change.kind === 'role_changed'
          ? `${existing!.name} is now ${cmd.role}`
          : `${cmd.name} joined as ${cmd.role}`;
    return privateText(`Recorded at ${account.name}: ${what}. ${await whoHears(db, c.orgId, account.id)}`);
  }

  async function mustFind(account: Account, name: string, echo: string): Promise<Person> {
    const person = await findPerson(db, account.orgId, account.id, name);
    if (person) return person;
    const known = await db
      .select({ name: people.name })
      .from(people)
      .where(and(eq(people.accountId, account.id), ne(people.status, 'left')))
      .orderBy(asc(people.nameKey))
      .limit(10);
    throw new UserError(
      'person_unknown',
      `${name} is not on ${account.name}'s roster.`,
      echo,
      known.length ? `Known there: ${known.map((k) => k.name).join(', ')}.` : `Add them first: /stakeholder ${account.name} add ${name} as <role>`,
    );
  }

  async function rosterView(account: Account, zone: string): Promise<RosterView> {
    const day = (d: Date) => DateTime.fromJSDate(d, { zone }).toFormat('d LLL yyyy');
    const roles = await db
      .select({ role: stakeholderRoles, person: people })
      .from(stakeholderRoles)
      .innerJoin(people, eq(people.id, stakeholderRoles.personId))
      .where(eq(stakeholderRoles.accountId, account.id))
      .orderBy(asc(stakeholderRoles.since), desc(stakeholderRoles.until));
    const current = roles.filter((r) => r.role.until === null);
    const holders = new Set(current.map((r) => r.person.id));
    const others = await db
      .select({ personId: people.id, name: people.name, title: people.title })
      .from(people)
      .where(and(eq(people.accountId, account.id), eq(people.status, 'active')))
      .orderBy(asc(people.nameKey));
    const [owner] = account.ownerId ? await db.select({ name: users.displayName }).from(users).where(eq(users.id, account.ownerId)) : [];
    const [open] = await db
      .select({ n: count() })
      .from(stakeholderChanges)
      .where(and(eq(stakeholderChanges.accountId, account.id), inArray(stakeholderChanges.status, ['open', 'snoozed'])));
    const discovery = await loadDiscovery(db, account.orgId, current.map((r) => r.person.id));
    return {
      account: account.name,
      ...(owner ? { owner: owner.name } : {}),
      current: current.map(({ role, person }) => ({
        personId: person.id,
        name: person.name,
        role: role.role,
        since: day(role.since),
        objectives: person.objectives,
        operatingStyle: person.operatingStyle,
        preferences: person.preferences,
        discovery: discoveryLines(discoveryView(discovery.get(person.id), ctx.clock.now(), zone)),
      })),
      others: others.filter((o) => !holders.has(o.personId)),
      history: roles
        .filter((r) => r.role.until !== null)
        .sort((a, b) => b.role.until!.getTime() - a.role.until!.getTime())
        .map(({ role, person }) => ({ name: person.name, role: role.role, since: day(role.since), until: day(role.until!) })),
      openChanges: open?.n ?? 0,
    };
  }
}
