import { nowSeconds, sign, slashCommand } from './slack.js';
import type { Recorded } from './recording-server.js';
import { messageActivity } from './teams.js';

/*
 * A person at a keyboard, on Slack or on Teams, talking to a running Hallway
 * through its real adapter: signed Slack requests, Bot Framework activities.
 * Each call returns everything the person could see come back from it, as
 * JSON text: the HTTP answer and whatever reached Slack's response_url or the
 * Teams connector meanwhile.
 */

interface RecordingServer {
  url: string;
  requests: Recorded[];
}

export interface ChatUser {
  command(command: 'callnote' | 'stakeholder' | 'hallway', text: string): Promise<string>;
  click(actionId: string, value: string): Promise<string>;
  submit(formId: string, values: Record<string, string>, state?: string): Promise<string>;
}

let seq = 0;

export function slackUser(appUrl: string, api: RecordingServer, who: { team: string; user: string; channel: string }): ChatUser {
  const post = async (body: string) => {
    const before = api.requests.length;
    const res = await fetch(`${appUrl}/slack/events`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...sign(body, nowSeconds()) }, body });
    const text = await res.text();
    // A reply that took longer than the ack goes to response_url: give it a moment.
    for (let i = 0; i < 10 && !api.requests.slice(before).some((r) => r.path.includes('/respond')) && text === ''; i += 1) await new Promise((r) => setTimeout(r, 20));
    return `${res.status} ${text} ${JSON.stringify(api.requests.slice(before).map((r) => r.body))}`;
  };
  const base = {
    user: { id: who.user, username: who.user.toLowerCase(), name: who.user.toLowerCase(), team_id: who.team },
    api_app_id: 'A0HALLWAY',
    token: 'deprecated-verification-token',
    team: { id: who.team, domain: who.team.toLowerCase() },
  };
  return {
    command: (command, text) =>
      post(slashCommand(`/${command}`, text, { team_id: who.team, user_id: who.user, user_name: who.user.toLowerCase(), channel_id: who.channel, response_url: `${api.url}/respond` })),
    click(actionId, value) {
      seq += 1;
      const payload = {
        ...base,
        type: 'block_actions',
        container: { type: 'message', message_ts: '1700000000.000100', channel_id: who.channel, is_ephemeral: false },
        trigger_id: `trigger.click.${seq}`,
        channel: { id: who.channel, name: 'channel' },
        response_url: `${api.url}/respond`,
        actions: [{ action_id: actionId, block_id: 'b1', text: { type: 'plain_text', text: 'x' }, value, type: 'button', action_ts: '1700000001.000200' }],
      };
      return post(new URLSearchParams({ payload: JSON.stringify(payload) }).toString());
    },
    submit(formId, values, state) {
      seq += 1;
      const blocks = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, { [k]: { type: 'plain_text_input', value: v } }]));
      const payload = {
        ...base,
        type: 'view_submission',
        trigger_id: `trigger.view.${seq}`,
        view: { id: `V${seq}`, team_id: who.team, type: 'modal', callback_id: formId, private_metadata: state ?? '', state: { values: blocks }, hash: 'h' },
      };
      return post(new URLSearchParams({ payload: JSON.stringify(payload) }).toString());
    },
  };
}

export function teamsUser(appUrl: string, connector: RecordingServer, who: { tenant: string; user: string; name: string; conversation: string; kind?: 'personal' | 'channel' }): ChatUser {
  const send = async (text: string, value?: Record<string, unknown>) => {
    const before = connector.requests.length;
    const activity = messageActivity(connector.url, text, {
      from: { id: who.user, name: who.name, aadObjectId: `aad-${who.user}` },
      conversation: { id: who.conversation, conversationType: who.kind ?? 'personal', tenantId: who.tenant },
      channelData: { tenant: { id: who.tenant } },
      ...(value ? { value } : {}),
    });
    const res = await fetch(`${appUrl}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
    return `${res.status} ${await res.text()} ${JSON.stringify(connector.requests.slice(before).map((r) => r.body))}`;
  };
  return {
    command: (command, text) => send(`${command} ${text}`.trim()),
    click: (actionId, value) => send('', { hallwayAction: actionId, value }),
    submit: (formId, values, state) => send('', { hallwayForm: formId, ...(state ? { hallwayState: state } : {}), ...values }),
  };
}
