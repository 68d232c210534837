import type { Logger } from 'pino';
import type { ActionInput, Actor, CommandInput, Core, EventInput, Reply, SubmitInput } from '../chat/inbound.js';
import { helpMessage } from '../messages/help.message.js';
import { errorToReply, UserError } from './errors.js';
import type { Feature, Handler } from './feature.js';
import type { Identities, Identity } from './identity.js';

export interface CoreDeps {
  log: Logger;
  features: Feature[];
  identities: Identities;
}

/** Routes platform-free commands, clicks, form submissions and events to the features. */
export function createCore(deps: CoreDeps): Core {
  const { log, identities } = deps;
  const commands = merge(deps.features, (f) => f.commands, 'command');
  const actions = merge(deps.features, (f) => f.actions, 'action');
  const forms = merge(deps.features, (f) => f.forms, 'form');

  async function command(input: CommandInput, who: Identity): Promise<Reply> {
    const text = input.text.trim();
    if (input.command !== 'hallway') {
      const handler = commands.get(input.command);
      if (handler) return handler({ ...input, text }, who);
      throw new UserError('not_available', `/${input.command} is not available yet.`, `/${input.command} ${text}`.trim(), 'Try /hallway help for what works today.');
    }
    const [sub = '', ...rest] = text.split(/\s+/);
    const key = `hallway ${sub.toLowerCase()}`;
    if (sub === '' || key === 'hallway help') {
      return { kind: 'message', visibility: 'private', message: helpMessage({ slash: input.actor.platform === 'slack' }) };
    }
    const handler = commands.get(key);
    if (handler) return handler({ ...input, text: rest.join(' ') }, who);
    throw new UserError(
      'unknown_subcommand',
      `I don't know "/hallway ${sub}".`,
      `/hallway ${text}`,
      'Try /hallway help for every command with an example.',
    );
  }

  async function action(input: ActionInput, who: Identity): Promise<Reply> {
    const handler = actions.get(input.actionId);
    if (!handler) throw new UserError('unknown_action', 'That button is no longer available.');
    return handler(input, who);
  }

  async function submit(input: SubmitInput, who: Identity): Promise<Reply> {
    const handler = forms.get(input.formId);
    if (!handler) throw new UserError('unknown_form', 'That form is no longer available.');
    return handler(input, who);
  }

  async function event(input: EventInput): Promise<void> {
    // Nothing from a refused workspace is read or written.
    if (!identities.allowed(input.actor.platform, input.actor.workspaceId)) return;
    if (input.kind === 'profile_changed') {
      await identities.refresh(input.actor.platform, input.actor.userId).catch((err: unknown) => log.warn({ err }, 'could not refresh a profile'));
      return;
    }
    for (const feature of deps.features) {
      const handler = feature.events?.[input.kind];
      if (!handler) continue;
      try {
        await handler(input);
      } catch (err) {
        log.error({ err, feature: feature.name, kind: input.kind }, 'event handler failed');
      }
    }
  }

  /** Every entry point answers; nothing thrown reaches an adapter. */
  const guard =
    <A>(fn: (a: A, who: Identity) => Promise<Reply>) =>
    async (a: A & { actor: Actor }): Promise<Reply> => {
      try {
        const who = await identities.resolve(a.actor);
        return withFirstAdminNotice(who, await fn(a, who));
      } catch (err) {
        return errorToReply(err, log);
      }
    };

  return { command: guard(command), action: guard(action), submit: guard(submit), event };
}

/** The first person of a new organisation is its admin; they hear it once, privately. */
function withFirstAdminNotice(who: Identity, reply: Reply): Reply {
  if (!who.firstAdmin) return reply;
  const notice = "You're the first person from your workspace here, so you are this organisation's admin: you can name other admins and managers with /hallway role.";
  if (reply.kind !== 'message' || reply.visibility !== 'private') {
    return reply.kind === 'none' ? { kind: 'message', visibility: 'private', message: { text: notice, blocks: [{ type: 'context', text: notice }] } } : reply;
  }
  return { ...reply, message: { ...reply.message, blocks: [...reply.message.blocks, { type: 'context', text: notice }] } };
}

function merge<I>(
  features: Feature[],
  pick: (f: Feature) => Record<string, Handler<I>> | undefined,
  what: string,
): Map<string, Handler<I>> {
  const map = new Map<string, Handler<I>>();
  for (const feature of features) {
    for (const [key, handler] of Object.entries(pick(feature) ?? {})) {
      if (map.has(key)) throw new Error(`${what} "${key}" is claimed by two features`);
      map.set(key, handler);
    }
  }
  return map;
}
