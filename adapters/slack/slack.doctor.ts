import { WebClient } from '@slack/web-api';
import type { SlackConfig } from '../../src/config.js';
import type { ProbeResult, SlackAuthResult } from '../../src/features/doctor/doctor.checks.js';
import { BOT_SCOPES } from './installation.store.js';

/** The scopes manifest/slack.yaml asks for (a test keeps the two lists equal). */
export const SLACK_MANIFEST_SCOPES: readonly string[] = BOT_SCOPES;

/** `auth.test` with the configured bot token; Slack lists the token's scopes in a response header. */
export async function slackAuthTest(config: SlackConfig): Promise<SlackAuthResult> {
  const client = new WebClient(config.botToken, { slackApiUrl: config.apiUrl, retryConfig: { retries: 0 }, timeout: 10_000 });
  try {
    const res = await client.auth.test();
    return { ok: true, team: res.team ?? res.team_id ?? '', scopes: res.response_metadata?.scopes ?? [] };
  } catch (err) {
    const data = (err as { data?: { error?: string } }).data;
    return { ok: false, error: data?.error ?? (err instanceof Error ? err.message : String(err)) };
  }
}

/** Socket Mode's first step: the app-level token may open a connection. */
export async function slackSocketModeOpen(config: SlackConfig): Promise<ProbeResult> {
  const client = new WebClient(config.appToken, { slackApiUrl: config.apiUrl, retryConfig: { retries: 0 }, timeout: 10_000 });
  try {
    await client.apps.connections.open();
    return { ok: true };
  } catch (err) {
    const data = (err as { data?: { error?: string } }).data;
    return { ok: false, error: data?.error ?? (err instanceof Error ? err.message : String(err)) };
  }
}
