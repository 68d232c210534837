import { sql, type SQL } from 'drizzle-orm';
import type { DigestWindow } from '../../domain/digest.week.js';
import { ts } from './digest.sql.js';

/**
 * What every digest query is parameterised by: whose work (the manager's
 * team, or the whole organisation when no team is set) and which instants.
 * Queries are plain SQL strings with these fragments spliced in, so each
 * section stays one statement whatever the size of the book.
 */
export interface DigestScope {
  orgId: string;
  managerId: string;
  /**
   * Whose work: a member's own ('self'), a manager's team, or everyone (an
   * admin, or a manager who has not set a team).
   */
  reach: 'self' | 'team' | 'org';
  window: DigestWindow;
  /** Zone for a follow-up owner whose own is unknown. */
  defaultTimezone: string;
  /** Going cold at T and at T − 7 days: no note since this instant. */
  coldSince: [Date, Date];
  /** Stale reminders at T and at T − 7 days: created at or before this instant. */
  staleSince: [Date, Date];
}

/** `and <column> in (the manager's team)`, the reader alone for a member, or nothing for an org-wide digest. */
export function inTeam(s: DigestScope, column: string): SQL {
  if (s.reach === 'org') return sql``;
  if (s.reach === 'self') return sql`and ${sql.raw(column)} = ${s.managerId}`;
  return sql`and ${sql.raw(column)} in (select tm.member_id from team_members tm where tm.manager_id = ${s.managerId})`;
}

/** bounds[k] as a timestamptz parameter: b(s, 0) = T, b(s, 1) = this week's start, b(s, 2) = last week's. */
export function b(s: DigestScope, k: number): SQL {
  return ts(s.window.bounds[k]!);
}
