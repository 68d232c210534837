import express, { Router } from 'express';
import { diffFeed } from '../../domain/roster.diff.js';
import { checkWebhookSignature, parseWebhookBody } from '../../domain/stakeholder.webhook.js';
import type { FeatureContext } from '../feature.js';
import { webhookCandidates } from '../orgs/org.store.js';
import type { Notifier } from './notify.js';
import { accountsFor, applyRosterDiff, knownPeopleOf } from './roster.apply.js';

export const WEBHOOK_PATH = '/hooks/stakeholders';

/**
 * `POST /hooks/stakeholders` (CONTRACT.md). The body is read raw so the
 * signature covers the exact bytes sent; it is parsed only once verified.
 */
export function createWebhookRouter(ctx: FeatureContext, notifier: Notifier): Router {
  const router = Router();
  router.post(WEBHOOK_PATH, express.raw({ type: () => true, limit: '1mb' }), async (req, res) => {
    // Which organisation: ?org=<id> as /hallway webhook shows, or the only one there is.
    const orgParam = typeof req.query.org === 'string' ? req.query.org : undefined;
    const target = await webhookCandidates(ctx.db, orgParam, ctx.webhookSecret, ctx.sealer).catch((err: unknown) => {
      ctx.log.error({ err }, 'stakeholder webhook could not read its organisation');
      return { problem: 'internal error; nothing you sent caused it, please retry' };
    });
    if ('problem' in target) {
      res.status(orgParam ? 401 : 400).json({ error: target.problem });
      return;
    }
    if (target.secrets.length === 0) {
      res.status(503).json({ error: 'the stakeholder webhook is not configured: an admin gets its URL and secret with /hallway webhook (or set HALLWAY_WEBHOOK_SECRET)' });
      return;
    }
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const checks = target.secrets.map((secret) =>
      checkWebhookSignature({
        secret,
        timestamp: req.get('x-hallway-timestamp'),
        signature: req.get('x-hallway-signature'),
        body,
        now: ctx.clock.now(),
      }),
    );
    const check = checks.find((c) => c.ok) ?? checks[0]!;
    if (!check.ok) {
      ctx.log.warn({ reason: check.reason }, 'rejected a stakeholder webhook call');
      const error = {
        missing: 'missing X-Hallway-Timestamp or X-Hallway-Signature',
        stale: 'the timestamp is more than 5 minutes away from now',
        wrong: 'the signature does not match',
      }[check.reason];
      res.status(401).json({ error });
      return;
    }
    const parsed = parseWebhookBody(body);
    if (!parsed.ok) {
      res.status(400).json({ error: parsed.message });
      return;
    }
    try {
      const orgId = await target.org();
      const now = ctx.clock.now();
      const items = parsed.items.map((i) => ({
        line: 0,
        account: i.account,
        name: i.name,
        title: i.title ?? '',
        status: i.status,
        ...(i.email ? { email: i.email } : {}),
        ...(i.division ? { division: i.division } : {}),
      }));
      const accountsByKey = await accountsFor(ctx.db, orgId, items.map((i) => i.account));
      const diff = diffFeed(await knownPeopleOf(ctx.db, orgId, accountsByKey), items);
      const applied = await applyRosterDiff(ctx.db, { orgId, source: 'webhook', now }, diff, accountsByKey);
      for (const a of applied) await notifier.changed(a.change, now);
      res.status(202).json({ accepted: items.length, changes: applied.map((a) => a.line) });
    } catch (err) {
      ctx.log.error({ err }, 'stakeholder webhook failed');
      res.status(500).json({ error: 'internal error; nothing you sent caused it, please retry' });
    }
  });
  return router;
}
