import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '../../db/client.js';
import { TREND_WEEKS } from '../../domain/digest.week.js';
import { b, inTeam, scopeEngagement, type DigestScope } from './digest.scope.js';
import { int, queryRows } from './digest.sql.js';

const WEEKS = Array.from({ length: TREND_WEEKS }, (_, k) => k);
/** Built once: zod compiles a schema on its first parse (see digest.book.queries.ts). */
const trendsRow = z.object(Object.fromEntries(WEEKS.flatMap((k) => [[`a${k}`, int], [`e${k}`, int]])));

/** One count per week k of rows whose `column` falls in [bounds[k+1], bounds[k]), named `<prefix><k>`. */
function perWeek(s: DigestScope, column: string, prefix: string) {
  return sql.join(
    WEEKS.map((k) => sql`count(*) filter (where ${sql.raw(column)} >= ${b(s, k + 1)} and ${sql.raw(column)} < ${b(s, k)})::int as ${sql.raw(`${prefix}${k}`)}`),
    sql`, `,
  );
}

/**
 * The chart's other two lines, per week, oldest first, in one statement:
 * stakeholder changes acted on (acknowledged that week, at accounts of the
 * book) and engineers' engagement with stories (reactions, "hear more"
 * asks and replies to stories from the scope's notes, found by the story's
 * author, which the database copies from its note).
 */
export async function actionTrends(db: Database, s: DigestScope): Promise<{ acted: number[]; engaged: number[] }> {
  const acted = perWeek(s, 'sc.acknowledged_at', 'a');
  const engaged = perWeek(s, 'e.created_at', 'e');
  const [r] = await queryRows(
    db,
    'digest_action_trends',
    sql`select acted.*, engaged.*
        from (
          select ${acted}
          from stakeholder_changes sc ${s.reach === 'org' ? sql`` : sql`join accounts ac on ac.id = sc.account_id`}
          where sc.org_id = ${s.orgId} and sc.acknowledged_at >= ${b(s, TREND_WEEKS)} and sc.acknowledged_at < ${b(s, 0)} ${inTeam(s, 'ac.owner_id')}
        ) acted
        cross join (
          select ${engaged}
          from (${scopeEngagement(s, b(s, TREND_WEEKS), b(s, 0), sql`and e.kind in ('reaction', 'hear_more', 'reply')`)}) e
        ) engaged`,
    trendsRow,
  );
  const counts = (r ?? {}) as Record<string, number>;
  return {
    acted: WEEKS.map((k) => counts[`a${k}`] ?? 0).reverse(),
    engaged: WEEKS.map((k) => counts[`e${k}`] ?? 0).reverse(),
  };
}
