import { ConfigurationServiceClientCredentialFactory } from 'botbuilder';
import type { TeamsConfig } from '../../src/config.js';
import type { ProbeResult } from '../../src/features/doctor/doctor.checks.js';

const AUDIENCE = 'https://api.botframework.com';
const LOGIN = 'https://login.microsoftonline.com/';

/**
 * Asks Entra ID for the token Hallway sends to the Bot Framework connector,
 * exactly as CloudAdapter does before its first proactive message.
 */
export async function acquireBotFrameworkToken(config: TeamsConfig): Promise<ProbeResult> {
  try {
    const factory = new ConfigurationServiceClientCredentialFactory({
      MicrosoftAppId: config.appId,
      MicrosoftAppPassword: config.appPassword,
      MicrosoftAppType: config.appType,
      MicrosoftAppTenantId: config.tenantId,
    });
    const tenant = config.appType === 'SingleTenant' ? config.tenantId : 'botframework.com';
    const credentials = await factory.createCredentials(config.appId, AUDIENCE, `${LOGIN}${tenant}`, true);
    // Empty credentials (authentication off) have nothing to fetch.
    if ('getToken' in credentials && typeof credentials.getToken === 'function') await credentials.getToken(true);
    return { ok: true };
  } catch (err) {
    return { ok: false, error: firstLine(err) };
  }
}

/** MSAL errors run to many lines (trace ids, timestamps); the first says what failed. */
function firstLine(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.split('\n')[0]!.trim();
}
