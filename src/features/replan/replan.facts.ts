import { loadDiscovery, type PersonDiscovery } from '../discovery/discovery.store.js';
import { DISCOVERY_FIELDS, DISCOVERY_LABELS } from '../../domain/discovery.js';
import { and, count, desc, eq, isNull, or } from 'drizzle-orm';
import { DateTime } from 'luxon';
import type { Database } from '../../db/client.js';
import { accounts, notePeople, notes, people, stakeholderChanges, stakeholderRoles, type Account, type Person, type StakeholderChange } from '../../db/schema.js';
import { firstName } from '../../domain/story.template.js';
import type { Field } from '../../messages/message.js';
import type { KnownView } from '../../messages/replan.message.js';
import { UserError } from '../errors.js';
import type { Facts } from './replan.engine.js';

export interface Situation {
  person: Person;
  account: Account;
  change?: StakeholderChange;
  previous?: Person;
  /** Words the tree's texts may use: {first}, {name}… */
  words: Record<string, string>;
  /** What the tree's conditions may test. */
  facts: Facts;
  known: KnownView;
}

const CHAMPION = /\bchampion\b/i;

/**
 * Everything a re-plan needs to know about the person and the change, read
 * fresh on every step (it may change between one click and the next).
 * Notes are those the viewer may read: shared ones, and their own internal ones.
 */
export async function situationOf(db: Database, orgId: string, personId: string, changeId: string | null, viewerId: string, zone: string): Promise<Situation> {
  const [row] = await db
    .select({ person: people, account: accounts })
    .from(people)
    .innerJoin(accounts, eq(accounts.id, people.accountId))
    .where(and(eq(people.id, personId), eq(people.orgId, orgId)));
  if (!row) throw new UserError('person_gone', 'That person is no longer known (they may have been erased).');
  const { person, account } = row;
  const [change] = changeId ? await db.select().from(stakeholderChanges).where(and(eq(stakeholderChanges.id, changeId), eq(stakeholderChanges.orgId, orgId))) : [];
  const [previous] = change?.previousPersonId ? await db.select().from(people).where(and(eq(people.id, change.previousPersonId), eq(people.orgId, orgId))) : [];
  const [role] = await db
    .select({ role: stakeholderRoles.role, since: stakeholderRoles.since })
    .from(stakeholderRoles)
    .where(and(eq(stakeholderRoles.personId, person.id), eq(stakeholderRoles.orgId, orgId), isNull(stakeholderRoles.until)))
    .orderBy(desc(stakeholderRoles.since))
    .limit(1);
  const previousRoles = previous
    ? await db.select({ role: stakeholderRoles.role }).from(stakeholderRoles).where(and(eq(stakeholderRoles.personId, previous.id), eq(stakeholderRoles.orgId, orgId)))
    : [];
  const readable = and(eq(notePeople.personId, person.id), eq(notePeople.orgId, orgId), or(eq(notes.visibility, 'shared'), eq(notes.authorId, viewerId)));
  const [met] = await db
    .select({ n: count() })
    .from(notePeople)
    .innerJoin(notes, eq(notes.id, notePeople.noteId))
    .where(readable);
  const [latest] = await db
    .select({ summary: notes.summary, quote: notes.quote, metAt: notes.metAt })
    .from(notePeople)
    .innerJoin(notes, eq(notes.id, notePeople.noteId))
    .where(readable)
    .orderBy(desc(notes.metAt))
    .limit(1);

  const day = (d: Date | string) => DateTime.fromJSDate(new Date(d), { zone }).toFormat('ccc d LLL yyyy');
  const discovery = discoveryOf((await loadDiscovery(db, orgId, [person.id])).get(person.id));
  const fields: Field[] = [];
  const missing: string[] = [];
  fields.push({ label: 'Role', value: `${role?.role ?? person.title ?? 'no role on file'}${role ? `, since ${day(role.since)}` : ''}` });
  if (met && met.n > 0 && latest) {
    const what = latest.summary ?? latest.quote ?? '';
    fields.push({ label: 'Notes naming them', value: `${met.n}, latest ${day(latest.metAt)}${what ? `: ${what}` : ''}` });
  } else missing.push('no call note names them yet');
  if (person.objectives.length) fields.push({ label: 'Objectives', value: person.objectives.map((o, i) => `${i + 1}. ${o}`).join('\n') });
  else missing.push('objectives');
  if (person.operatingStyle) fields.push({ label: 'Operating style', value: person.operatingStyle });
  else missing.push('operating style');
  if (person.preferences) fields.push({ label: 'Preferences', value: person.preferences });
  else missing.push('preferences');
  fields.push(...discovery.fields);
  if (!discovery.ready) missing.push('how ready they are to change');

  const previousFacts = previous ? [previous.operatingStyle && `style — ${previous.operatingStyle}`, previous.preferences && `preferences — ${previous.preferences}`].filter(Boolean) : [];
  const known: KnownView = {
    fields,
    missing,
    ...(previous && previousFacts.length ? { previous: `What worked with ${previous.name} may not work now: ${previousFacts.join('; ')}` } : {}),
  };
  const replacedChampion = Boolean(previous && (previousRoles.some((r) => CHAMPION.test(r.role)) || CHAMPION.test(previous.title ?? '')));
  return {
    person,
    account,
    ...(change ? { change } : {}),
    ...(previous ? { previous } : {}),
    words: {
      name: person.name,
      first: firstName(person.name),
      account: account.name,
      role: role?.role ?? person.title ?? '',
      previous: previous?.name ?? '',
      previousFirst: previous ? firstName(previous.name) : '',
      operatingStyle: person.operatingStyle ?? 'nothing yet.',
      preferences: person.preferences ?? 'nothing yet.',
    },
    facts: {
      change: change?.kind ?? 'none',
      replacedChampion,
      previousReachable: Boolean(previous && (previous.status === 'active' || previous.email)),
      ready: discovery.ready,
      objectives: person.objectives.join('\n') || undefined,
    },
    known,
  };
}

/** The discovery fields on file (issue 15), shown in "what we know"; "ready" steers the branch. */
function discoveryOf(d: PersonDiscovery | undefined): { fields: Field[]; ready?: 'low' | 'medium' | 'high' } {
  const fields: Field[] = [];
  for (const name of DISCOVERY_FIELDS) {
    const v = d?.latest[name];
    if (v) fields.push({ label: DISCOVERY_LABELS[name], value: v.level ? `${v.level}${v.value ? ` — ${v.value}` : ''}` : v.value });
  }
  const level = d?.latest.ready?.level;
  return { fields, ...(level === 'low' || level === 'medium' || level === 'high' ? { ready: level } : {}) };
}
