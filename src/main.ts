import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { createSlackAdapter, type SlackAdapter } from '../adapters/slack/slack.app.js';
import { createSlackChat } from '../adapters/slack/slack.chat.js';
import { botFrameworkToken, createTeams } from '../adapters/teams/teams.js';
import { slackAuthTest, slackSocketModeOpen, SLACK_MANIFEST_SCOPES } from '../adapters/slack/slack.doctor.js';
import type { DoctorProbes } from './features/doctor/doctor.checks.js';
import type { Core } from './chat/inbound.js';
import type { ChatPort, Platform } from './chat/port.js';
import { ConfigError, parseConfig, type Config } from './config.js';
import { createDb, type DbHandle } from './db/client.js';
import { migrateDb } from './db/migrate.js';
import { systemClock, type Clock } from './domain/clock.js';
import { createConversationStore } from './features/conversations.js';
import { createInstallations } from './features/installations.js';
import { createSealer } from './crypto.js';
import { createCore } from './features/core.js';
import { createIdentities } from './features/identity.js';
import { createHttpApp } from './http.js';
import type { Router } from 'express';
import { createAiModel } from './ai/client.js';
import { createAccountsFeature } from './features/accounts/accounts.feature.js';
import { createPendingCommands } from './features/accounts/pending.commands.js';
import { createAskFeature } from './features/ask/ask.feature.js';
import { createDiscoveryFeature } from './features/discovery/discovery.feature.js';
import type { Feature, FeatureContext } from './features/feature.js';
import { createDigestFeature } from './features/digest/digest.feature.js';
import { createOrgsFeature } from './features/orgs/orgs.feature.js';
import { createHomeFeature } from './features/home/home.feature.js';
import { createNotesFeature } from './features/notes/notes.feature.js';
import { createStakeholdersFeature } from './features/stakeholders/stakeholders.feature.js';
import { createStoriesFeature } from './features/stories/stories.feature.js';
import { createDeliveryQueue } from './scheduler/delivery.queue.js';
import { createTick } from './scheduler/tick.js';
import type { DeliveryQueue } from './scheduler/types.js';
import { createLifecycle, exitOnSignals } from './lifecycle.js';
import { createLogger, secretsOf, type Logger } from './log.js';
import { createMetrics } from './metrics.js';
import { startLocalClient } from './playground.js';

export interface Hallway {
  url: string;
  db: DbHandle;
  chats: Partial<Record<Platform, ChatPort>>;
  queue: DeliveryQueue;
  /** Every command, action, form and delivery kind, as registered (tests drive them all from here). */
  features: readonly Feature[];
  /** Resolves once nothing started in the background (after a reply, queue pokes) is still running; for tests. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

export interface StartOptions {
  clock?: Clock;
  log?: Logger;
  /** An already open (and migrated) database, e.g. a test's. */
  db?: DbHandle;
  /** How long close() waits for work under way (default 10 s). */
  graceMs?: number;
}

/** What `hallway doctor` can only ask through the platform adapters. */
export const doctorProbes: DoctorProbes = { slackAuthTest, slackSocketModeOpen, slackScopes: SLACK_MANIFEST_SCOPES, botFrameworkToken };

/** Everything but the HTTP server: what `npm start` and the CLI both need. */
export async function compose(config: Config, opts: StartOptions = {}) {
  const log = opts.log ?? createLogger(config.logLevel, { secrets: secretsOf(config) });
  const clock = opts.clock ?? systemClock;
  const db = opts.db ?? (await createDb({ databaseUrl: config.database.url, dataDir: config.database.dataDir }));
  if (!opts.db) await migrateDb(db);
  const metrics = createMetrics();
  const allowed = config.allowedWorkspaces ? new Set(config.allowedWorkspaces) : undefined;
  const store = createConversationStore(db.db, clock, (_p, id) => !allowed || allowed.has(id));
  const lifecycle = createLifecycle({ log: log.child({ part: 'lifecycle' }), graceMs: opts.graceMs });

  const chats: Partial<Record<Platform, ChatPort>> = {};
  // Slack OAuth installs: one bot token per workspace, sealed in workspaces.bot_token_enc.
  const sealer = config.encryptionKey ? createSealer(config.encryptionKey) : undefined;
  const installations = config.slack?.oauth && sealer ? createInstallations(db.db, sealer, clock, (_p, id) => !allowed || allowed.has(id)) : undefined;
  if (config.slack && installations) {
    chats.slack = createSlackChat({
      tokens: { forConversation: (key) => installations.tokenForConversation('slack', key), forUser: (id) => installations.tokenForUser('slack', id) },
      apiUrl: config.slack.apiUrl,
    });
  } else if (config.slack?.botToken) chats.slack = createSlackChat({ token: config.slack.botToken, apiUrl: config.slack.apiUrl });
  const teams = createTeams({ config: config.teams, store });
  chats.teams = teams.chat;

  let core: Core;
  const queue = createDeliveryQueue({ db: db.db, chats, clock, log: log.child({ part: 'queue' }), metrics, work: lifecycle.work });
  const directory = { profile: async (platform: Platform, userId: string) => chats[platform]?.profile(userId) };
  const identities = createIdentities({
    db: db.db,
    clock,
    directory,
    admins: new Set(config.admins),
    allowedWorkspaces: allowed,
  });
  const ctx: FeatureContext = {
    db: db.db,
    clock,
    log: log.child({ part: 'features' }),
    queue,
    timezone: config.timezone,
    ai: createAiModel(config.openai, undefined, (use, reason) => metrics.aiFallbacks.inc({ use, reason })),
    directory,
    identities,
    webhookSecret: config.webhookSecret,
    sealer,
    publicUrl: config.publicUrl,
    dispatch: (input) => core.command(input),
    work: lifecycle.work,
  };
  const features = [
    createOrgsFeature(ctx),
    createAccountsFeature(ctx),
    createNotesFeature(ctx),
    createStoriesFeature(ctx),
    createStakeholdersFeature(ctx),
    createDigestFeature(ctx),
    createAskFeature(ctx),
    createDiscoveryFeature(ctx),
    createHomeFeature(ctx),
  ];
  queue.register(...features.flatMap((f) => f.deliveries ?? []));
  // Bound late: features are built before the core that routes to them.
  core = createCore({ log: log.child({ part: 'core' }), features, identities, pending: createPendingCommands(db.db, clock) });

  return {
    config,
    log,
    clock,
    db,
    metrics,
    store,
    installations,
    identities,
    chats,
    teams,
    queue,
    core,
    features,
    lifecycle,
    async close() {
      // Background sends (poke) finish before the database goes away.
      await queue.idle();
      if (!opts.db) await db.close();
    },
  };
}

export type Composition = Awaited<ReturnType<typeof compose>>;

/** The composition root: config → db → migrate → core → adapters → http → cron. */
export async function startHallway(config: Config, opts: StartOptions = {}): Promise<Hallway> {
  const app = await compose(config, opts);
  const { log, metrics, core, store, db, lifecycle } = app;

  const routers: Router[] = [];
  let slack: SlackAdapter | undefined;
  if (config.slack) {
    slack = createSlackAdapter({ config: config.slack, core, store, installations: app.installations, log: log.child({ part: 'slack' }), metrics, work: lifecycle.work });
    if (slack.router) routers.push(slack.router);
  }
  routers.push(app.teams.router({ core, log: log.child({ part: 'teams' }), metrics }));
  for (const feature of app.features) if (feature.routes) routers.push(feature.routes);

  const http = createHttpApp({ log, metrics, ping: db.ping, routers, ready: lifecycle.ready, probed: lifecycle.probed, work: lifecycle.work });
  const server = await new Promise<Server>((resolve, reject) => {
    const s = config.host ? http.listen(config.port, config.host, () => resolve(s)) : http.listen(config.port, () => resolve(s));
    s.once('error', reject);
  });
  await slack?.start();
  // The minute tick (HALLWAY_SCHEDULER=off leaves it to `hallway run-due` or another instance).
  const tick = config.scheduler ? createTick({ queue: app.queue, clock: app.clock, log: log.child({ part: 'tick' }) }) : undefined;
  tick?.start();
  const { port, address } = server.address() as AddressInfo;
  log.info({ address, port, database: db.driver, slack: Boolean(config.slack), teamsAuth: Boolean(config.teams.appId) }, 'Hallway is listening');

  return {
    url: `http://${reachableHost(address)}:${port}`,
    db,
    chats: app.chats,
    queue: app.queue,
    features: app.features,
    idle: async () => {
      await lifecycle.work.drain();
      await app.queue.idle();
    },
    close: () =>
      lifecycle.shutdown({
        server,
        queue: app.queue,
        tick,
        stopAdapters: async () => slack?.stop(),
        closeDatabase: async () => {
          if (!opts.db) await db.close();
        },
      }),
  };
}

/** How this process reaches its own server: loopback when listening on every address. */
function reachableHost(address: string): string {
  if (address === '0.0.0.0' || address === '::') return '127.0.0.1';
  return address.includes(':') ? `[${address}]` : address;
}

async function run(): Promise<void> {
  let config: Config;
  try {
    config = parseConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      for (const p of err.problems) console.error(`hallway: ${p}`);
      process.exit(1);
    }
    throw err;
  }
  const log = createLogger(config.logLevel, { secrets: secretsOf(config) });
  const hallway = await startHallway(config, { log });
  const local = await startLocalClient(config, hallway, (line) => console.log(line));
  exitOnSignals(
    async () => {
      await local.close();
      await hallway.close();
    },
    { log },
  );
}

/** Starts the bot as a program: what `node dist/main.js` and `npm start` (scripts/start.mjs) run. */
export function runMain(): void {
  run().catch((err: unknown) => {
    console.error(`hallway: failed to start: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) runMain();
