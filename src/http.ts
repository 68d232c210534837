import express, { type ErrorRequestHandler, type Express, type Router } from 'express';
import type { Logger } from 'pino';
import type { Metrics } from './metrics.js';
import type { WorkTracker } from './work.tracker.js';

export interface HttpDeps {
  log: Logger;
  metrics: Metrics;
  /** Resolves once the database answers. */
  ping(): Promise<void>;
  /** Platform routes (Slack, Teams, hooks), mounted before the fallbacks. */
  routers: Router[];
  /** False once shutdown began: /healthz answers 503 so a load balancer stops sending here. */
  ready?: () => boolean;
  /** Called as /healthz answers a probe, so shutdown knows a balancer has been told. */
  probed?: () => void;
  /** Each request is tracked until its response is done, so shutdown waits for it. */
  work?: WorkTracker;
}

/** The one HTTP server: /slack/events, /api/messages, /hooks/*, /healthz, /metrics. */
export function createHttpApp(deps: HttpDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  const ready = deps.ready ?? (() => true);

  app.use((_req, res, next) => {
    // While draining, a request that arrives on a kept-alive connection is still served, but the
    // connection is not reused: the client's next request opens a new one, to an instance that is up.
    if (!ready()) res.setHeader('connection', 'close');
    deps.work?.track(new Promise((resolve) => res.once('close', resolve)));
    next();
  });

  app.get('/healthz', async (_req, res) => {
    if (ready()) {
      try {
        await deps.ping();
      } catch (err) {
        deps.log.warn({ err }, 'health check: database not answering');
        res.status(503).json({ status: 'database unavailable' });
        deps.probed?.();
        return;
      }
    }
    // Asked again after the ping: shutdown may have begun meanwhile.
    if (ready()) res.json({ status: 'ok' });
    else res.status(503).json({ status: 'shutting down' });
    deps.probed?.();
  });

  app.get('/metrics', async (_req, res) => {
    res.type(deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics());
  });

  for (const router of deps.routers) app.use(router);

  app.use((_req, res) => {
    res.status(404).json({ error: 'not found' });
  });

  // Malformed bodies and anything a route let escape: a 4xx/5xx, never a crash.
  const onError: ErrorRequestHandler = (err: { status?: number; type?: string }, _req, res, _next) => {
    const status = typeof err.status === 'number' && err.status >= 400 && err.status < 600 ? err.status : 500;
    if (status >= 500) deps.log.error({ err }, 'unhandled error in HTTP route');
    if (res.headersSent) return;
    res.status(status).json({ error: status === 400 ? 'malformed request body' : status < 500 ? 'bad request' : 'internal error' });
  };
  app.use(onError);
  return app;
}
