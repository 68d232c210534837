import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config.js';

function problemsOf(env: Record<string, string>): string[] {
  try {
    parseConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('parseConfig', () => {
  it('starts with nothing configured: PGlite, port 3978, Teams local, no Slack, no AI', () => {
    const config = parseConfig({});
    expect(config.port).toBe(3978);
    expect(config.database).toEqual({ url: undefined, dataDir: './.hallway/data' });
    expect(config.slack).toBeUndefined();
    expect(config.openai).toBeUndefined();
    expect(config.teams).toEqual({ appId: '', appPassword: '', appType: 'MultiTenant', tenantId: '' });
    expect(config.timezone).toBe('UTC');
    expect(config.scheduler).toBe(true);
  });

  it('reads a full Slack and Teams setup into separate slices', () => {
    const config = parseConfig({
      PORT: '8080',
      DATABASE_URL: 'postgres://u@db:5432/hallway',
      SLACK_BOT_TOKEN: 'xoxb-1',
      SLACK_SIGNING_SECRET: 'secret',
      SLACK_API_URL: 'http://127.0.0.1:9999/api/',
      MicrosoftAppId: 'app-id',
      MicrosoftAppPassword: 'pw',
      MicrosoftAppType: 'SingleTenant',
      MicrosoftAppTenantId: 'tenant',
      OPENAI_API_KEY: 'sk-test',
      OPENAI_BASE_URL: 'http://127.0.0.1:1234/v1',
      HALLWAY_TIMEZONE: 'Europe/Berlin',
      HALLWAY_SCHEDULER: 'off',
    });
    expect(config.port).toBe(8080);
    expect(config.slack).toEqual({
      signingSecret: 'secret',
      botToken: 'xoxb-1',
      appToken: undefined,
      apiUrl: 'http://127.0.0.1:9999/api/',
      oauth: undefined,
    });
    expect(config.teams).toEqual({ appId: 'app-id', appPassword: 'pw', appType: 'SingleTenant', tenantId: 'tenant' });
    expect(config.openai).toEqual({ apiKey: 'sk-test', baseURL: 'http://127.0.0.1:1234/v1', model: 'gpt-4o-mini' });
    expect(config.timezone).toBe('Europe/Berlin');
    expect(config.scheduler).toBe(false);
  });

  it('treats empty strings as unset', () => {
    expect(parseConfig({ DATABASE_URL: '', MicrosoftAppId: '  ', PORT: '' }).port).toBe(3978);
  });

  it('reports every problem at once, by variable name', () => {
    const problems = problemsOf({
      PORT: 'eighty',
      DATABASE_URL: 'mysql://x',
      SLACK_BOT_TOKEN: 'xoxp-user-token',
      HALLWAY_TIMEZONE: 'Mars/Olympus',
      HALLWAY_SCHEDULER: 'sometimes',
      OPENAI_BASE_URL: 'not a url',
    });
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual(
      ['DATABASE_URL', 'HALLWAY_SCHEDULER', 'HALLWAY_TIMEZONE', 'OPENAI_BASE_URL', 'PORT', 'SLACK_BOT_TOKEN'].sort(),
    );
    expect(problems).toContain('HALLWAY_TIMEZONE: expected an IANA timezone such as Europe/Berlin');
  });

  it('never echoes a value back', () => {
    const secretish = 'xoxp-9999-very-secret-value';
    const problems = problemsOf({ SLACK_BOT_TOKEN: secretish, DATABASE_URL: 'mysql://user:hunter2@h/db' });
    expect(problems.join('\n')).not.toContain('9999');
    expect(problems.join('\n')).not.toContain('hunter2');
  });

  it('reports missing companions of a partial setup', () => {
    expect(problemsOf({ SLACK_BOT_TOKEN: 'xoxb-1' })).toEqual([
      'SLACK_SIGNING_SECRET: required when Slack is configured (Basic Information → Signing Secret)',
    ]);
    expect(problemsOf({ SLACK_SIGNING_SECRET: 's', SLACK_CLIENT_ID: 'id' }).map((p) => p.split(':')[0])).toEqual([
      'SLACK_CLIENT_SECRET',
      'SLACK_STATE_SECRET',
      'HALLWAY_ENCRYPTION_KEY',
    ]);
    expect(problemsOf({ MicrosoftAppId: 'id' })).toEqual(['MicrosoftAppPassword: required with MicrosoftAppId']);
    expect(problemsOf({ MicrosoftAppId: 'id', MicrosoftAppPassword: 'pw', MicrosoftAppType: 'SingleTenant' })).toEqual([
      'MicrosoftAppTenantId: required when MicrosoftAppType is SingleTenant',
    ]);
    expect(problemsOf({ OPENAI_BASE_URL: 'http://127.0.0.1:1/v1' })[0]).toMatch(/^OPENAI_API_KEY:/);
  });

  it('listens on every address unless HOST names one', () => {
    expect(parseConfig({}).host).toBeUndefined();
    expect(parseConfig({ HOST: '127.0.0.1' }).host).toBe('127.0.0.1');
    expect(parseConfig({ HOST: '::1' }).host).toBe('::1');
    expect(parseConfig({ HOST: 'hallway.internal' }).host).toBe('hallway.internal');
    expect(problemsOf({ HOST: 'http://0.0.0.0:3978' })).toEqual(['HOST: expected an address to listen on, such as 0.0.0.0, 127.0.0.1 or ::']);
  });

  describe('NODE_ENV=production', () => {
    it('refuses to start Teams unauthenticated, in one line naming MicrosoftAppId', () => {
      expect(problemsOf({ NODE_ENV: 'production' })).toEqual([
        'MicrosoftAppId: required when NODE_ENV=production, since without it /api/messages has no authentication (local mode is for development)',
      ]);
    });

    it('starts with Bot Framework credentials', () => {
      const config = parseConfig({ NODE_ENV: 'production', MicrosoftAppId: 'app-id', MicrosoftAppPassword: 'pw' });
      expect(config.teams).toEqual({ appId: 'app-id', appPassword: 'pw', appType: 'MultiTenant', tenantId: '' });
    });

    it('serves a Slack-only deployment with Teams switched off rather than open', () => {
      const config = parseConfig({ NODE_ENV: 'production', SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' });
      expect(config.teams).toEqual({ appId: '', appPassword: '', appType: 'MultiTenant', tenantId: '', off: true });
    });

    it('leaves local mode on in development', () => {
      expect(parseConfig({ NODE_ENV: 'development' }).teams.off).toBeUndefined();
    });
  });
});
