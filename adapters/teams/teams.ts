import { Router, type NextFunction, type Request, type Response } from 'express';
import type { ChatPort, ConversationTarget, UserTarget } from '../../src/chat/port.js';
import type { TeamsConfig } from '../../src/config.js';
import type { ConversationStore } from '../../src/features/conversations.js';
import type { ProbeResult } from '../../src/features/doctor/doctor.checks.js';
import type { Message } from '../../src/messages/message.js';
import type { TeamsAdapterDeps } from './teams.app.js';

export const TEAMS_CAPABILITIES = { ephemeral: false, updateMessage: true, modals: false } as const;

/**
 * Teams as the composition root sees it. botbuilder and the Azure SDKs it
 * pulls in are half the bundle: they are loaded on first use (the first
 * activity, proactive send or doctor probe), not at start, so every start is
 * shorter and a deployment nobody reaches on Teams never holds them in memory.
 * Nothing here imports botbuilder's code; the modules imported below do.
 */
export function createTeams(opts: { config: TeamsConfig; store: ConversationStore }) {
  const { config, store } = opts;
  let adapter: ReturnType<typeof loadAdapter> | undefined;
  const botAdapter = () => (adapter ??= loadAdapter(config));
  let port: Promise<ChatPort> | undefined;
  const chat = () => (port ??= Promise.all([botAdapter(), import('./teams.chat.js')]).then(([a, m]) => m.createTeamsChat({ adapter: a, appId: config.appId, store })));

  const lazyChat: ChatPort = {
    platform: 'teams',
    capabilities: TEAMS_CAPABILITIES,
    post: async (to: ConversationTarget, msg: Message) => (await chat()).post(to, msg),
    dm: async (to: UserTarget, msg: Message) => (await chat()).dm(to, msg),
    update: async (ref, msg) => (await chat()).update(ref, msg),
    // Teams tells a user's zone only on their own activities (localTimezone); the adapter records it then.
    profile: async () => undefined,
  };

  return {
    chat: lazyChat,
    /** `POST /api/messages`: the real router (teams.app.ts) is built on the first activity and serves every one after. */
    router(deps: Omit<TeamsAdapterDeps, 'config' | 'store'>): Router {
      const router = Router();
      if (config.off) {
        deps.log.info('Teams is off: NODE_ENV=production and MicrosoftAppId is not set');
        router.post('/api/messages', (_req, res) => {
          res.status(404).json({ error: 'Teams is not configured on this server (MicrosoftAppId is not set).' });
        });
        return router;
      }
      if (!config.appId) {
        deps.log.warn(
          'TEAMS LOCAL MODE: MicrosoftAppId is not set, so /api/messages checks no Bot Framework token. ' +
            'It answers only clients on this machine and replies only to a loopback serviceUrl. Set MicrosoftAppId before connecting Teams.',
        );
      }
      let real: Promise<Router> | undefined;
      router.post('/api/messages', (req: Request, res: Response, next: NextFunction) => {
        real ??= Promise.all([botAdapter(), import('./teams.app.js')]).then(([adapter, m]) => m.createTeamsRouter({ ...deps, config, store, adapter }));
        real.then((r) => r(req, res, next), next);
      });
      return router;
    },
  };
}

async function loadAdapter(config: TeamsConfig) {
  const { createBotAdapter } = await import('./teams.app.js');
  return createBotAdapter(config);
}

/** `hallway doctor`'s Bot Framework token check, loading botbuilder only when it runs. */
export async function botFrameworkToken(config: TeamsConfig): Promise<ProbeResult> {
  const { acquireBotFrameworkToken } = await import('./teams.doctor.js');
  return acquireBotFrameworkToken(config);
}
