import { createHash } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '../src/db/client.js';

/**
 * A book of customers generated inside Postgres, set-based: each table is
 * one INSERT … SELECT over generate_series. Ids are md5 of a readable key
 * (`<tag>-acc-17`), so an account's owner or a note's author can be written
 * as arithmetic on the series rather than looked up.
 */
export interface BookSize {
  /** Keeps two books' ids apart in one database. */
  tag: string;
  managers: number;
  amsPerManager: number;
  accounts: number;
  notes: number;
}

export async function generateBook(db: Database, s: BookSize, at: Date, reuse = false): Promise<{ managerIds: string[]; orgWideManagerId: string }> {
  const p = s.tag;
  const ids = { managerIds: Array.from({ length: s.managers }, (_, k) => md5uuid(`${p}-m-${k + 1}`)), orgWideManagerId: md5uuid(`${p}-m-0`) };
  if (reuse) return ids;
  const ams = s.managers * s.amsPerManager;
  const T = sql`${at.toISOString()}::timestamptz`;
  const uid = (kind: string, n: SQL) => sql`md5(${`${p}-${kind}-`}::text || (${n})::text)::uuid`;
  const org = sql`md5(${`${p}-org`}::text)::uuid`;
  const ws = sql`md5(${`${p}-ws`}::text)::uuid`;
  const i = sql.raw('i');
  const n = (x: number) => sql`${x}::int`;

  await db.execute(sql`insert into orgs (id, name) values (${org}, ${`bench ${p}`})`);
  await db.execute(sql`insert into workspaces (id, org_id, platform, external_id, name) values (${ws}, ${org}, 'slack', ${`TBENCH${p}`}, 'bench')`);
  // Managers 1…M, plus manager 0 who has no team and so reads the whole book.
  await db.execute(sql`
    insert into users (id, org_id, platform, external_id, workspace_id, display_name, timezone, role)
    select ${uid('m', i)}, ${org}, 'slack', ${`UM${p}`}::text || i, ${ws}, 'Manager ' || i, 'Europe/Berlin', 'manager'
    from generate_series(0, ${n(s.managers)}) i`);
  await db.execute(sql`
    insert into users (id, org_id, platform, external_id, workspace_id, display_name, timezone, role)
    select ${uid('a', i)}, ${org}, 'slack', ${`UA${p}`}::text || i, ${ws}, 'Account manager ' || i,
      (array['Europe/Berlin', 'America/New_York', 'Asia/Tokyo', null])[1 + i % 4], 'member'
    from generate_series(1, ${n(ams)}) i`);
  await db.execute(sql`
    insert into team_members (org_id, manager_id, member_id)
    select ${org}, ${uid('m', sql`((i - 1) / ${n(s.amsPerManager)} + 1)`)}, ${uid('a', i)}
    from generate_series(1, ${n(ams)}) i`);
  // Account j belongs to account manager (j - 1) % AMs + 1; one in 40 is younger than the cold period.
  await db.execute(sql`
    insert into accounts (id, org_id, name, name_key, owner_id, created_at)
    select ${uid('acc', i)}, ${org}, 'Account ' || i, 'account ' || i, ${uid('a', sql`((i - 1) % ${n(ams)} + 1)`)},
      ${T} - (case when i % 40 = 0 then 10 else 60 + i % 400 end) * interval '1 day'
    from generate_series(1, ${n(s.accounts)}) i`);
  // Two people per account; one in seven has left, which leaves some accounts single-threaded.
  await db.execute(sql`
    insert into people (id, org_id, account_id, name, name_key, title, status, created_at)
    select ${uid('p', i)}, ${org}, ${uid('acc', sql`((i - 1) % ${n(s.accounts)} + 1)`)}, 'Person ' || i, 'person ' || i,
      (array['CFO', 'VP Engineering', 'Controller'])[1 + i % 3], case when i % 7 = 0 then 'left' else 'active' end,
      ${T} - (i % 200) * interval '1 day'
    from generate_series(1, ${n(2 * s.accounts)}) i`);
  await db.execute(sql`
    insert into stakeholder_changes (id, org_id, account_id, person_id, kind, role, source, status, snoozed_until, acknowledged_at, created_at)
    select ${uid('sc', i)}, ${org}, ${uid('acc', sql`((i - 1) % ${n(s.accounts)} + 1)`)}, ${uid('p', i)},
      case when i % 7 = 0 then 'left' else 'joined' end, 'CFO', 'import',
      (array['open', 'open', 'snoozed', 'done'])[1 + i % 4],
      case when i % 4 = 2 then ${T} + ((i % 9) - 4) * interval '1 day' end,
      case when i % 4 = 3 then ${T} - (i % 60) * interval '1 day' + interval '2 days' end,
      ${T} - (i % 60) * interval '1 day' - (i % 24) * interval '1 hour'
    from generate_series(1, ${n(s.accounts)}) i`);
  // Notes spread over a year; note i is at account (i·7919) mod A, by its owner.
  await db.execute(sql`
    insert into notes (id, org_id, author_id, account_id, met_at, pains, quote, visibility, consent_to_quote, raw_text, created_at)
    select ${uid('n', i)}, ${org}, ${uid('a', sql`(acc % ${n(ams)} + 1)`)}, ${uid('acc', sql`(acc + 1)`)}, met,
      case i % 5 when 0 then array['Manual reconciliation'] when 1 then array['slow exports.', 'SSO setup']
        when 2 then array[]::text[] when 3 then array['Pricing is unclear'] else array['manual-reconciliation!'] end,
      case when i % 3 = 0 then 'Quote ' || i end,
      case when i % 11 = 0 then 'internal' else 'shared' end, i % 13 <> 0, 'note ' || i, met
    from (
      select i, (i * 7919) % ${n(s.accounts)} as acc, ${T} - ((i * 104729) % (364 * 24 * 60)) * interval '1 minute' as met
      from generate_series(1::bigint, ${s.notes}::bigint) i
    ) g`);
  await db.execute(sql`
    insert into note_people (org_id, note_id, person_id)
    select ${org}, ${uid('n', i)}, ${uid('p', sql`((i * 7919) % ${n(s.accounts)} + 1)`)}
    from generate_series(4::bigint, ${s.notes}::bigint, 4) i`);
  await db.execute(sql`
    insert into follow_ups (org_id, note_id, owner_id, text, due_on, status, done_at, created_at)
    select n.org_id, n.id, n.author_id, 'follow up', (n.met_at + (g.i % 14) * interval '1 day')::date,
      case when g.i % 2 = 0 then 'open' else 'done' end, case when g.i % 2 = 1 then n.met_at + interval '3 days' end, n.met_at
    from generate_series(6::bigint, ${s.notes}::bigint, 6) g(i) join notes n on n.id = ${uid('n', sql`g.i`)}`);
  await db.execute(sql`
    insert into conversations (id, org_id, platform, external_id, workspace_id, kind)
    values (md5(${`${p}-channel`}::text)::uuid, ${org}, 'slack', ${`CBENCH${p}`}, ${ws}, 'channel')`);
  await db.execute(sql`
    insert into stories (id, org_id, note_id, title, body, quote, source, status)
    select ${uid('st', sql`g.i`)}, ${org}, n.id, 'Story ' || g.i, 'body', n.quote, 'template', 'published'
    from generate_series(300::bigint, ${s.notes}::bigint, 300) g(i) join notes n on n.id = ${uid('n', sql`g.i`)}`);
  await db.execute(sql`
    insert into story_posts (id, org_id, story_id, conversation_id, account_id, posted_at)
    select md5(st.id::text || '-post')::uuid, st.org_id, st.id, md5(${`${p}-channel`}::text)::uuid, n.account_id, n.met_at + interval '1 day'
    from stories st join notes n on n.id = st.note_id where st.org_id = ${org}`);
  await db.execute(sql`
    insert into engagement (org_id, story_post_id, kind, created_at)
    select sp.org_id, sp.id, (array['reaction', 'reaction', 'hear_more', 'not_useful', 'reply'])[1 + e % 5], sp.posted_at + e * interval '5 hours'
    from story_posts sp cross join generate_series(0, 4) e where sp.org_id = ${org}`);

  return ids;
}

/** What Postgres's md5(text)::uuid gives for the same key. */
export function md5uuid(key: string): string {
  const h = createHash('md5').update(key).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
