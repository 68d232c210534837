import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SLACK_MANIFEST_SCOPES } from '../../../adapters/slack/slack.doctor.js';
import { createDb } from '../../../src/db/client.js';
import { migrateDb } from '../../../src/db/migrate.js';
import type { DoctorProbes, ProbeResult } from '../../../src/features/doctor/doctor.checks.js';
import { doctorCommand } from '../../../src/features/doctor/doctor.cli.js';
import { doctorProbes } from '../../../src/main.js';
import { startFakeOpenAi } from '../../support/fake-openai.js';
import { startRecordingServer } from '../../support/recording-server.js';
import { SIGNING_SECRET, startFakeSlackApi } from '../../support/slack.js';
import { openTestDb } from '../../support/test-db.js';

/*
 * The real Slack and OpenAI checks against the fake Web API and OpenAI
 * servers. Entra ID (Bot Framework tokens) cannot be faked over plain HTTP,
 * since MSAL insists on an https authority, so that one probe is swapped.
 */
let dir: string;
let dataDir: string;
let slack: Awaited<ReturnType<typeof startFakeSlackApi>>;
let narrowSlack: Awaited<ReturnType<typeof startFakeSlackApi>>;
let openai: Awaited<ReturnType<typeof startFakeOpenAi>>;
let site: Awaited<ReturnType<typeof startRecordingServer>>;
let closedPort: number;

/** The migrations this checkout ships, read from the journal so a new migration needs no edit here. */
const shipped = (JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', '..', 'migrations', 'meta', '_journal.json'), 'utf8')) as { entries: Array<{ tag: string }> }).entries.map((e) => e.tag);

const tokenOk = async (): Promise<ProbeResult> => ({ ok: true });
const tokenRefused = async (): Promise<ProbeResult> => ({ ok: false, error: 'AADSTS7000215: Invalid client secret provided.' });
const probes = (botFrameworkToken: DoctorProbes['botFrameworkToken']): DoctorProbes => ({ ...doctorProbes, botFrameworkToken });

async function doctor(env: Record<string, string>, opts: { url?: string; bot?: DoctorProbes['botFrameworkToken'] } = {}) {
  const lines: string[] = [];
  const status = await doctorCommand(env, { url: opts.url, probes: probes(opts.bot ?? tokenOk), out: (l) => lines.push(l), timeoutMs: 5000 });
  return { status, lines };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hallway-doctor-'));
  dataDir = join(dir, 'data');
  const db = await createDb({ dataDir });
  await migrateDb(db);
  await db.close();
  slack = await startFakeSlackApi({}, { scopes: [...SLACK_MANIFEST_SCOPES] });
  narrowSlack = await startFakeSlackApi({}, { scopes: ['commands', 'chat:write', 'users:read'] });
  openai = await startFakeOpenAi();
  site = await startRecordingServer((req) => (req.path === '/healthz' ? { body: { ok: true } } : { status: 404, body: {} }));
  closedPort = await new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
});

afterAll(async () => {
  await Promise.all([slack?.close(), narrowSlack?.close(), openai?.close(), site?.close()]);
  await rm(dir, { recursive: true, force: true });
});

const teams = { MicrosoftAppId: '5f2a0000-0000-4000-8000-00000000b07', MicrosoftAppPassword: 'secret', MicrosoftAppType: 'SingleTenant', MicrosoftAppTenantId: 'contoso-tenant' };

describe('npx hallway doctor', () => {
  it('a good configuration: one ✓ line per check, exit 0', async () => {
    const { status, lines } = await doctor(
      {
        HALLWAY_DATA_DIR: dataDir,
        SLACK_BOT_TOKEN: 'xoxb-good',
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: `${slack.url}/api/`,
        ...teams,
        OPENAI_API_KEY: 'sk-test',
        OPENAI_BASE_URL: openai.baseURL,
        HALLWAY_PUBLIC_URL: site.url,
      },
    );
    expect(lines).toEqual([
      `✓ configuration: valid (database: embedded PGlite in ${dataDir}; Slack: one workspace over HTTP; Teams: SingleTenant bot; AI: gpt-4o-mini)`,
      `✓ database: embedded PGlite in ${dataDir} is reachable and migrated (${shipped.length} of ${shipped.length})`,
      '✓ Slack: auth.test: token valid for Hallway Test, with all 13 scopes of the manifest',
      '✓ Bot Framework: got a token for app 5f2a0000-0000-4000-8000-00000000b07 (SingleTenant)',
      `✓ OpenAI: ${openai.baseURL} answers and offers gpt-4o-mini`,
      `✓ public URL: ${site.url}/healthz answers 200`,
    ]);
    expect(status).toBe(0);
    expect(slack.calls('auth.test')[0]?.headers.authorization).toBe('Bearer xoxb-good');
  });

  it('a broken one: each failure says what is wrong and how to fix it, exit 1', async () => {
    openai.setModels(['llama-3.1-8b']);
    const { status, lines } = await doctor(
      {
        DATABASE_URL: `postgres://postgres@127.0.0.1:${closedPort}/hallway`,
        SLACK_BOT_TOKEN: 'xoxb-revoked',
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: `${narrowSlack.url}/api/`,
        ...teams,
        OPENAI_API_KEY: 'sk-test',
        OPENAI_BASE_URL: openai.baseURL,
      },
      { url: `http://127.0.0.1:${closedPort}`, bot: tokenRefused },
    );
    openai.setModels(['gpt-4o-mini']);
    expect(lines).toEqual([
      '✓ configuration: valid (database: Postgres (DATABASE_URL); Slack: one workspace over HTTP; Teams: SingleTenant bot; AI: gpt-4o-mini)',
      '✗ database: cannot reach Postgres (ECONNREFUSED) — check DATABASE_URL, and that Postgres is running and accepts connections from here',
      '✗ Slack: the token for Hallway Test lacks 10 scopes the manifest asks for: chat:write.public, im:write, im:history, channels:history, groups:history, channels:read, groups:read, reactions:read, users:read.email, files:write — add them under OAuth & Permissions (or update the app from manifest/slack.yaml) and reinstall the app',
      '✗ Bot Framework: could not get a token for app 5f2a0000-0000-4000-8000-00000000b07 (AADSTS7000215: Invalid client secret provided.) — check MicrosoftAppId, MicrosoftAppPassword (a current client secret) and MicrosoftAppTenantId against the Azure Bot registration',
      `✗ OpenAI: ${openai.baseURL} answers, but does not offer the model gpt-4o-mini — set OPENAI_MODEL to one it offers (llama-3.1-8b)`,
      `✗ public URL: http://127.0.0.1:${closedPort}/healthz is unreachable (ECONNREFUSED) — check DNS, TLS and that your proxy or tunnel forwards to Hallway's PORT`,
    ]);
    expect(status).toBe(1);
  });

  it('a wrong Slack token, a refused OpenAI key, a missing migration, Socket Mode refused', async () => {
    const refusing = await startFakeSlackApi({
      'auth.test': () => ({ ok: false, error: 'invalid_auth' }),
      'apps.connections.open': () => ({ ok: false, error: 'invalid_auth' }),
    });
    openai.set({ kind: 'status', status: 401, body: { error: { message: 'bad key', type: 'invalid_request_error' } } });
    const behind = join(dir, 'behind');
    // Empty, not from the build's migrated snapshot: this database is one release behind.
    const db = await createDb({ dataDir: behind, snapshot: false });
    await migrateDb(db, await onlyFirstMigration(join(dir, 'migrations-0')));
    await db.close();
    try {
      const { status, lines } = await doctor({
        HALLWAY_DATA_DIR: behind,
        SLACK_BOT_TOKEN: 'xoxb-wrong',
        SLACK_APP_TOKEN: 'xapp-wrong',
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: `${refusing.url}/api/`,
        OPENAI_API_KEY: 'sk-wrong',
        OPENAI_BASE_URL: openai.baseURL,
      });
      expect(lines).toEqual([
        `✓ configuration: valid (database: embedded PGlite in ${behind}; Slack: one workspace, Socket Mode; Teams: local mode; AI: gpt-4o-mini)`,
        `✗ database: embedded PGlite in ${behind} is reachable, but ${shipped.length - 1} migrations not applied (${shipped.slice(1).join(', ')}) — run \`npx hallway migrate\` (npm start also applies them)`,
        '✗ Slack: auth.test refused SLACK_BOT_TOKEN (invalid_auth) — copy the Bot User OAuth Token (xoxb-…) from OAuth & Permissions into SLACK_BOT_TOKEN; reinstall the app if it was removed',
        '✗ Slack Socket Mode: apps.connections.open refused SLACK_APP_TOKEN (invalid_auth) — make an app-level token with connections:write under Basic Information, and turn Socket Mode on',
        '– Bot Framework: local mode (no MicrosoftAppId): no token needed',
        `✗ OpenAI: ${openai.baseURL} refused OPENAI_API_KEY (401) — set OPENAI_API_KEY to a valid key for that server`,
        '– public URL: not checked (HALLWAY_PUBLIC_URL or doctor --url https://your.address checks that Slack and Teams can reach Hallway)',
      ]);
      expect(status).toBe(1);
    } finally {
      openai.set({ kind: 'text', content: '' });
      await refusing.close();
    }
  });

  it.runIf(Boolean(process.env.DATABASE_URL))('on Postgres: reachable and migrated', async () => {
    const handle = await openTestDb();
    if (handle.driver !== 'postgres') throw new Error('expected Postgres');
    try {
      const { lines } = await doctor({ DATABASE_URL: handle.databaseUrl });
      expect(lines[1]).toBe(`✓ database: Postgres is reachable and migrated (${shipped.length} of ${shipped.length})`);
    } finally {
      await handle.close();
    }
  });

  it('the real Bot Framework probe: made-up credentials fail in one line, whether or not Entra ID is reachable from here', async () => {
    const lines: string[] = [];
    const status = await doctorCommand({ HALLWAY_DATA_DIR: join(dir, 'none'), ...teams }, { probes: doctorProbes, out: (l) => lines.push(l), timeoutMs: 5000 });
    expect(status).toBe(1);
    const line = lines.find((l) => l.includes('Bot Framework'))!;
    expect(line).toMatch(/^✗ Bot Framework: could not get a token for app 5f2a0000-0000-4000-8000-00000000b07 \([^\n]+\) — check MicrosoftAppId, MicrosoftAppPassword/);
  }, 60_000);

  it('an invalid configuration: one line naming the variables, exit 1, nothing else tried', async () => {
    const { status, lines } = await doctor({ SLACK_BOT_TOKEN: 'xoxp-user', DATABASE_URL: 'mysql://x' });
    expect(lines).toEqual([
      '✗ configuration: DATABASE_URL: expected a postgres:// or postgresql:// URL; SLACK_BOT_TOKEN: expected a bot token starting with xoxb- — fix these variables, then run doctor again',
    ]);
    expect(status).toBe(1);
  });
});

/** A copy of migrations/ whose journal stops after the first migration: a database one release behind. */
async function onlyFirstMigration(target: string): Promise<string> {
  const { cp, readFile, writeFile } = await import('node:fs/promises');
  const source = join(import.meta.dirname, '..', '..', '..', 'migrations');
  await cp(source, target, { recursive: true });
  const journalPath = join(target, 'meta', '_journal.json');
  const journal = JSON.parse(await readFile(journalPath, 'utf8')) as { entries: unknown[] };
  journal.entries = journal.entries.slice(0, 1);
  await writeFile(journalPath, JSON.stringify(journal));
  return target;
}
