import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '../../db/client.js';
import { ENGAGED_LIMIT, QUOTE_LIMIT, type ShareableQuote, type TopStory } from '../../domain/digest.model.js';
import { cadenceWords } from '../../domain/story.cadence.js';
import type { PainCount } from '../../domain/digest.pains.js';
import { b, inTeam, scopeEngagement, scopePosts, type DigestScope } from './digest.scope.js';
import { int, queryRows } from './digest.sql.js';

// Row schemas built once: zod compiles a schema on its first parse (see digest.book.queries.ts).
const painRow = z.object({ text: z.string(), now: int, last: int });
const quoteRow = z.object({ text: z.string(), person: z.string().nullable(), title: z.string().nullable(), account: z.string() });
const storiesRow = z.object({
  posted_now: int,
  posted_last: int,
  reactions_now: int,
  reactions_last: int,
  hear_more_now: int,
  hear_more_last: int,
  not_useful_now: int,
  not_useful_last: int,
  engaged_most: z.array(z.object({ title: z.string(), reactions: int, hear_more: int, replies: int })),
  slowed: z.array(z.object({ name: z.string().nullable(), by: z.string().nullable(), days: z.enum(['weekdays', 'daily']), level: int })),
});

/** Every spelling of every pain in the two weeks, counted per week; digest.pains groups them. */
export async function painCounts(db: Database, s: DigestScope): Promise<PainCount[]> {
  return queryRows(
    db,
    'digest_pains',
    sql`select p.text, count(*) filter (where n.met_at >= ${b(s, 1)})::int as now, count(*) filter (where n.met_at < ${b(s, 1)})::int as last
        from notes n cross join lateral unnest(n.pains) as p(text)
        where n.org_id = ${s.orgId} and n.met_at >= ${b(s, 2)} and n.met_at < ${b(s, 0)} ${inTeam(s, 'n.author_id')}
        group by p.text`,
    painRow,
  );
}

/**
 * Up to three quotes from this week that may leave the sales team: shared
 * notes whose customer agreed to be quoted. Newest first, one per account so
 * the digest is not three lines from one customer; attributed to the first
 * person (by name) the note names.
 */
export async function shareableQuotes(db: Database, s: DigestScope): Promise<ShareableQuote[]> {
  return queryRows(
    db,
    'digest_quotes',
    sql`select q.quote as text, pp.name as person, pp.title, a.name as account
        from (
          select distinct on (n.account_id) n.id, n.account_id, n.quote, n.met_at
          from notes n
          where n.org_id = ${s.orgId} and n.met_at >= ${b(s, 1)} and n.met_at < ${b(s, 0)}
            and n.visibility = 'shared' and n.consent_to_quote and btrim(coalesce(n.quote, '')) <> '' ${inTeam(s, 'n.author_id')}
          order by n.account_id, n.met_at desc, n.id
        ) q
        join accounts a on a.id = q.account_id
        left join lateral (
          select p.name, p.title from note_people np join people p on p.id = np.person_id
          where np.note_id = q.id order by p.name, p.id limit 1
        ) pp on true
        order by q.met_at desc, q.id
        limit ${QUOTE_LIMIT}`,
    quoteRow,
  );
}

/**
 * Stories from the team's notes (stories.author_id is the note's author, kept
 * by the database, so a team's stories are found without its notes): posts made in each week, and what engineers
 * did with any of them in each week (whenever the story was posted). The
 * story engaged with most this week counts reactions, hear-more asks and
 * replies, not "not useful".
 */
export async function storyStats(db: Database, s: DigestScope) {
  const rows = await queryRows(
    db,
    'digest_stories',
    sql`with eng as (${scopeEngagement(s, b(s, 2), b(s, 0))}), posted as (
          select
            count(*) filter (where sp.posted_at >= ${b(s, 1)})::int as posted_now,
            count(*) filter (where sp.posted_at < ${b(s, 1)})::int as posted_last
          from (${scopePosts(s, b(s, 2), b(s, 0))}) sp
        ), summary as (
          select
            count(*) filter (where kind = 'reaction' and created_at >= ${b(s, 1)})::int as reactions_now,
            count(*) filter (where kind = 'reaction' and created_at < ${b(s, 1)})::int as reactions_last,
            count(*) filter (where kind = 'hear_more' and created_at >= ${b(s, 1)})::int as hear_more_now,
            count(*) filter (where kind = 'hear_more' and created_at < ${b(s, 1)})::int as hear_more_last,
            count(*) filter (where kind = 'not_useful' and created_at >= ${b(s, 1)})::int as not_useful_now,
            count(*) filter (where kind = 'not_useful' and created_at < ${b(s, 1)})::int as not_useful_last
          from eng
        )
        select posted.*, summary.*,
          -- The stories engaged with most, first the top one; json so it stays one statement.
          (select coalesce(json_agg(m order by m.n desc, m.title, m.id), '[]'::json) from (
             select st.id, st.title, count(*)::int as n,
               count(*) filter (where eng.kind = 'reaction')::int as reactions,
               count(*) filter (where eng.kind = 'hear_more')::int as hear_more,
               count(*) filter (where eng.kind = 'reply')::int as replies
             from eng join stories st on st.id = eng.story_id
             where eng.created_at >= ${b(s, 1)} and eng.kind in ('reaction', 'hear_more', 'reply')
             group by st.id, st.title
             order by count(*) desc, st.title, st.id
             limit ${ENGAGED_LIMIT}
           ) m) as engaged_most,
          -- Channels are the organisation's, not a team's: every slowed one is listed.
          (select coalesce(json_agg(json_build_object('name', cs.channel_name, 'by', u.display_name, 'days', cs.days, 'level', cs.cadence_level) order by cs.cadence_changed_at desc, cs.id), '[]'::json)
           from channel_subscriptions cs left join users u on u.id = cs.created_by
           where cs.org_id = ${s.orgId} and cs.kind = 'stories' and cs.active and cs.cadence_level > 0) as slowed
        from posted cross join summary`,
    storiesRow,
  );
  const r = rows[0]!;
  const engagedMost: TopStory[] = r.engaged_most.map((m) => ({ title: m.title, reactions: m.reactions, hearMore: m.hear_more, replies: m.replies }));
  return {
    posted: { now: r.posted_now, last: r.posted_last },
    reactions: { now: r.reactions_now, last: r.reactions_last },
    hearMore: { now: r.hear_more_now, last: r.hear_more_last },
    notUseful: { now: r.not_useful_now, last: r.not_useful_last },
    top: engagedMost[0] ?? null,
    engagedMost,
    slowed: r.slowed.map((c) => ({ channel: c.name ?? (c.by ? `a channel ${c.by} subscribed` : 'a channel'), cadence: cadenceWords(c.days, c.level) })),
  };
}
