import { nameKey } from './names.js';

/** A person as the database knows them, for diffing. */
export interface KnownPerson {
  id: string;
  accountKey: string;
  name: string;
  title: string | null;
  email: string | null;
  division: string | null;
  status: 'active' | 'left';
}

/** One good row of a roster feed (CSV line or webhook item). */
export interface RosterRow {
  /** CSV line number, for the report; 0 for a webhook item. */
  line: number;
  account: string;
  name: string;
  title: string;
  email?: string;
  division?: string;
}

export type RosterChange =
  | { kind: 'joined'; row: RosterRow; rejoined?: KnownPerson }
  | { kind: 'replaced'; row: RosterRow; previous: KnownPerson; rejoined?: KnownPerson }
  | { kind: 'role_changed'; row: RosterRow; person: KnownPerson }
  | { kind: 'left'; person: KnownPerson };

export interface RosterDiff {
  changes: RosterChange[];
  /** Same person, same title, new e-mail or division: stored, but not a stakeholder change. */
  details: Array<{ person: KnownPerson; row: RosterRow }>;
}

export const personKey = (account: string, name: string) => `${nameKey(account)}\u0000${nameKey(name)}`;

/**
 * What changed between the known people of some accounts and a feed that is
 * the whole roster of those accounts: new people joined (or replaced someone
 * who is gone and held the same title), titles changed, and people missing
 * from the feed left. `present` holds keys of people the feed mentions in
 * rows too broken to import: they are not taken for departures.
 */
export function diffRoster(known: KnownPerson[], rows: RosterRow[], present: ReadonlySet<string> = new Set()): RosterDiff {
  const seen = new Set<string>(present);
  for (const row of rows) seen.add(personKey(row.account, row.name));
  const accountsNamed = new Set(rows.map((r) => nameKey(r.account)));
  const departures = known.filter(
    (p) => p.status === 'active' && accountsNamed.has(p.accountKey) && !seen.has(personKey(p.accountKey, p.name)),
  );
  return diff(known, rows, departures);
}

/**
 * A CRM feed names each person with a status instead of sending the whole
 * roster: "left" is explicit, and nobody else is taken for gone. A departure
 * and a newcomer with the same title in one call are a replacement.
 */
export function diffFeed(known: KnownPerson[], items: Array<RosterRow & { status: 'active' | 'left' }>): RosterDiff {
  const byKey = new Map(known.map((p) => [personKey(p.accountKey, p.name), p]));
  const departures = items
    .filter((i) => i.status === 'left')
    .map((i) => byKey.get(personKey(i.account, i.name)))
    .filter((p): p is KnownPerson => p !== undefined && p.status === 'active');
  return diff(known, items.filter((i) => i.status === 'active'), departures);
}

function diff(known: KnownPerson[], rows: RosterRow[], departures: KnownPerson[]): RosterDiff {
  const byKey = new Map(known.map((p) => [personKey(p.accountKey, p.name), p]));
  const arrivals: Array<{ row: RosterRow; rejoined?: KnownPerson }> = [];
  const changes: RosterChange[] = [];
  const details: RosterDiff['details'] = [];

  for (const row of rows) {
    const person = byKey.get(personKey(row.account, row.name));
    if (!person || person.status === 'left') {
      arrivals.push({ row, ...(person ? { rejoined: person } : {}) });
      continue;
    }
    if (nameKey(person.title ?? '') !== nameKey(row.title)) changes.push({ kind: 'role_changed', row, person });
    else if ((row.email ?? null) !== person.email || (row.division ?? null) !== person.division) details.push({ person, row });
  }

  // A newcomer holding the exact title of someone who is gone replaced them.
  const gone = [...departures];
  for (const arrival of arrivals) {
    const i = gone.findIndex((d) => d.accountKey === nameKey(arrival.row.account) && d.title !== null && nameKey(d.title) === nameKey(arrival.row.title));
    if (i >= 0) {
      const [previous] = gone.splice(i, 1);
      changes.push({ kind: 'replaced', row: arrival.row, previous: previous!, ...(arrival.rejoined ? { rejoined: arrival.rejoined } : {}) });
    } else {
      changes.push({ kind: 'joined', row: arrival.row, ...(arrival.rejoined ? { rejoined: arrival.rejoined } : {}) });
    }
  }
  for (const person of gone) changes.push({ kind: 'left', person });
  return { changes, details };
}

/** One line per change, for the import report. */
export function describeRosterChange(c: RosterChange, accountName: (key: string) => string): string {
  switch (c.kind) {
    case 'joined':
      return `${c.row.account}: ${c.row.name} joined as ${c.row.title}${c.rejoined ? ' (back after leaving)' : ''}`;
    case 'replaced':
      return `${c.row.account}: ${c.row.name} replaced ${c.previous.name} as ${c.row.title}`;
    case 'role_changed':
      return `${c.row.account}: ${c.row.name} is now ${c.row.title}${c.person.title ? ` (was ${c.person.title})` : ''}`;
    case 'left':
      return `${accountName(c.person.accountKey)}: ${c.person.name} left${c.person.title ? ` (${c.person.title})` : ''}`;
  }
}
