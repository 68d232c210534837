import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '../../db/client.js';
import { DEFAULT_GOING_COLD_DAYS, PAIN_LIMIT, STALE_WORKING_DAYS, type DigestData } from '../../domain/digest.model.js';
import { topPains } from '../../domain/digest.pains.js';
import { daysBefore, digestWindow, workingDaysBefore } from '../../domain/digest.week.js';
import { accountHealth, notesByAuthor, notesTrend, overdueFollowUps, relationships, staleDiscoveryByOwner, staleRemindersByOwner } from './digest.book.queries.js';
import type { DigestScope } from './digest.scope.js';
import { int, nullableInt, queryRows } from './digest.sql.js';
import { actionTrends } from './digest.trend.queries.js';
import { painCounts, shareableQuotes, storyStats } from './digest.voice.queries.js';

export interface DigestRequest {
  managerId: string;
  /** The digest instant T: the scheduled slot, or now for a preview. */
  at: Date;
  /** The manager's zone: where weeks and cut-offs are counted. */
  timezone: string;
  /** For people whose own zone is unknown (follow-up owners). */
  defaultTimezone: string;
}

/** Built once: zod compiles a schema on its first parse. */
const headRow = z.object({ org_id: z.string(), role: z.enum(['admin', 'manager', 'member']), team_size: int, cold_days: nullableInt });

type Instants = Pick<DigestScope, 'window' | 'coldSince' | 'staleSince'>;
const instantsCache = new Map<string, Instants>();

/**
 * The digest's weeks and cut-offs for an instant, zone and cold period. The
 * digests of one slot share them (every manager in Berlin at Monday 09:00),
 * and working them out with luxon was a tenth of bench/digest's CPU, so the
 * last few are kept. Shared: read them, never change them.
 */
function instantsOf(at: Date, timezone: string, coldDays: number): Instants {
  const key = `${at.getTime()}|${timezone}|${coldDays}`;
  const known = instantsCache.get(key);
  if (known) return known;
  const window = digestWindow(at, timezone);
  const [t0, t1] = [window.bounds[0]!, window.bounds[1]!];
  const instants: Instants = {
    window,
    coldSince: [daysBefore(t0, coldDays, timezone), daysBefore(t1, coldDays, timezone)],
    staleSince: [workingDaysBefore(t0, STALE_WORKING_DAYS, timezone), workingDaysBefore(t1, STALE_WORKING_DAYS, timezone)],
  };
  if (instantsCache.size >= 64) instantsCache.delete(instantsCache.keys().next().value!);
  instantsCache.set(key, instants);
  return instants;
}

/** The fixed number of statements one digest costs, whatever the data: the head, then one per section. */
export const QUERIES_PER_DIGEST = 12;

/**
 * Builds one manager's digest with a constant number of set-based queries:
 * one to learn the manager's org, team and settings, then ten that run
 * side by side (postgres.js spreads them over its pool; PGlite queues them).
 * Undefined when the manager is not a known user.
 */
export async function buildDigest(db: Database, req: DigestRequest): Promise<DigestData | undefined> {
  const [head] = await queryRows(
    db,
    'digest_head',
    sql`select u.org_id, u.role,
          (select count(*) from team_members tm where tm.manager_id = u.id)::int as team_size,
          case when jsonb_typeof(o.settings -> 'goingColdDays') = 'number'
               then (o.settings ->> 'goingColdDays')::numeric::int end as cold_days
        from users u join orgs o on o.id = u.org_id
        where u.id = ${req.managerId}`,
    headRow,
  );
  if (!head) return undefined;

  const coldDays = head.cold_days && head.cold_days > 0 ? head.cold_days : DEFAULT_GOING_COLD_DAYS;
  const { window, coldSince, staleSince } = instantsOf(req.at, req.timezone, coldDays);
  const scope: DigestScope = {
    orgId: head.org_id,
    managerId: req.managerId,
    // Members read their own accounts; managers their team; admins, and managers with no team yet, everyone.
    reach: head.role === 'member' ? 'self' : head.team_size > 0 ? 'team' : 'org',
    window,
    defaultTimezone: req.defaultTimezone,
    coldSince,
    staleSince,
  };

  const [byAuthor, trend, health, rel, stale, followUps, pains, quotes, stories, discovery, actions] = await Promise.all([
    notesByAuthor(db, scope),
    notesTrend(db, scope),
    accountHealth(db, scope),
    relationships(db, scope),
    staleRemindersByOwner(db, scope),
    overdueFollowUps(db, scope),
    painCounts(db, scope),
    shareableQuotes(db, scope),
    storyStats(db, scope),
    staleDiscoveryByOwner(db, scope),
    actionTrends(db, scope),
  ]);

  const weeks = trend.trend;
  return {
    window,
    scope: scope.reach === 'team' ? { kind: 'team', size: head.team_size } : { kind: scope.reach },
    conversations: {
      notes: { now: weeks[weeks.length - 1] ?? 0, last: weeks[weeks.length - 2] ?? 0 },
      accountsTouched: trend.accountsTouched,
      singleThreaded: health.singleThreaded,
      byAuthor,
    },
    relationships: { ...rel, staleByOwner: stale },
    goingCold: { days: coldDays, count: health.cold, coldest: health.coldest },
    followUps,
    discovery: { staleByOwner: discovery },
    voice: { pains: topPains(pains, PAIN_LIMIT), quotes },
    stories,
    trend: weeks,
    trendActed: actions.acted,
    trendEngaged: actions.engaged,
  };
}
