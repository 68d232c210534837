import { App, ExpressReceiver, SocketModeReceiver, type AckFn, type RespondFn } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { Router, type NextFunction, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import type { SlackConfig } from '../../src/config.js';
import type { Actor, CommandName, Core, Reply } from '../../src/chat/inbound.js';
import type { Message } from '../../src/messages/message.js';
import { renderFailedText } from '../../src/messages/reply.messages.js';
import type { ConversationStore } from '../../src/features/conversations.js';
import type { Installations } from '../../src/features/installations.js';
import type { Metrics } from '../../src/metrics.js';
import type { WorkTracker } from '../../src/work.tracker.js';
import { boltLogger } from './bolt.logger.js';
import { coreActionId, escapeSlackText, formToSlackModal, messageToBlockKit, slackViewValues } from './block-kit.renderer.js';
import { WorkspaceRefusedError } from '../../src/features/installations.js';
import { BOT_SCOPES, createInstallationStore, EnterpriseInstallRefused } from './installation.store.js';
import { answerFromHome, registerHome } from './slack.home.js';

export interface SlackAdapterDeps {
  config: SlackConfig;
  core: Core;
  store: ConversationStore;
  log: Logger;
  metrics: Metrics;
  /** Where OAuth installs are kept (required when config.oauth is set). */
  installations?: Installations;
  /** Follows each request to its end, past the ack, so shutdown waits for the reply and what it saves. */
  work?: WorkTracker;
}

export interface SlackAdapter {
  app: App;
  /** Mounted on the shared HTTP server (absent in Socket Mode). */
  router?: Router;
  start(): Promise<void>;
  stop(): Promise<void>;
}

const COMMANDS = /^\/(callnote|stakeholder|hallway)$/;
/** Slack wants the slash command acknowledged within 3 s; answer in the ack if the core is this quick. */
const ACK_BUDGET_MS = 2500;

export function createSlackAdapter(deps: SlackAdapterDeps): SlackAdapter {
  const { config, core, log, metrics } = deps;
  const logger = boltLogger(log);
  const clientOptions = { slackApiUrl: config.apiUrl };
  /*
   * OAuth (multi-workspace): the receiver owns the installer, and Bolt then
   * authorizes every request through our installation store (per team)
   * instead of one token. The installer makes its own WebClient, so it gets
   * the API URL too. /slack/install and /slack/oauth_redirect land on the
   * receiver's router, which main.ts mounts on the shared HTTP server.
   */
  if (config.oauth && !deps.installations) throw new Error('Slack OAuth needs an installation store (HALLWAY_ENCRYPTION_KEY)');
  const oauth =
    config.oauth && deps.installations
      ? {
          clientId: config.oauth.clientId,
          clientSecret: config.oauth.clientSecret,
          stateSecret: config.oauth.stateSecret,
          installationStore: createInstallationStore(deps.installations),
          scopes: BOT_SCOPES,
          installerOptions: {
            directInstall: true,
            clientOptions,
            callbackOptions: {
              // Bolt's own failure page says only "something went wrong": say why, and how to fix it.
              failure: (error: unknown, _options: unknown, _req: unknown, res: { writeHead(code: number, headers: Record<string, string>): void; end(body: string): void }) => {
                const refused = error instanceof WorkspaceRefusedError || error instanceof EnterpriseInstallRefused;
                if (!refused) log.warn({ err: error }, 'Slack install failed');
                const why =
                  error instanceof WorkspaceRefusedError
                    ? 'This Hallway serves only the workspaces its operator allowed (HALLWAY_ALLOWED_WORKSPACES), and this one is not among them. Nothing was saved.'
                    : error instanceof EnterpriseInstallRefused
                      ? error.message
                      : 'The install did not complete. Please try again from the start.';
                // Bolt's own install errors (a stale or foreign state, a denied consent) carry a code: the browser's fault, not ours.
                const status = refused ? 403 : typeof (error as { code?: unknown }).code === 'string' ? 400 : 500;
                res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8' });
                res.end(`<!doctype html><title>Hallway was not installed</title><h1>Hallway was not installed</h1><p>${why}</p>`);
              },
            },
          },
        }
      : undefined;
  const auth = oauth ? {} : { token: config.botToken };

  /*
   * convoStore: false drops Bolt's conversation-state middleware: Hallway
   * keeps its own state in the database, and the middleware's in-memory
   * lookup threw (and caught) an Error on every request.
   */
  let router: Router | undefined;
  let app: App;
  if (config.appToken) {
    // Socket Mode + OAuth: Bolt serves the install pages on its own port (installerOptions.port, default 3000).
    // installerOptions.clientOptions is also where the socket client's WebClient (apps.connections.open) takes SLACK_API_URL.
    const receiver = new SocketModeReceiver({ appToken: config.appToken, logger, installerOptions: { clientOptions }, ...oauth });
    app = new App({ ...auth, receiver, clientOptions, logger, convoStore: false });
  } else {
    router = Router();
    router.post('/slack/events', refuseShapeless);
    const receiver = new ExpressReceiver({
      signingSecret: config.signingSecret,
      endpoints: '/slack/events',
      router,
      logger,
      ...oauth,
    });
    app = new App({ ...auth, receiver, clientOptions, logger, convoStore: false });
  }

  const work = deps.work;
  if (work) app.use(async ({ next }) => work.track(next()));

  app.command(COMMANDS, async ({ command, ack, respond, client }) => {
    metrics.inbound.inc({ platform: 'slack', kind: 'command' });
    const name = command.command.slice(1) as CommandName;
    const pending = core.command({
      actor: { platform: 'slack', workspaceId: command.team_id, userId: command.user_id, displayName: command.user_name },
      conversation: { platform: 'slack', key: command.channel_id },
      command: name,
      text: command.text ?? '',
      // Slack names DMs and old private channels generically; those are no name to show.
      ...(command.channel_name && !['directmessage', 'privategroup'].includes(command.channel_name) ? { conversationName: `#${command.channel_name}` } : {}),
      requestId: command.trigger_id,
    });
    await answerWithinBudget(pending, { ack, respond, client, triggerId: command.trigger_id, log, typed: `${command.command} ${command.text ?? ''}` });
  });

  app.action({ type: 'block_actions' }, async ({ body, action, ack, respond, client }) => {
    metrics.inbound.inc({ platform: 'slack', kind: 'action' });
    await ack();
    if (!('action_id' in action)) return;
    const value = 'value' in action && typeof action.value === 'string' ? action.value : '';
    const actor = actorOf(body.user.id, body.team?.id, body.user.name);
    const reply = await core.action({
      actor,
      conversation: { platform: 'slack', key: body.channel?.id ?? body.container?.channel_id ?? '' },
      actionId: coreActionId(action.action_id),
      value,
      requestId: `${body.trigger_id}:${action.action_id}`,
    });
    if ('view' in body && body.view?.type === 'home') return answerFromHome(reply, { core, client, actor, triggerId: body.trigger_id, log });
    // A click inside a modal (e.g. Edit on a saved note) has no response_url: answer in the modal.
    const modalViewId = 'view' in body && body.view ? body.view.id : undefined;
    await send(reply, { respond, client, triggerId: body.trigger_id, log, modalViewId });
  });

  app.view({ type: 'view_submission' }, async ({ body, view, ack }) => {
    metrics.inbound.inc({ platform: 'slack', kind: 'submit' });
    const reply = await core.submit({
      actor: actorOf(body.user.id, body.team?.id ?? body.user.team_id, body.user.name),
      formId: view.callback_id,
      values: slackViewValues(view.state.values),
      state: view.private_metadata,
      requestId: view.id,
    });
    if (reply.kind === 'form') return void (await ack({ response_action: 'update', view: formToSlackModal(reply.form) }));
    if (reply.kind === 'message') return void (await ack({ response_action: 'update', view: messageModal(reply.message) }));
    await ack();
  });

  // Events Slack may retry are handled once, by event id.
  const once = async (body: { event_id?: string }) => !body.event_id || (await deps.store.firstDelivery('slack', `event:${body.event_id}`));

  app.event('reaction_added', async ({ event, body }) => {
    if (event.item.type !== 'message' || !(await once(body))) return;
    await core.event({
      kind: 'reaction_added',
      actor: actorOf(event.user, body.team_id),
      conversation: { platform: 'slack', key: event.item.channel },
      messageId: event.item.ts,
      detail: event.reaction,
    });
  });

  // A colleague renamed themselves: the name people see follows.
  app.event('user_change', async ({ event, body }) => {
    await core.event({ kind: 'profile_changed', actor: actorOf(event.user.id, event.user.team_id ?? body.team_id), conversation: { platform: 'slack', key: '' } });
  });

  app.message(async ({ message, body }) => {
    // Only replies in a thread under one of our posts matter; features check whose post it was.
    if (message.subtype !== undefined || !('thread_ts' in message) || !message.thread_ts || message.thread_ts === message.ts) return;
    if (!(await once(body as { event_id?: string }))) return;
    await core.event({
      kind: 'message_reply',
      actor: actorOf(message.user, (body as { team_id?: string }).team_id),
      conversation: { platform: 'slack', key: message.channel },
      messageId: message.thread_ts,
      detail: message.text ?? '',
    });
  });

  for (const [name, kind] of [
    ['member_joined_channel', 'member_joined'],
    ['member_left_channel', 'member_left'],
  ] as const) {
    app.event(name, async ({ event, body, client }) => {
      if (!(await once(body))) return;
      const info = await client.users.info({ user: event.user }).catch(() => undefined);
      const user = info?.user;
      // Slack Connect: a member whose home team is not this workspace belongs to the customer.
      const external = Boolean(user?.is_stranger) || Boolean(user?.team_id && user.team_id !== body.team_id);
      await core.event({
        kind,
        actor: actorOf(event.user, body.team_id, user?.real_name || user?.profile?.display_name || user?.name),
        conversation: { platform: 'slack', key: event.channel },
        detail: user?.profile?.title || undefined,
        external,
      });
    });
  }

  // An uninstalled workspace's token is dead: forget it (Bolt skips authorize for these two events).
  if (oauth && deps.installations) {
    const installations = deps.installations;
    app.event('app_uninstalled', async ({ body }) => {
      if (body.team_id) await installations.remove('slack', body.team_id);
    });
    // Revoked user tokens are not ours (we keep none); a revoked bot token is an uninstall for our purposes.
    app.event('tokens_revoked', async ({ event, body }) => {
      if (body.team_id && (event.tokens.bot?.length ?? 0) > 0) await installations.remove('slack', body.team_id);
    });
  } else {
    app.event('tokens_revoked', async ({ event }) => {
      if ((event.tokens.bot?.length ?? 0) > 0) log.error('Slack revoked the bot token (SLACK_BOT_TOKEN): reinstall the app and set the new token');
    });
  }

  registerHome(app, core, log);

  app.error(async (err) => {
    log.error({ err }, 'slack handler failed');
  });

  return {
    app,
    router,
    async start() {
      if (config.appToken) await app.start();
    },
    async stop() {
      if (config.appToken) await app.stop();
    },
  };
}

/**
 * Bolt assumes a verified body is an object: a signed `null` (or a payload
 * field holding one) would throw inside it and surface as a 500. Such a body
 * is refused here with a 400; the body read is handed on as `rawBody`, which
 * Bolt's signature check reads instead of the stream.
 */
async function refuseShapeless(req: Request, res: Response, next: NextFunction): Promise<void> {
  try {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    (req as Request & { rawBody?: Buffer }).rawBody = raw;
    const text = raw.toString('utf8');
    const json = (req.get('content-type') ?? '').includes('application/json') ? text : new URLSearchParams(text).get('payload');
    if (json !== null && json !== undefined) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(json);
      } catch {
        parsed = {};
      }
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
        res.status(400).json({ error: 'expected a JSON object' });
        return;
      }
    }
    next();
  } catch (err) {
    next(err);
  }
}

function actorOf(userId: string, teamId: string | undefined | null, name?: string): Actor {
  return { platform: 'slack', workspaceId: teamId ?? '', userId, displayName: name };
}

interface SendContext {
  respond: RespondFn;
  client: WebClient;
  triggerId: string;
  log: Logger;
  /** Set when the click came from inside a modal. */
  modalViewId?: string;
  /** The command as typed, echoed back if the reply cannot be drawn. */
  typed?: string;
}

/** A reply Slack can show, or, when the renderer refuses it, plain text with what the person typed. */
function blockKitOrFallback(message: Message, ctx: SendContext): { text: string; blocks?: ReturnType<typeof messageToBlockKit>['blocks'] } {
  try {
    return messageToBlockKit(message);
  } catch (err) {
    ctx.log.error({ err }, 'could not render the reply for Slack; sending plain text instead');
    return { text: escapeSlackText(renderFailedText(ctx.typed)) };
  }
}

/** A message shown as a modal: the answer to a form submission or a click inside a modal. */
function messageModal(message: Message) {
  const { blocks } = messageToBlockKit(message);
  return { type: 'modal' as const, title: { type: 'plain_text' as const, text: 'Hallway' }, close: { type: 'plain_text' as const, text: 'Close' }, blocks };
}

/**
 * Where a message reply shows: a private one only to the asker (ephemeral).
 * Forms and answers inside a modal are private by nature (views.*); every
 * other reply is sent through `response_url` with this, never chat.postMessage.
 */
function responseType(reply: Extract<Reply, { kind: 'message' }>): 'ephemeral' | 'in_channel' {
  return reply.visibility === 'private' ? 'ephemeral' : 'in_channel';
}

/** Puts the reply in the ack when the core answered in time; otherwise acks now and follows up. */
async function answerWithinBudget(pending: Promise<Reply>, ctx: SendContext & { ack: AckFn<string | Record<string, unknown>> }) {
  const late = Symbol('late');
  let timer: NodeJS.Timeout | undefined;
  const first = await Promise.race([
    pending,
    new Promise<typeof late>((resolve) => {
      timer = setTimeout(() => resolve(late), ACK_BUDGET_MS);
    }),
  ]);
  clearTimeout(timer);
  if (first !== late && first.kind === 'message') {
    await ctx.ack({ response_type: responseType(first), ...blockKitOrFallback(first.message, ctx) });
    return;
  }
  await ctx.ack();
  await send(first === late ? await pending : first, ctx);
}

async function send(reply: Reply, ctx: SendContext): Promise<void> {
  try {
    if (reply.kind === 'form') {
      const view = formToSlackModal(reply.form);
      // Slack refuses views.open while a modal is open: the next step of a flow takes its place, any other form goes on top.
      if (ctx.modalViewId && reply.replace) await ctx.client.views.update({ view_id: ctx.modalViewId, view });
      else if (ctx.modalViewId) await ctx.client.views.push({ trigger_id: ctx.triggerId, view });
      else await ctx.client.views.open({ trigger_id: ctx.triggerId, view });
    } else if (reply.kind === 'message' && ctx.modalViewId) {
      await ctx.client.views.update({ view_id: ctx.modalViewId, view: messageModal(reply.message) });
    } else if (reply.kind === 'message') {
      await ctx.respond({
        response_type: responseType(reply),
        replace_original: false,
        ...blockKitOrFallback(reply.message, ctx),
      });
    }
  } catch (err) {
    ctx.log.error({ err }, 'could not send the reply to Slack');
    // A form or modal that could not be drawn or opened: say so in the conversation rather than nothing.
    await ctx.respond({ response_type: 'ephemeral', replace_original: false, text: escapeSlackText(renderFailedText(ctx.typed)) }).catch(() => {});
  }
}
