import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../../src/db/client.js';
import { discoveryValues, type DiscoveryField } from '../../../src/db/schema.js';
import type { Ranked } from '../../../src/domain/digest.model.js';
import { buildDigest } from '../../../src/features/digest/digest.build.js';
import { openTestDb } from '../../support/test-db.js';
import { BOUNDS } from './expected.js';
import { insertFixture, makeFixture, T, type Fixture, type UserRow } from './fixture.js';

/*
 * Stale discovery with discovery actually recorded (the digest fixture has
 * none). A team's digest counts each person's confirmed fields through a
 * subquery per person; the organisation-wide one counts them once per person
 * and joins: both must give the figures counted here from the rows.
 */

const DAY = 86_400_000;
const FIELDS: DiscoveryField[] = ['need', 'now', 'goal', 'ready', 'capacity'];
const [B0, B1] = BOUNDS as [number, number];
const STALE_MS = 90 * DAY;

interface Value {
  personId: string;
  field: DiscoveryField;
  status: 'confirmed' | 'suggested' | 'dismissed';
  createdAt: Date;
}

let handle: DbHandle;
let f: Fixture;
const values: Value[] = [];

beforeAll(async () => {
  handle = await openTestDb();
  f = makeFixture({ tag: 0xd5, scale: 1, seed: 5 });
  await insertFixture(handle.db, f);
  const ago = (days: number) => new Date(T.getTime() - days * DAY);
  // Shapes of discovery, dealt round the active people: fresh at both instants,
  // fresh only now, fresh only a week ago (it aged out since), a field only
  // suggested, a field recorded twice but another missing, and nothing at all.
  const shapes: Array<(personId: string) => Value[]> = [
    (p) => FIELDS.map((field) => ({ personId: p, field, status: 'confirmed', createdAt: ago(10) })),
    (p) => FIELDS.map((field) => ({ personId: p, field, status: 'confirmed', createdAt: ago(3) })),
    (p) => FIELDS.map((field) => ({ personId: p, field, status: 'confirmed', createdAt: ago(95) })),
    (p) => FIELDS.map((field, i) => ({ personId: p, field, status: i === 4 ? 'suggested' : 'confirmed', createdAt: ago(20) })),
    (p) => [...FIELDS.slice(0, 4), 'need' as const].map((field) => ({ personId: p, field, status: 'confirmed', createdAt: ago(30) })),
    (p) => [
      ...FIELDS.map((field) => ({ personId: p, field, status: 'confirmed' as const, createdAt: ago(120) })),
      { personId: p, field: 'goal' as const, status: 'confirmed' as const, createdAt: ago(1) },
    ],
    () => [],
  ];
  f.people
    .filter((p) => p.status === 'active')
    .forEach((p, i) => values.push(...shapes[i % shapes.length]!(p.id)));
  await handle.db.insert(discoveryValues).values(
    values.map((v) => ({ orgId: f.orgId, personId: v.personId, field: v.field, value: 'x', source: 'person_form' as const, status: v.status, createdAt: v.createdAt })),
  );
});

afterAll(async () => {
  await handle?.close();
});

/** Whether a person's discovery is stale at instant x, as the digest defines it. */
function staleAt(personId: string, createdAt: Date, x: number): boolean {
  if (createdAt.getTime() > x) return false;
  const fresh = new Set(
    values
      .filter((v) => v.personId === personId && v.status === 'confirmed' && v.createdAt.getTime() <= x && v.createdAt.getTime() > x - STALE_MS)
      .map((v) => v.field),
  );
  return fresh.size < FIELDS.length;
}

function expected(manager: UserRow) {
  const team = new Set(f.team.filter((t) => t.managerId === manager.id).map((t) => t.memberId));
  const owner = new Map(f.accounts.map((a) => [a.id, a.ownerId]));
  const people = f.people.filter((p) => p.status === 'active' && (team.size === 0 || team.has(owner.get(p.accountId)!)));
  const byOwner = new Map<string, Ranked>();
  for (const p of people) {
    const o = owner.get(p.accountId)!;
    const line = byOwner.get(o) ?? { label: f.users.find((u) => u.id === o)!.displayName, value: { now: 0, last: 0 } };
    if (staleAt(p.id, p.createdAt, B0)) line.value.now += 1;
    if (staleAt(p.id, p.createdAt, B1)) line.value.last += 1;
    byOwner.set(o, line);
  }
  const kept = [...byOwner.values()]
    .filter((r) => r.value.now > 0 || r.value.last > 0)
    .sort((a, b) => b.value.now - a.value.now || b.value.last - a.value.last || (a.label < b.label ? -1 : 1));
  return { top: kept.slice(0, 8), total: kept.length };
}

describe('stale discovery in the digest, with discovery recorded', () => {
  it.each([
    ['a team', 'team'],
    ['everyone', 'everyone'],
  ] as const)('counts %s from the confirmed values of the 90 days before each instant', async (_label, which) => {
    const manager = f.managers[which];
    const digest = await buildDigest(handle.db, { managerId: manager.id, at: T, timezone: 'Europe/Berlin', defaultTimezone: 'UTC' });
    const want = expected(manager);
    // The shapes above make the figures differ between the weeks and from "everyone is stale".
    expect(want.top.some((r) => r.value.now !== r.value.last)).toBe(true);
    expect(digest!.discovery.staleByOwner).toEqual(want);
  });
});
