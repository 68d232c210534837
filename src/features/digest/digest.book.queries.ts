import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '../../db/client.js';
import {
  CHANGE_LIMIT,
  COLD_LIMIT,
  LIST_LIMIT,
  type ChangeLine,
  type ColdAccount,
  type Compared,
  type RankedList,
} from '../../domain/digest.model.js';
import { TREND_WEEKS } from '../../domain/digest.week.js';
import { DISCOVERY_FIELDS, DISCOVERY_STALE_DAYS } from '../../domain/discovery.js';
import { b, inTeam, type DigestScope } from './digest.scope.js';
import { int, nullableInt, queryRows, ts } from './digest.sql.js';

/*
 * Conversations, accounts, relationships and follow-ups: one statement each.
 * Every figure is counted twice in the same pass (FILTER), at T and at
 * T − 7 days, so last week's figure costs no extra query.
 */

/*
 * Row schemas are built once, here: zod compiles a schema on its first parse
 * (~0.2 ms), which per digest and section was a fifth of the bench's CPU.
 */
const rankedRow = z.object({ label: z.string(), now: int, last: int, total: int });
const WEEKS = Array.from({ length: TREND_WEEKS }, (_, k) => k);
const trendRow = z.object({ touched_now: int, touched_last: int, ...Object.fromEntries(WEEKS.map((k) => [`w${k}`, int])) });
const healthRow = z.object({ single_now: int, single_last: int, cold_now: int, cold_last: int, cold_name: z.string().nullable(), cold_days: nullableInt });
const relationshipsRow = z.object({
  changes_now: int,
  changes_last: int,
  open_now: int,
  open_last: int,
  snoozed_now: int,
  snoozed_last: int,
  done_now: int,
  done_last: int,
  account: z.string().nullable(),
  person: z.string().nullable(),
  kind: z.enum(['joined', 'left', 'replaced', 'role_changed']).nullable(),
  role: z.string().nullable(),
  status: z.enum(['open', 'snoozed', 'done']).nullable(),
});
const overdueRow = rankedRow.extend({ total_now: int, total_last: int });

function ranked(rows: z.infer<typeof rankedRow>[]): RankedList {
  return { top: rows.map((r) => ({ label: r.label, value: { now: r.now, last: r.last } })), total: rows[0]?.total ?? 0 };
}

/** Notes per author this week and last. */
export async function notesByAuthor(db: Database, s: DigestScope): Promise<RankedList> {
  const rows = await queryRows(
    db,
    'digest_notes_by_author',
    sql`select u.display_name as label,
          count(*) filter (where n.met_at >= ${b(s, 1)})::int as now,
          count(*) filter (where n.met_at < ${b(s, 1)})::int as last,
          (count(*) over ())::int as total
        from notes n join users u on u.id = n.author_id
        where n.org_id = ${s.orgId} and n.met_at >= ${b(s, 2)} and n.met_at < ${b(s, 0)} ${inTeam(s, 'n.author_id')}
        group by u.id, u.display_name
        order by 2 desc, 3 desc, 1 asc, u.id
        limit ${LIST_LIMIT}`,
    rankedRow,
  );
  return ranked(rows);
}

/** Notes per week for the trend (oldest first) and accounts touched this week and last. */
export async function notesTrend(db: Database, s: DigestScope): Promise<{ trend: number[]; accountsTouched: Compared }> {
  const weeks = WEEKS;
  const columns = sql.join(
    weeks.map((k) => sql`count(*) filter (where n.met_at >= ${b(s, k + 1)} and n.met_at < ${b(s, k)})::int as ${sql.raw(`w${k}`)}`),
    sql`, `,
  );
  const [r] = await queryRows(
    db,
    'digest_notes_trend',
    sql`select ${columns},
          count(distinct n.account_id) filter (where n.met_at >= ${b(s, 1)})::int as touched_now,
          count(distinct n.account_id) filter (where n.met_at >= ${b(s, 2)} and n.met_at < ${b(s, 1)})::int as touched_last
        from notes n
        where n.org_id = ${s.orgId} and n.met_at >= ${b(s, TREND_WEEKS)} and n.met_at < ${b(s, 0)} ${inTeam(s, 'n.author_id')}`,
    trendRow,
  );
  const counts = r as Record<string, number>;
  return {
    trend: weeks.map((k) => counts[`w${k}`] ?? 0).reverse(),
    accountsTouched: { now: counts.touched_now ?? 0, last: counts.touched_last ?? 0 },
  };
}

/**
 * Per account of the book: active people now and a week ago (someone who
 * has left counts as active before their recorded 'left' change), and
 * whether it had a note in the cold period before each instant. An account
 * younger than the cold period is not going cold however quiet it is.
 *
 * Set-based, not per account: the notes of the cold period (one range of
 * notes_org_id_met_at_account_id_author_id_idx, index-only) and the people
 * are each aggregated once and joined to the accounts in one pass, so an
 * organisation-wide digest over 100k accounts reads ~200k index entries
 * instead of probing three indexes 100k times. The pass keeps only the cold
 * accounts' ids (not every account's row, as a CTE read twice did); only
 * those are probed for their last note.
 */
export async function accountHealth(
  db: Database,
  s: DigestScope,
): Promise<{ singleThreaded: Compared; cold: Compared; coldest: ColdAccount[] }> {
  const [cold0, cold1] = s.coldSince.map(ts) as [SQL, SQL];
  // A team's accounts are a few hundred: reached through their own indexes.
  // The whole organisation's are all of them: no filter, so each table is
  // read once (the planner cannot estimate a CTE's size and would probe).
  const ofAcc = (column: string) => (s.reach !== 'org' ? sql`and ${sql.raw(column)} in (select id from acc)` : sql``);
  const rows = await queryRows(
    db,
    s.reach !== 'org' ? 'digest_account_health_team' : 'digest_account_health_org',
    sql`with acc as (
          select a.id, a.name, a.created_at from accounts a
          where a.org_id = ${s.orgId} ${inTeam(s, 'a.owner_id')}
        ), seen as (
          select n.account_id,
            bool_or(n.met_at >= ${cold0}) as seen_now,
            bool_or(n.met_at >= ${cold1} and n.met_at < ${b(s, 1)}) as seen_last
          from notes n
          where n.org_id = ${s.orgId} and n.met_at >= least(${cold0}, ${cold1}) and n.met_at < ${b(s, 0)}
            ${ofAcc('n.account_id')}
          group by n.account_id
        ), left_at as (
          select sc.person_id, max(sc.created_at) as at from stakeholder_changes sc
          where sc.org_id = ${s.orgId} and sc.kind = 'left' ${ofAcc('sc.account_id')}
          group by sc.person_id
        ), ppl as (
          select p.account_id,
            count(*) filter (where p.status = 'active') as people_now,
            count(*) filter (where p.created_at < ${b(s, 1)} and (p.status = 'active' or l.at >= ${b(s, 1)})) as people_last
          from people p left join left_at l on l.person_id = p.id
          where p.org_id = ${s.orgId} ${ofAcc('p.account_id')}
          group by p.account_id
        ), summary as (
          -- One pass over the accounts; only the cold ones' ids are kept for the list below.
          select
            count(*) filter (where ppl.people_now = 1)::int as single_now,
            count(*) filter (where acc.created_at < ${b(s, 1)} and ppl.people_last = 1)::int as single_last,
            count(*) filter (where acc.created_at < ${cold0} and not coalesce(seen.seen_now, false))::int as cold_now,
            count(*) filter (where acc.created_at < ${cold1} and not coalesce(seen.seen_last, false))::int as cold_last,
            array_agg(acc.id) filter (where acc.created_at < ${cold0} and not coalesce(seen.seen_now, false)) as cold_ids
          from acc left join seen on seen.account_id = acc.id left join ppl on ppl.account_id = acc.id
        )
        select summary.single_now, summary.single_last, summary.cold_now, summary.cold_last, c.name as cold_name, c.days as cold_days
        from summary left join lateral (
          select name, floor(extract(epoch from (${b(s, 0)} - last_now)) / 86400)::int as days
          from (
            select a.name, a.id,
              (select max(n.met_at) from notes n where n.org_id = ${s.orgId} and n.account_id = a.id and n.met_at < ${b(s, 0)}) as last_now
            from accounts a where a.id = any(summary.cold_ids)
          ) cold
          order by last_now asc nulls first, name, id
          limit ${COLD_LIMIT}
        ) c on true`,
    healthRow,
  );
  const first = rows[0];
  return {
    singleThreaded: { now: first?.single_now ?? 0, last: first?.single_last ?? 0 },
    cold: { now: first?.cold_now ?? 0, last: first?.cold_last ?? 0 },
    coldest: rows.flatMap((r) => (r.cold_name === null ? [] : [{ account: r.cold_name, daysSilent: r.cold_days }])),
  };
}

/*
 * Reminder states at an instant X. Now (X = T) the stored status decides; a
 * snooze that has run out is open again. A week ago (X = T − 7 days) is
 * rebuilt from timestamps: outstanding if created before X and acknowledged
 * at or after X (or not yet); snoozed if its snooze reaches past X. The
 * schema keeps only the latest snooze, so a snooze set this week that
 * reaches back past last week's instant counts as snoozed then too.
 */
const openNow = (s: DigestScope) =>
  sql`(sc.status = 'open' or (sc.status = 'snoozed' and (sc.snoozed_until is null or sc.snoozed_until <= ${b(s, 0)})))`;
const snoozedNow = (s: DigestScope) => sql`(sc.status = 'snoozed' and sc.snoozed_until > ${b(s, 0)})`;
const outstandingLast = (s: DigestScope) =>
  sql`(sc.created_at < ${b(s, 1)} and (sc.acknowledged_at >= ${b(s, 1)} or (sc.acknowledged_at is null and sc.status <> 'done')))`;
const snoozedLast = (s: DigestScope) => sql`(${outstandingLast(s)} and sc.snoozed_until > ${b(s, 1)})`;
const openLast = (s: DigestScope) => sql`(${outstandingLast(s)} and not coalesce(sc.snoozed_until > ${b(s, 1)}, false))`;
/** Only rows that can count in either week: not done, or recent. */
const relevantChange = (s: DigestScope) =>
  sql`(sc.status <> 'done' or sc.created_at >= ${b(s, 2)} or sc.acknowledged_at >= ${b(s, 2)})`;

/**
 * `join accounts a` on a change's account, for reaching the team by the
 * account's owner; nothing for the whole organisation, where the join would
 * only pair each change with the account its foreign key guarantees.
 */
function ownedBy(s: DigestScope, alias: string): SQL {
  return s.reach === 'org' ? sql`` : sql`join accounts a on a.id = ${sql.raw(alias)}.account_id`;
}

export async function relationships(db: Database, s: DigestScope) {
  const rows = await queryRows(
    db,
    'digest_relationships',
    sql`with ch as (
          select sc.id, sc.account_id, sc.person_id, sc.kind, sc.role, sc.status, sc.created_at,
            ${openNow(s)} as open_now, ${snoozedNow(s)} as snoozed_now,
            ${openLast(s)} as open_last, ${snoozedLast(s)} as snoozed_last,
            sc.acknowledged_at
          from stakeholder_changes sc ${ownedBy(s, 'sc')}
          where sc.org_id = ${s.orgId} and ${relevantChange(s)} ${inTeam(s, 'a.owner_id')}
        ), summary as (
          select
            count(*) filter (where created_at >= ${b(s, 1)} and created_at < ${b(s, 0)})::int as changes_now,
            count(*) filter (where created_at >= ${b(s, 2)} and created_at < ${b(s, 1)})::int as changes_last,
            count(*) filter (where open_now)::int as open_now,
            count(*) filter (where open_last)::int as open_last,
            count(*) filter (where snoozed_now)::int as snoozed_now,
            count(*) filter (where snoozed_last)::int as snoozed_last,
            count(*) filter (where acknowledged_at >= ${b(s, 1)} and acknowledged_at < ${b(s, 0)})::int as done_now,
            count(*) filter (where acknowledged_at >= ${b(s, 2)} and acknowledged_at < ${b(s, 1)})::int as done_last
          from ch
        )
        select summary.*, r.account, r.person, r.kind, r.role, r.status
        from summary left join lateral (
          select a.name as account, p.name as person, ch.kind, ch.role, ch.status
          from ch join accounts a on a.id = ch.account_id join people p on p.id = ch.person_id
          where ch.created_at >= ${b(s, 1)} and ch.created_at < ${b(s, 0)}
          order by ch.created_at desc, ch.id
          limit ${CHANGE_LIMIT}
        ) r on true`,
    relationshipsRow,
  );
  const f = rows[0];
  const pair = (now: keyof NonNullable<typeof f>, last: keyof NonNullable<typeof f>): Compared => ({
    now: Number(f?.[now] ?? 0),
    last: Number(f?.[last] ?? 0),
  });
  const recent: ChangeLine[] = rows.flatMap((r) =>
    r.account && r.person && r.kind && r.status ? [{ account: r.account, person: r.person, kind: r.kind, role: r.role, status: r.status }] : [],
  );
  return {
    changes: pair('changes_now', 'changes_last'),
    open: pair('open_now', 'open_last'),
    snoozed: pair('snoozed_now', 'snoozed_last'),
    done: pair('done_now', 'done_last'),
    recent,
  };
}

/** Open reminders older than the stale cut-off, by account owner. */
export async function staleRemindersByOwner(db: Database, s: DigestScope): Promise<RankedList> {
  const [stale0, stale1] = s.staleSince.map(ts) as [SQL, SQL];
  const now = sql`count(*) filter (where ${openNow(s)} and sc.created_at <= ${stale0})`;
  const last = sql`count(*) filter (where ${openLast(s)} and sc.created_at <= ${stale1})`;
  const rows = await queryRows(
    db,
    'digest_stale_reminders',
    sql`select coalesce(u.display_name, 'No owner') as label, ${now}::int as now, ${last}::int as last, (count(*) over ())::int as total
        from stakeholder_changes sc join accounts a on a.id = sc.account_id left join users u on u.id = a.owner_id
        where sc.org_id = ${s.orgId} and sc.created_at <= ${stale0} and ${relevantChange(s)} ${inTeam(s, 'a.owner_id')}
        group by u.id, u.display_name
        having ${now} > 0 or ${last} > 0
        order by 2 desc, 3 desc, 1 asc, u.id
        limit ${LIST_LIMIT}`,
    rankedRow,
  );
  return ranked(rows);
}

/**
 * Follow-ups past their due day, by owner. A due day is read in the owner's
 * zone: overdue at X once X's local date in that zone is after it.
 *
 * A zone's date is never more than a day from UTC's (offsets run from −12 to
 * +14 hours), so with D the UTC date of X, "due before X's local date" is:
 * always for due < D − 1, never for due > D, and for due = D − 1 or D it
 * depends on the zone. Each owner's follow-ups are counted once in those
 * three bands, and the owner's zone is read once per owner rather than
 * converted for every follow-up (that conversion, three times over 330k
 * rows, was two thirds of the organisation-wide query on the bench's book).
 */
export async function overdueFollowUps(db: Database, s: DigestScope): Promise<{ overdue: Compared; byOwner: RankedList }> {
  const utcDay = (k: number) => sql`(${b(s, k)} at time zone 'UTC')::date`;
  const localDay = (k: number) => sql`(${b(s, k)} at time zone coalesce(u.timezone, ${s.defaultTimezone}))::date`;
  const isNow = sql`f.status = 'open'`;
  const isLast = sql`f.created_at < ${b(s, 1)} and (f.status = 'open' or f.done_at >= ${b(s, 1)})`;
  /** Counts of `which` follow-ups due before D − 1, on D − 1 and on D, D being the UTC date of bounds[k]. */
  const bands = (which: SQL, k: number, name: string) =>
    sql`count(*) filter (where ${which} and f.due_on < ${utcDay(k)} - 1) as ${sql.raw(`${name}_before`)},
        count(*) filter (where ${which} and f.due_on = ${utcDay(k)} - 1) as ${sql.raw(`${name}_eve`)},
        count(*) filter (where ${which} and f.due_on = ${utcDay(k)}) as ${sql.raw(`${name}_day`)}`;
  /** The follow-ups of the bands that are due before the owner's local date of bounds[k]. */
  const overdue = (k: number, name: string) =>
    sql`c.${sql.raw(`${name}_before`)}
        + case when ${localDay(k)} > ${utcDay(k)} - 1 then c.${sql.raw(`${name}_eve`)} else 0 end
        + case when ${localDay(k)} > ${utcDay(k)} then c.${sql.raw(`${name}_day`)} else 0 end`;
  const rows = await queryRows(
    db,
    'digest_overdue_follow_ups',
    sql`select label, now::int, last::int, (count(*) over ())::int as total,
          (sum(now) over ())::int as total_now, (sum(last) over ())::int as total_last
        from (
          select u.id, u.display_name as label, ${overdue(0, 'now')} as now, ${overdue(1, 'last')} as last
          from (
            select f.owner_id, ${bands(isNow, 0, 'now')}, ${bands(isLast, 1, 'last')}
            from follow_ups f
            where f.org_id = ${s.orgId} and f.due_on <= ${utcDay(0)} and (f.status = 'open' or f.done_at >= ${b(s, 1)}) ${inTeam(s, 'f.owner_id')}
            group by f.owner_id
          ) c
          -- Each owner's name and zone by key (a hash of every user was the generic plan's choice for a team).
          cross join lateral (select u.id, u.display_name, u.timezone from users u where u.id = c.owner_id offset 0) u
        ) o
        where now > 0 or last > 0
        order by 2 desc, 3 desc, 1 asc, o.id
        limit ${LIST_LIMIT}`,
    overdueRow,
  );
  return { overdue: { now: rows[0]?.total_now ?? 0, last: rows[0]?.total_last ?? 0 }, byOwner: ranked(rows) };
}

/**
 * Active people at the book's accounts whose discovery (need, now, goal,
 * ready, capacity) has a field missing or older than DISCOVERY_STALE_DAYS,
 * at T and at T − 7 days, by account owner.
 *
 * A team's few hundred people each count their confirmed fields through
 * their own index. The whole organisation's (200k on the bench's book) would
 * be 400k such probes: there the confirmed values of the period are counted
 * once per person and joined, the same figures set-based.
 */
export async function staleDiscoveryByOwner(db: Database, s: DigestScope): Promise<RankedList> {
  const fields = sql.raw(String(DISCOVERY_FIELDS.length));
  const stalePeriod = sql.raw(`interval '${DISCOVERY_STALE_DAYS} days'`);
  const fresh = (k: number) => sql`dv.created_at <= ${b(s, k)} and dv.created_at > ${b(s, k)} - ${stalePeriod}`;
  const staleAt =
    s.reach === 'org'
      ? (k: number) => sql`p.created_at <= ${b(s, k)} and coalesce(${sql.raw(`d.fresh${k}`)}, 0) < ${fields}`
      : (k: number) =>
          sql`p.created_at <= ${b(s, k)} and (select count(distinct dv.field) from discovery_values dv
          where dv.person_id = p.id and dv.status = 'confirmed' and ${fresh(k)}) < ${fields}`;
  const perPerson =
    s.reach === 'org'
      ? sql`left join (
          select dv.person_id,
            count(distinct dv.field) filter (where ${fresh(0)}) as fresh0,
            count(distinct dv.field) filter (where ${fresh(1)}) as fresh1
          from discovery_values dv
          where dv.org_id = ${s.orgId} and dv.status = 'confirmed' and dv.created_at <= ${b(s, 0)} and dv.created_at > ${b(s, 1)} - ${stalePeriod}
          group by dv.person_id
        ) d on d.person_id = p.id`
      : sql``;
  const now = sql`count(*) filter (where ${staleAt(0)})`;
  const last = sql`count(*) filter (where ${staleAt(1)})`;
  const rows = await queryRows(
    db,
    s.reach === 'org' ? 'digest_stale_discovery_org' : 'digest_stale_discovery',
    sql`select coalesce(u.display_name, 'No owner') as label, ${now}::int as now, ${last}::int as last, (count(*) over ())::int as total
        from people p join accounts a on a.id = p.account_id left join users u on u.id = a.owner_id ${perPerson}
        where p.org_id = ${s.orgId} and p.status = 'active' ${inTeam(s, 'a.owner_id')}
        group by u.id, u.display_name
        having ${now} > 0 or ${last} > 0
        order by 2 desc, 3 desc, 1 asc, u.id
        limit ${LIST_LIMIT}`,
    rankedRow,
  );
  return ranked(rows);
}
