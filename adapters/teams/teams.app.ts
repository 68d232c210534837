import {
  ActivityTypes,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  TurnContext,
  type Activity,
  type ConversationReference,
} from 'botbuilder';
import express, { Router } from 'express';
import type { Logger } from 'pino';
import type { CommandName, Core, Reply } from '../../src/chat/inbound.js';
import type { TeamsConfig } from '../../src/config.js';
import type { ConversationStore } from '../../src/features/conversations.js';
import type { Metrics } from '../../src/metrics.js';
import { activityProblems, dropNullFields } from './activity.schema.js';
import { teamsSubmitValues } from './adaptive-card.renderer.js';
import { loopbackClientsOnly, serviceUrlRefusal } from './local-mode.guard.js';
import { conversationKindOf } from './conversation.kind.js';
import { movedFrom } from './moved-answers.js';
import { sendReply } from './reply.delivery.js';
import { createTeamsSender, type TeamsSender } from './teams.sender.js';

export interface TeamsAdapterDeps {
  config: TeamsConfig;
  core: Core;
  store: ConversationStore;
  log: Logger;
  metrics: Metrics;
}

const COMMANDS = new Set<CommandName>(['callnote', 'stakeholder', 'hallway']);

export function createBotAdapter(config: TeamsConfig): CloudAdapter {
  // An empty app id leaves authentication off: the local Agents Playground or Emulator.
  const auth = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: config.appId,
    MicrosoftAppPassword: config.appPassword,
    MicrosoftAppType: config.appType,
    MicrosoftAppTenantId: config.tenantId,
  });
  return new CloudAdapter(auth);
}

/**
 * `POST /api/messages` through botbuilder's CloudAdapter. Without an app id
 * (local mode) only this machine may call, and replies only go back to it.
 * Mounted by teams.ts on the first activity (off, and the local-mode warning, are decided there).
 */
export function createTeamsRouter(deps: TeamsAdapterDeps & { adapter: CloudAdapter }): Router {
  const { adapter, log, config } = deps;
  adapter.onTurnError = async (_context, err) => {
    log.error({ err }, 'teams turn failed');
  };
  const router = Router();
  const local = !config.appId;
  const turn = { ...deps, sender: createTeamsSender({ adapter, appId: config.appId, store: deps.store }) };
  const handlers = [
    ...(local ? [loopbackClientsOnly()] : []),
    express.json({ limit: '1mb' }),
    async (req: express.Request, res: express.Response) => {
      const problems = activityProblems(req.body);
      if (problems) {
        res.status(400).json({ error: `not a valid Bot Framework activity: ${problems}` });
        return;
      }
      dropNullFields(req.body as Record<string, unknown>);
      const refusal = local ? serviceUrlRefusal((req.body as { serviceUrl: string }).serviceUrl) : undefined;
      if (refusal) {
        res.status(403).json({ error: refusal });
        return;
      }
      try {
        await adapter.process(req, res, (context) => onTurn(turn, context));
      } catch (err) {
        // CloudAdapter throws on an activity it cannot read; that is the caller's fault, not ours.
        log.warn({ err: (err as Error).message }, 'rejected a malformed Bot Framework request');
        if (!res.headersSent) res.status(400).json({ error: 'malformed activity' });
      }
    },
  ];
  router.post('/api/messages', ...handlers);
  return router;
}

async function onTurn(deps: TeamsAdapterDeps & { sender: TeamsSender }, context: TurnContext): Promise<void> {
  const { core, store, metrics } = deps;
  const activity = context.activity;
  if (!activity?.conversation?.id || !activity.from?.id) return;
  await remember(store, activity);
  if (activity.type === ActivityTypes.MessageReaction) return onReactions(deps, activity);
  if (activity.type !== ActivityTypes.Message) return;

  const actor = {
    platform: 'teams' as const,
    workspaceId: tenantOf(activity),
    userId: activity.from.id,
    displayName: activity.from.name,
    timezone: activity.localTimezone || undefined,
  };
  const value = (activity.value ?? {}) as Record<string, unknown>;
  const from = typeof value.hallwayAction === 'string' ? await movedFrom(context, value, store) : undefined;
  const conversation = { platform: 'teams' as const, key: from?.key ?? activity.conversation.id };

  let reply: Reply;
  if (typeof value.hallwayAction === 'string') {
    metrics.inbound.inc({ platform: 'teams', kind: 'action' });
    reply = await core.action({
      actor,
      conversation,
      actionId: value.hallwayAction,
      value: typeof value.value === 'string' ? value.value : '',
      requestId: activity.id,
    });
  } else if (typeof value.hallwayForm === 'string') {
    metrics.inbound.inc({ platform: 'teams', kind: 'submit' });
    reply = await core.submit({
      actor,
      conversation,
      formId: value.hallwayForm,
      state: typeof value.hallwayState === 'string' ? value.hallwayState : undefined,
      values: teamsSubmitValues(value),
      requestId: activity.id,
    });
  } else if (threadOf(activity) && !mentionsBot(activity)) {
    // A reply in a channel thread, not addressed to the bot: features check whether the thread is one of our posts.
    const thread = threadOf(activity)!;
    await core.event({
      kind: 'message_reply',
      actor,
      conversation: { platform: 'teams', key: thread.channel },
      messageId: thread.root,
      detail: activity.text ?? '',
    });
    return;
  } else {
    metrics.inbound.inc({ platform: 'teams', kind: 'command' });
    const { command, text } = parseCommandText(normaliseMentions(activity, TurnContext.removeRecipientMention(activity) ?? activity.text ?? ''));
    const name = activity.conversation.name ?? (activity.channelData as { channel?: { name?: string } } | undefined)?.channel?.name;
    reply = await core.command({ actor, conversation, command, text, ...(name ? { conversationName: name } : {}), requestId: activity.id });
  }
  await sendReply(context, reply, { sender: deps.sender, log: deps.log, tenantId: tenantOf(activity), movedFrom: from });
}

async function onReactions(deps: TeamsAdapterDeps, activity: Activity): Promise<void> {
  for (const reaction of activity.reactionsAdded ?? []) {
    await deps.core.event({
      kind: 'reaction_added',
      actor: { platform: 'teams', workspaceId: tenantOf(activity), userId: activity.from.id, displayName: activity.from.name },
      conversation: { platform: 'teams', key: activity.conversation.id },
      messageId: activity.replyToId,
      detail: reaction.type,
    });
  }
}

/**
 * The core reads user mentions as Slack writes them, `<@id|name>`; Teams
 * sends `<at>name</at>` with the id in an entity.
 */
function normaliseMentions(activity: Activity, text: string): string {
  let out = text;
  for (const e of activity.entities ?? []) {
    const m = e as { type?: string; text?: string; mentioned?: { id?: string; name?: string } };
    if (m.type !== 'mention' || !m.text || !m.mentioned?.id || m.mentioned.id === activity.recipient?.id) continue;
    out = out.replace(m.text, `<@${m.mentioned.id}|${m.mentioned.name ?? ''}>`);
  }
  return out;
}

/** Teams addresses a channel thread as "<channel id>;messageid=<root message id>". */
function threadOf(activity: Activity): { channel: string; root: string } | undefined {
  const match = /^(.+);messageid=(\d+)$/.exec(activity.conversation.id);
  return match ? { channel: match[1]!, root: match[2]! } : undefined;
}

function mentionsBot(activity: Activity): boolean {
  return (activity.entities ?? []).some((e) => e.type === 'mention' && (e as { mentioned?: { id?: string } }).mentioned?.id === activity.recipient?.id);
}

/**
 * "hallway help", "/callnote Acme: …", "@Hallway stakeholder Acme list": the
 * first word names the command. Anything else is treated as `/hallway <text>`,
 * so a plain "help" works and unknown words get the help pointer.
 */
export function parseCommandText(raw: string): { command: CommandName; text: string } {
  const cleaned = raw.replace(/<at>[^<]*<\/at>/g, ' ').trim().replace(/^\//, '');
  const match = /^(\S+)\s*([\s\S]*)$/.exec(cleaned);
  const first = match?.[1]?.toLowerCase() ?? '';
  if (COMMANDS.has(first as CommandName)) return { command: first as CommandName, text: match?.[2]?.trim() ?? '' };
  return { command: 'hallway', text: cleaned };
}

async function remember(store: ConversationStore, activity: Activity): Promise<void> {
  const reference = TurnContext.getConversationReference(activity) as ConversationReference;
  const kind = conversationKindOf(activity.conversation);
  await store.save({
    platform: 'teams',
    key: activity.conversation.id,
    workspaceExternalId: tenantOf(activity),
    kind,
    userExternalId: kind === 'personal' ? activity.from.id : undefined,
    reference: { ...reference },
  });
}

function tenantOf(activity: Activity): string {
  const channelTenant = (activity.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id;
  return activity.conversation.tenantId ?? channelTenant ?? '';
}
