import { IANAZone } from 'luxon';
import { z } from 'zod';

/** The environment, validated once at start. Adapters receive only their slice. */
export interface Config {
  port: number;
  /** Listen address (HOST); undefined = every address, IPv4 and IPv6, as Node does by default. */
  host?: string;
  database: { url?: string; dataDir: string };
  slack?: SlackConfig;
  teams: TeamsConfig;
  openai?: { apiKey: string; baseURL?: string; model: string };
  encryptionKey?: string;
  webhookSecret?: string;
  timezone: string;
  scheduler: boolean;
  logLevel: string;
  /** HALLWAY_ADMINS: `slack:<user id>` / `teams:<AAD object id>`. */
  admins: string[];
  /** HALLWAY_ALLOWED_WORKSPACES: Slack team ids and Teams tenant ids; undefined = any. */
  allowedWorkspaces?: string[];
  /** HALLWAY_PUBLIC_URL: where people and CRMs reach this Hallway (shown by /hallway webhook). */
  publicUrl?: string;
}

export interface SlackConfig {
  signingSecret: string;
  botToken?: string;
  appToken?: string;
  apiUrl: string;
  oauth?: { clientId: string; clientSecret: string; stateSecret: string };
}

export interface TeamsConfig {
  /** Empty = local and unauthenticated (Agents Playground, Bot Framework Emulator). */
  appId: string;
  appPassword: string;
  appType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
  tenantId: string;
  /** Production without an app id, on a Slack deployment: /api/messages is not served at all. */
  off?: boolean;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}

const optional = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

const schema = z.object({
  DATABASE_URL: optional.pipe(
    z.string().regex(/^postgres(ql)?:\/\//, 'expected a postgres:// or postgresql:// URL').optional(),
  ),
  HALLWAY_DATA_DIR: optional,
  HOST: optional.pipe(z.union([z.ipv6(), z.hostname()], { message: 'expected an address to listen on, such as 0.0.0.0, 127.0.0.1 or ::' }).optional()),
  NODE_ENV: optional,
  PORT: optional.pipe(
    z
      .string()
      .regex(/^\d{1,5}$/, 'expected a port number from 1 to 65535')
      .transform(Number)
      .refine((n) => n >= 1 && n <= 65535, 'expected a port number from 1 to 65535')
      .optional(),
  ),
  SLACK_BOT_TOKEN: optional.pipe(z.string().startsWith('xoxb-', 'expected a bot token starting with xoxb-').optional()),
  SLACK_SIGNING_SECRET: optional,
  SLACK_APP_TOKEN: optional.pipe(z.string().startsWith('xapp-', 'expected an app-level token starting with xapp-').optional()),
  SLACK_CLIENT_ID: optional,
  SLACK_CLIENT_SECRET: optional,
  SLACK_STATE_SECRET: optional,
  SLACK_API_URL: optional.pipe(z.url({ message: 'expected a URL such as https://slack.com/api/' }).optional()),
  MicrosoftAppId: optional,
  MicrosoftAppPassword: optional,
  MicrosoftAppType: optional.pipe(
    z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI'], {
      message: 'expected MultiTenant, SingleTenant or UserAssignedMSI',
    }).optional(),
  ),
  MicrosoftAppTenantId: optional,
  OPENAI_API_KEY: optional,
  OPENAI_BASE_URL: optional.pipe(z.url({ message: 'expected a URL such as https://api.openai.com/v1' }).optional()),
  OPENAI_MODEL: optional,
  HALLWAY_ENCRYPTION_KEY: optional.pipe(z.string().min(32, 'expected at least 32 characters').optional()),
  HALLWAY_WEBHOOK_SECRET: optional.pipe(z.string().min(16, 'expected at least 16 characters').optional()),
  HALLWAY_TIMEZONE: optional.pipe(
    z.string().refine((tz) => IANAZone.isValidZone(tz), 'expected an IANA timezone such as Europe/Berlin').optional(),
  ),
  HALLWAY_SCHEDULER: optional.pipe(z.enum(['on', 'off'], { message: 'expected on or off' }).optional()),
  HALLWAY_ADMINS: optional.pipe(
    z
      .string()
      .transform(commaList)
      .refine((ids) => ids.every((id) => /^(slack|teams):\S+$/.test(id)), 'expected a comma list of slack:<user id> or teams:<AAD object id>')
      .optional(),
  ),
  HALLWAY_ALLOWED_WORKSPACES: optional.pipe(
    z
      .string()
      .transform(commaList)
      .refine((ids) => ids.length > 0, 'expected a comma list of Slack team ids (T…) and Teams tenant ids')
      .optional(),
  ),
  HALLWAY_PUBLIC_URL: optional.pipe(z.url({ message: 'expected the public base URL, such as https://hallway.example.com' }).optional()),
  LOG_LEVEL: optional.pipe(
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      message: 'expected fatal, error, warn, info, debug, trace or silent',
    }).optional(),
  ),
});

type Env = z.output<typeof schema>;

function commaList(v: string): string[] {
  return v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Pure: reads only `env`. Reports every problem at once, by variable name, never by value. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${String(i.path[0])}: ${i.message}`));
  }
  const e = parsed.data;
  const problems = crossChecks(e);
  if (problems.length > 0) throw new ConfigError(problems);

  return {
    port: e.PORT ?? 3978,
    host: e.HOST,
    database: { url: e.DATABASE_URL, dataDir: e.HALLWAY_DATA_DIR ?? './.hallway/data' },
    slack: slackSlice(e),
    teams: {
      appId: e.MicrosoftAppId ?? '',
      appPassword: e.MicrosoftAppPassword ?? '',
      appType: e.MicrosoftAppType ?? 'MultiTenant',
      tenantId: e.MicrosoftAppTenantId ?? '',
      ...(teamsOff(e) ? { off: true } : {}),
    },
    openai: e.OPENAI_API_KEY
      ? { apiKey: e.OPENAI_API_KEY, baseURL: e.OPENAI_BASE_URL, model: e.OPENAI_MODEL ?? 'gpt-4o-mini' }
      : undefined,
    encryptionKey: e.HALLWAY_ENCRYPTION_KEY,
    webhookSecret: e.HALLWAY_WEBHOOK_SECRET,
    timezone: e.HALLWAY_TIMEZONE ?? 'UTC',
    scheduler: e.HALLWAY_SCHEDULER !== 'off',
    logLevel: e.LOG_LEVEL ?? 'info',
    admins: e.HALLWAY_ADMINS ?? [],
    allowedWorkspaces: e.HALLWAY_ALLOWED_WORKSPACES,
    publicUrl: e.HALLWAY_PUBLIC_URL?.replace(/\/+$/, ''),
  };
}

function crossChecks(e: Env): string[] {
  const problems: string[] = [];
  const slackWanted = e.SLACK_BOT_TOKEN || e.SLACK_APP_TOKEN || e.SLACK_CLIENT_ID;
  if (slackWanted && !e.SLACK_SIGNING_SECRET) {
    problems.push('SLACK_SIGNING_SECRET: required when Slack is configured (Basic Information → Signing Secret)');
  }
  if (e.SLACK_SIGNING_SECRET && !e.SLACK_BOT_TOKEN && !e.SLACK_CLIENT_ID) {
    problems.push('SLACK_BOT_TOKEN: required with SLACK_SIGNING_SECRET (or set SLACK_CLIENT_ID for OAuth installs)');
  }
  const oauth = [e.SLACK_CLIENT_ID, e.SLACK_CLIENT_SECRET, e.SLACK_STATE_SECRET];
  if (oauth.some(Boolean) && !oauth.every(Boolean)) {
    for (const [name, v] of [
      ['SLACK_CLIENT_ID', e.SLACK_CLIENT_ID],
      ['SLACK_CLIENT_SECRET', e.SLACK_CLIENT_SECRET],
      ['SLACK_STATE_SECRET', e.SLACK_STATE_SECRET],
    ] as const) {
      if (!v) problems.push(`${name}: required for the Slack OAuth install (set all three or none)`);
    }
  }
  if (e.SLACK_CLIENT_ID && !e.HALLWAY_ENCRYPTION_KEY) {
    problems.push('HALLWAY_ENCRYPTION_KEY: required when Slack OAuth stores bot tokens');
  }
  if (e.MicrosoftAppId && !e.MicrosoftAppPassword && e.MicrosoftAppType !== 'UserAssignedMSI') {
    problems.push('MicrosoftAppPassword: required with MicrosoftAppId');
  }
  if (e.MicrosoftAppType === 'SingleTenant' && !e.MicrosoftAppTenantId) {
    problems.push('MicrosoftAppTenantId: required when MicrosoftAppType is SingleTenant');
  }
  if (e.NODE_ENV === 'production' && !e.MicrosoftAppId && !slackWanted) {
    problems.push('MicrosoftAppId: required when NODE_ENV=production, since without it /api/messages has no authentication (local mode is for development)');
  }
  if ((e.OPENAI_BASE_URL || e.OPENAI_MODEL) && !e.OPENAI_API_KEY) {
    problems.push('OPENAI_API_KEY: required with OPENAI_BASE_URL or OPENAI_MODEL (any non-empty value for a local server)');
  }
  return problems;
}

/** A Slack deployment in production without Teams credentials serves no unauthenticated Teams endpoint. */
function teamsOff(e: Env): boolean {
  return e.NODE_ENV === 'production' && !e.MicrosoftAppId;
}

function slackSlice(e: Env): SlackConfig | undefined {
  if (!e.SLACK_SIGNING_SECRET) return undefined;
  return {
    signingSecret: e.SLACK_SIGNING_SECRET,
    botToken: e.SLACK_BOT_TOKEN,
    appToken: e.SLACK_APP_TOKEN,
    apiUrl: e.SLACK_API_URL ?? 'https://slack.com/api/',
    oauth:
      e.SLACK_CLIENT_ID && e.SLACK_CLIENT_SECRET && e.SLACK_STATE_SECRET
        ? { clientId: e.SLACK_CLIENT_ID, clientSecret: e.SLACK_CLIENT_SECRET, stateSecret: e.SLACK_STATE_SECRET }
        : undefined,
  };
}
