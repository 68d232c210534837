import { describe, expect, it } from 'vitest';
import { diffRoster, type KnownPerson, type RosterRow } from '../../src/domain/roster.diff.js';

const known: KnownPerson[] = [
  { id: 'p1', accountKey: 'acme', name: 'Priya Shah', title: 'CFO', email: 'priya@acme.test', division: 'Finance', status: 'active' },
  { id: 'p2', accountKey: 'acme', name: 'Tom Reed', title: 'VP Engineering', email: null, division: null, status: 'active' },
  { id: 'p3', accountKey: 'globex', name: 'Hank Scorpio', title: 'CEO', email: null, division: null, status: 'active' },
];

const row = (line: number, account: string, name: string, title: string, extra: Partial<RosterRow> = {}): RosterRow => ({ line, account, name, title, ...extra });
const same = [row(2, 'Acme', 'Priya Shah', 'CFO', { email: 'priya@acme.test', division: 'Finance' }), row(3, 'ACME', 'tom reed', 'vp engineering')];

describe('diffRoster', () => {
  it('finds nothing in an unchanged roster (names and titles in any case)', () => {
    expect(diffRoster(known, same)).toEqual({ changes: [], details: [] });
  });

  it('finds a new title', () => {
    const rows = [same[0]!, row(3, 'Acme', 'Tom Reed', 'CTO')];
    expect(diffRoster(known, rows).changes).toEqual([{ kind: 'role_changed', row: rows[1], person: known[1] }]);
  });

  it('finds a replacement: a newcomer with the title of someone missing', () => {
    const rows = [same[0]!, row(3, 'Acme', 'Dana Lee', 'VP Engineering')];
    expect(diffRoster(known, rows).changes).toEqual([{ kind: 'replaced', row: rows[1], previous: known[1] }]);
  });

  it('finds a departure, and leaves accounts the file does not name alone', () => {
    expect(diffRoster(known, [same[0]!]).changes).toEqual([{ kind: 'left', person: known[1] }]);
  });

  it('finds a new person', () => {
    const rows = [...same, row(4, 'Acme', 'Ana Ruiz', 'Procurement lead')];
    expect(diffRoster(known, rows).changes).toEqual([{ kind: 'joined', row: rows[2] }]);
  });

  it('finds someone back after leaving', () => {
    const gone: KnownPerson = { ...known[1]!, status: 'left' };
    const rows = [...same];
    expect(diffRoster([known[0]!, gone], rows).changes).toEqual([{ kind: 'joined', row: rows[1], rejoined: gone }]);
  });

  it('keeps a new e-mail as a detail, not a change', () => {
    const rows = [row(2, 'Acme', 'Priya Shah', 'CFO', { email: 'p.shah@acme.test', division: 'Finance' }), same[1]!];
    expect(diffRoster(known, rows)).toEqual({ changes: [], details: [{ person: known[0], row: rows[0] }] });
  });

  it('does not take someone named on a broken row for a departure', () => {
    expect(diffRoster(known, [same[0]!], new Set(['acme\u0000tom reed'])).changes).toEqual([]);
  });
});
