import type { App } from '@slack/bolt';
import type { HomeView } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import type { Actor, Core, Reply } from '../../src/chat/inbound.js';
import type { Message } from '../../src/messages/message.js';
import { formToSlackModal, messageToBlockKit } from './block-kit.renderer.js';

/** The App Home tab: the same message as `/hallway home`, as a view. */
export function homeView(message: Message): HomeView {
  return { type: 'home', blocks: messageToBlockKit(message).blocks };
}

/** Asks the core for this person's Home and publishes it to their App Home tab. */
export async function publishHome(core: Core, client: WebClient, actor: Actor, conversationKey: string): Promise<void> {
  const reply = await core.command({ actor, conversation: { platform: 'slack', key: conversationKey }, command: 'hallway', text: 'home' });
  if (reply.kind !== 'message') return;
  await client.views.publish({ user_id: actor.userId, view: homeView(reply.message) });
}

/** Slack asks for the Home tab each time someone opens it. */
export function registerHome(app: App, core: Core, log: Logger): void {
  app.event('app_home_opened', async ({ event, body, client }) => {
    if (event.tab !== 'home') return;
    try {
      await publishHome(core, client, { platform: 'slack', workspaceId: body.team_id ?? '', userId: event.user }, event.channel);
    } catch (err) {
      log.error({ err }, 'could not publish the App Home');
    }
  });
}

/**
 * A button clicked in the Home tab has no response_url and no channel: a form
 * opens as a modal, a message comes as a DM from the app, and the tab is
 * published again so the item just acted on moves or goes.
 */
export async function answerFromHome(reply: Reply, ctx: { core: Core; client: WebClient; actor: Actor; triggerId: string; log: Logger }): Promise<void> {
  try {
    if (reply.kind === 'form') await ctx.client.views.open({ trigger_id: ctx.triggerId, view: formToSlackModal(reply.form) });
    if (reply.kind === 'message') {
      const { text, blocks } = messageToBlockKit(reply.message);
      await ctx.client.chat.postMessage({ channel: ctx.actor.userId, text, blocks });
    }
    await publishHome(ctx.core, ctx.client, ctx.actor, '');
  } catch (err) {
    ctx.log.error({ err }, 'could not answer a click in the App Home');
  }
}
