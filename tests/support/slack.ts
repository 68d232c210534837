import { createHmac } from 'node:crypto';
import { startRecordingServer, type Recorded } from './recording-server.js';

export const SIGNING_SECRET = 'test-signing-secret-0123456789abcdef';
export const TEAM_ID = 'T0HALLWAY';

/** Slack's v0 request signature over "v0:<timestamp>:<body>". */
export function sign(body: string, timestamp: number, secret = SIGNING_SECRET): Record<string, string> {
  const signature = `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  return { 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': signature };
}

export function nowSeconds(): number {
  // Bolt checks signatures against the real clock, so signed test requests must use it too.
  return Math.floor(Date.now() / 1000);
}

/** A slash command payload in Slack's own form-encoded shape. */
export function slashCommand(command: string, text: string, overrides: Record<string, string> = {}): string {
  return new URLSearchParams({
    token: 'deprecated-verification-token',
    team_id: TEAM_ID,
    team_domain: 'hallway-test',
    channel_id: 'C0ENGINEERS',
    channel_name: 'engineering',
    user_id: 'U0MARIA',
    user_name: 'maria',
    command,
    text,
    api_app_id: 'A0HALLWAY',
    is_enterprise_install: 'false',
    response_url: 'https://hooks.slack.com/commands/T0HALLWAY/1/abc',
    trigger_id: `13345224609.738474920.${Math.abs(hash(command + text))}`,
    ...overrides,
  }).toString();
}

function hash(s: string): number {
  let h = 0;
  for (const c of s) h = (h * 31 + c.charCodeAt(0)) | 0;
  return h;
}

/**
 * Slack's Web API at a local recording server; every method answers ok.
 * `scopes`: what auth.test reports in its x-oauth-scopes header.
 */
export async function startFakeSlackApi(overrides: Record<string, (req: Recorded) => unknown> = {}, opts: { scopes?: string[] } = {}) {
  let uploads = 1;
  return startRecordingServer((req) => {
    const method = req.path.replace(/^.*\/api\//, '').replace(/^\//, '');
    const custom = overrides[method];
    if (custom) return { body: custom(req) };
    switch (method) {
      case 'auth.test':
        return {
          headers: opts.scopes ? { 'x-oauth-scopes': opts.scopes.join(',') } : undefined,
          body: { ok: true, url: 'https://hallway-test.slack.com/', team: 'Hallway Test', user: 'hallway', team_id: TEAM_ID, user_id: 'U0BOT', bot_id: 'B0BOT' },
        };
      case 'chat.postMessage':
        return { body: { ok: true, channel: req.body.channel, ts: '1700000000.000100', message: { text: req.body.text } } };
      case 'conversations.open':
        return { body: { ok: true, channel: { id: 'D0DM' } } };
      // Slack's external upload: a URL to send the bytes to (here, this same server), then completion.
      case 'files.getUploadURLExternal':
        return { body: { ok: true, upload_url: `http://${req.headers.host}/upload/F0UPLOAD${uploads++}`, file_id: `F0UPLOAD${uploads - 1}` } };
      case 'files.completeUploadExternal':
        return { body: { ok: true, files: [{ id: (req.body.files as Array<{ id: string }> | undefined)?.[0]?.id }] } };
      default:
        return { body: { ok: true } };
    }
  });
}
