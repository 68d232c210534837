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

/**
 * Engagement with the scope's stories in [from, to), as rows (kind,
 * created_at, story_id). The whole organisation's is read by period. A
 * team's starts from its stories (by author, which the database copies from
 * the note) and reaches each one's posts and their engagement through their
 * indexes. LATERAL with OFFSET 0 (which Postgres does not flatten into the
 * outer join) keeps that order whatever plan it settles on for the prepared
 * statement: its generic plan otherwise read the organisation's engagement
 * of the period and probed a story for each row (4,091 on the bench's book).
 */
export function scopeEngagement(s: DigestScope, from: SQL, to: SQL, kinds: SQL = sql``): SQL {
  if (s.reach === 'org') {
    return sql`select e.kind, e.created_at, sp.story_id
      from engagement e join story_posts sp on sp.id = e.story_post_id
      where e.org_id = ${s.orgId} and e.created_at >= ${from} and e.created_at < ${to} ${kinds}`;
  }
  return sql`select e.kind, e.created_at, st.id as story_id
    from stories st cross join lateral (
      select e.kind, e.created_at from story_posts sp join engagement e on e.story_post_id = sp.id
      where sp.story_id = st.id and e.org_id = ${s.orgId} and e.created_at >= ${from} and e.created_at < ${to} ${kinds}
      offset 0
    ) e
    where true ${inTeam(s, 'st.author_id')}`;
}

/** Posting times of the scope's stories' posts in [from, to): by period for the organisation, from its stories for a team. */
export function scopePosts(s: DigestScope, from: SQL, to: SQL): SQL {
  if (s.reach === 'org') {
    return sql`select sp.posted_at from story_posts sp where sp.org_id = ${s.orgId} and sp.posted_at >= ${from} and sp.posted_at < ${to}`;
  }
  return sql`select sp.posted_at
    from stories st cross join lateral (
      select sp.posted_at from story_posts sp
      where sp.story_id = st.id and sp.org_id = ${s.orgId} and sp.posted_at >= ${from} and sp.posted_at < ${to}
      offset 0
    ) sp
    where true ${inTeam(s, 'st.author_id')}`;
}

/** bounds[k] as a timestamptz parameter: b(s, 0) = T, b(s, 1) = this week's start, b(s, 2) = last week's. */
export function b(s: DigestScope, k: number): SQL {
  return ts(s.window.bounds[k]!);
}
