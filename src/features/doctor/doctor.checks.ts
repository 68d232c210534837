import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import OpenAI from 'openai';
import type { Config, SlackConfig, TeamsConfig } from '../../config.js';
import { createDb, type DbHandle } from '../../db/client.js';

/** One line of `hallway doctor`: what was checked, what was found, and how to fix it. */
export interface Check {
  name: string;
  status: 'ok' | 'fail' | 'skip';
  detail: string;
  fix?: string;
}

export type ProbeResult = { ok: true } | { ok: false; error: string };
export type SlackAuthResult = { ok: true; team: string; scopes: string[] } | { ok: false; error: string };

/** What only the platform adapters can ask; main.ts hands in the real ones, tests may too. */
export interface DoctorProbes {
  slackAuthTest(config: SlackConfig): Promise<SlackAuthResult>;
  slackSocketModeOpen(config: SlackConfig): Promise<ProbeResult>;
  /** The bot scopes manifest/slack.yaml asks for. */
  slackScopes: readonly string[];
  botFrameworkToken(config: TeamsConfig): Promise<ProbeResult>;
}

export interface DoctorOptions {
  probes: DoctorProbes;
  migrationsFolder: string;
  /** `doctor --url https://…` or HALLWAY_PUBLIC_URL: Hallway's public address, whose /healthz should answer 200. */
  publicUrl?: string;
  timeoutMs?: number;
}

const ok = (name: string, detail: string): Check => ({ name, status: 'ok', detail });
const fail = (name: string, detail: string, fix: string): Check => ({ name, status: 'fail', detail, fix });
const skip = (name: string, detail: string): Check => ({ name, status: 'skip', detail });

export function formatCheck(c: Check): string {
  const mark = c.status === 'ok' ? '✓' : c.status === 'fail' ? '✗' : '–';
  return `${mark} ${c.name}: ${c.detail}${c.fix ? ` — ${c.fix}` : ''}`;
}

export function configurationCheck(config: Config): Check {
  const database = config.database.url ? 'Postgres (DATABASE_URL)' : `embedded PGlite in ${config.database.dataDir}`;
  const slack = !config.slack
    ? 'off'
    : config.slack.oauth
      ? 'OAuth installs'
      : config.slack.appToken
        ? 'one workspace, Socket Mode'
        : 'one workspace over HTTP';
  const teams = config.teams.appId ? `${config.teams.appType} bot` : 'local mode';
  return ok('configuration', `valid (database: ${database}; Slack: ${slack}; Teams: ${teams}; AI: ${config.openai ? config.openai.model : 'off'})`);
}

export async function databaseCheck(config: Config, migrationsFolder: string, timeoutMs: number): Promise<Check> {
  const name = 'database';
  const { url, dataDir } = config.database;
  // Opening a PGlite folder creates it; a doctor only looks.
  if (!url && !dataDir.includes('://') && !existsSync(dataDir)) {
    return ok(name, `embedded PGlite in ${dataDir} is not created yet (npm start creates and migrates it)`);
  }
  let handle: DbHandle | undefined;
  try {
    handle = await withTimeout(createDb({ databaseUrl: url, dataDir }), timeoutMs);
    await withTimeout(handle.ping(), timeoutMs);
  } catch (err) {
    await handle?.close().catch(() => {});
    return url
      ? fail(name, `cannot reach Postgres (${messageOf(err)})`, 'check DATABASE_URL, and that Postgres is running and accepts connections from here')
      : fail(name, `cannot open ${dataDir} (${messageOf(err)})`, 'check HALLWAY_DATA_DIR, or use DATABASE_URL');
  }
  try {
    const known = await journal(migrationsFolder);
    const applied = await appliedMigrations(handle);
    const missing = known.filter((m) => !applied.has(m.when));
    const unknown = [...applied].filter((when) => !known.some((m) => m.when === when));
    const where = url ? 'Postgres' : `embedded PGlite in ${dataDir}`;
    if (unknown.length) {
      return fail(name, `${where} has ${plural(unknown.length, 'migration')} this version of Hallway does not know`, 'run the Hallway version that applied them (or newer)');
    }
    if (missing.length) {
      return fail(
        name,
        `${where} is reachable, but ${plural(missing.length, 'migration')} not applied (${missing.map((m) => m.tag).join(', ')})`,
        'run `npx hallway migrate` (npm start also applies them)',
      );
    }
    return ok(name, `${where} is reachable and migrated (${known.length} of ${known.length})`);
  } finally {
    await handle.close();
  }
}

export async function slackCheck(config: Config, probes: DoctorProbes): Promise<Check> {
  const name = 'Slack';
  if (!config.slack) return skip(name, 'not configured (SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET connect one workspace)');
  if (!config.slack.botToken) return skip(name, 'OAuth installs: each workspace has its own token, checked when it installs');
  const res = await probes.slackAuthTest(config.slack);
  if (!res.ok) {
    const fix =
      res.error === 'invalid_auth' || res.error === 'not_authed' || res.error === 'token_revoked' || res.error === 'account_inactive'
        ? 'copy the Bot User OAuth Token (xoxb-…) from OAuth & Permissions into SLACK_BOT_TOKEN; reinstall the app if it was removed'
        : `check that ${config.slack.apiUrl} is reachable from here (SLACK_API_URL, proxy, firewall)`;
    return fail(name, `auth.test refused SLACK_BOT_TOKEN (${res.error})`, fix);
  }
  const missing = probes.slackScopes.filter((s) => !res.scopes.includes(s));
  if (missing.length) {
    return fail(
      name,
      `the token for ${res.team} lacks ${plural(missing.length, 'scope')} the manifest asks for: ${missing.join(', ')}`,
      'add them under OAuth & Permissions (or update the app from manifest/slack.yaml) and reinstall the app',
    );
  }
  return ok(name, `auth.test: token valid for ${res.team}, with all ${probes.slackScopes.length} scopes of the manifest`);
}

export async function socketModeCheck(config: Config, probes: DoctorProbes): Promise<Check | undefined> {
  if (!config.slack?.appToken) return undefined;
  const res = await probes.slackSocketModeOpen(config.slack);
  if (res.ok) return ok('Slack Socket Mode', 'apps.connections.open accepted SLACK_APP_TOKEN');
  return fail(
    'Slack Socket Mode',
    `apps.connections.open refused SLACK_APP_TOKEN (${res.error})`,
    'make an app-level token with connections:write under Basic Information, and turn Socket Mode on',
  );
}

export async function botFrameworkCheck(config: Config, probes: DoctorProbes): Promise<Check> {
  const name = 'Bot Framework';
  if (!config.teams.appId) return skip(name, 'local mode (no MicrosoftAppId): no token needed');
  const res = await probes.botFrameworkToken(config.teams);
  if (res.ok) return ok(name, `got a token for app ${config.teams.appId} (${config.teams.appType})`);
  return fail(
    name,
    `could not get a token for app ${config.teams.appId} (${res.error})`,
    config.teams.appType === 'SingleTenant'
      ? 'check MicrosoftAppId, MicrosoftAppPassword (a current client secret) and MicrosoftAppTenantId against the Azure Bot registration'
      : 'check MicrosoftAppId, MicrosoftAppPassword and MicrosoftAppType against the Azure Bot registration',
  );
}

export async function openAiCheck(config: Config, timeoutMs: number): Promise<Check> {
  const name = 'OpenAI';
  if (!config.openai) return skip(name, 'not configured: stories use the deterministic template');
  const { apiKey, baseURL, model } = config.openai;
  const where = baseURL ?? 'https://api.openai.com/v1';
  const client = new OpenAI({ apiKey, baseURL, timeout: timeoutMs, maxRetries: 0 });
  try {
    const ids: string[] = [];
    for await (const m of client.models.list()) ids.push(m.id);
    if (!ids.includes(model)) {
      return fail(name, `${where} answers, but does not offer the model ${model}`, `set OPENAI_MODEL to one it offers (${ids.slice(0, 5).join(', ') || 'none listed'})`);
    }
    return ok(name, `${where} answers and offers ${model}`);
  } catch (err) {
    const status = (err as { status?: number }).status;
    if (status === 401 || status === 403) return fail(name, `${where} refused OPENAI_API_KEY (${status})`, 'set OPENAI_API_KEY to a valid key for that server');
    return fail(name, `${where} is unreachable (${messageOf(err)})`, 'check OPENAI_BASE_URL, or unset OPENAI_API_KEY to use the templates');
  }
}

export async function publicUrlCheck(publicUrl: string | undefined, timeoutMs: number): Promise<Check> {
  const name = 'public URL';
  if (!publicUrl) return skip(name, 'not checked (HALLWAY_PUBLIC_URL or doctor --url https://your.address checks that Slack and Teams can reach Hallway)');
  let target: URL;
  try {
    target = new URL('/healthz', publicUrl);
  } catch {
    return fail(name, `"${publicUrl}" is not a URL`, 'give the address as https://your.address');
  }
  try {
    const res = await fetch(target, { signal: AbortSignal.timeout(timeoutMs) });
    if (res.status === 200) return ok(name, `${target.href} answers 200`);
    return fail(name, `${target.href} answers ${res.status}`, 'make the proxy forward to Hallway\'s PORT, and check that the database is up');
  } catch (err) {
    return fail(name, `${target.href} is unreachable (${messageOf(err)})`, 'check DNS, TLS and that your proxy or tunnel forwards to Hallway\'s PORT');
  }
}

/** Every check, in order; the configuration first, since the others need it. */
export async function runChecks(config: Config, opts: DoctorOptions): Promise<Check[]> {
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const checks: Check[] = [configurationCheck(config), await databaseCheck(config, opts.migrationsFolder, timeoutMs), await slackCheck(config, opts.probes)];
  const socket = await socketModeCheck(config, opts.probes);
  if (socket) checks.push(socket);
  checks.push(await botFrameworkCheck(config, opts.probes), await openAiCheck(config, timeoutMs), await publicUrlCheck(opts.publicUrl, timeoutMs));
  return checks;
}

interface JournalEntry {
  tag: string;
  when: number;
}

async function journal(migrationsFolder: string): Promise<JournalEntry[]> {
  const raw = JSON.parse(await readFile(join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as { entries: JournalEntry[] };
  return raw.entries.map((e) => ({ tag: e.tag, when: e.when }));
}

/** drizzle's migrator records each applied migration with its journal timestamp as created_at. */
async function appliedMigrations(handle: DbHandle): Promise<Set<number>> {
  const [table] = await handle.db.select({ t: sql<string | null>`to_regclass('drizzle.__drizzle_migrations')::text` }).from(sql`(select 1) as one`);
  if (!table?.t) return new Set();
  const rows = await handle.db.select({ when: sql<string>`created_at::text` }).from(sql`drizzle.__drizzle_migrations`);
  return new Set(rows.map((r) => Number(r.when)));
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer in ${ms / 1000} s`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

function messageOf(err: unknown): string {
  const e = err as { message?: string; code?: string; cause?: { code?: string; message?: string } };
  // fetch wraps the socket error; its cause names it (ECONNREFUSED, ENOTFOUND…).
  return e.cause?.code ?? e.cause?.message ?? e.code ?? e.message ?? String(err);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
