import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { count } from 'drizzle-orm';
import type { Config } from './config.js';
import type { Database, DbHandle } from './db/client.js';
import { accounts } from './db/schema.js';

/**
 * The local chat client `npm start` opens when no platform is configured:
 * Microsoft's Agents Playground, a devDependency. It is a child process owned
 * by the start path: `close()` ends it, and so does this process exiting.
 */
export interface Playground {
  url: string;
  close(): Promise<void>;
}

export interface PlaygroundOptions {
  /** The bot's Bot Framework endpoint, e.g. http://127.0.0.1:3978/api/messages. */
  botEndpoint: string;
  /** Where the playground writes its log (it would otherwise make ./devTools/). */
  logFile: string;
  env: Record<string, string | undefined>;
  platform?: NodeJS.Platform;
  /** Resolves the playground's package.json; throws when it is not installed. */
  resolvePackage?: () => string;
}

const require = createRequire(import.meta.url);
const defaultResolve = () => require.resolve('@microsoft/m365agentsplayground/package.json');

/** Undefined when the package is absent (a production install with `npm ci --omit=dev`). */
export function playgroundCli(resolvePackage: () => string = defaultResolve): string | undefined {
  try {
    return join(dirname(resolvePackage()), 'cli.js');
  } catch {
    return undefined;
  }
}

export const NOT_INSTALLED =
  'The Agents Playground (a devDependency) is not installed, so no local chat client was started: run `npm install`, or set HALLWAY_PLAYGROUND=off.';

/**
 * Starts the playground and resolves with its URL once it listens. Its own
 * port rule applies: 56150 (or TEAMSAPPTESTER_PORT), any free port if taken.
 */
export async function startPlayground(opts: PlaygroundOptions): Promise<Playground | undefined> {
  const cli = playgroundCli(opts.resolvePackage);
  if (!cli) return undefined;
  const child = spawn(process.execPath, [cli, '-e', opts.botEndpoint, '-c', 'msteams', '--dt'], {
    env: { ...opts.env, TEAMSAPPTESTER_BROWSER: browserSetting(opts.env, opts.platform ?? process.platform), M365_AGENTS_PLAYGROUND_LOGFILE: opts.env.M365_AGENTS_PLAYGROUND_LOGFILE ?? opts.logFile },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Backstop for an exit that skips close() (an uncaught error): never leave the child behind.
  const orphanGuard = () => child.kill('SIGTERM');
  process.once('exit', orphanGuard);

  const port = await new Promise<number>((resolvePort, reject) => {
    let output = '';
    const onData = (d: Buffer) => {
      output += d.toString();
      const match = /Listening on (\d+)/.exec(output);
      if (match) resolvePort(Number(match[1]));
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the Agents Playground stopped (exit ${code}): ${lastLine(output)}`)));
  }).catch((err: unknown) => {
    process.removeListener('exit', orphanGuard);
    throw err;
  });
  // Its later chatter (telemetry notices, request logs) would bury our own output.
  child.stdout?.removeAllListeners('data').resume();
  child.stderr?.removeAllListeners('data').resume();

  return {
    url: `http://localhost:${port}`,
    close: () => stopChild(child, orphanGuard),
  };
}

/** Opening a browser is the playground's default; where there is none (no display), it would only print errors. */
export function browserSetting(env: Record<string, string | undefined>, platform: NodeJS.Platform): string | undefined {
  if (env.TEAMSAPPTESTER_BROWSER) return env.TEAMSAPPTESTER_BROWSER;
  const headless = platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY;
  return headless || env.CI ? 'none' : undefined;
}

async function stopChild(child: ChildProcess, orphanGuard: () => void): Promise<void> {
  process.removeListener('exit', orphanGuard);
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  child.kill('SIGTERM');
  await exited;
}

function lastLine(output: string): string {
  return output.trim().split('\n').at(-1) ?? '';
}

/** The playground's log beside the data folder (`.hallway/playground.log` by default). */
export function playgroundLogFile(dataDir: string): string {
  return join(dirname(resolve(dataDir)), 'playground.log');
}

/**
 * What `npm start` prints once it listens. Operator output, not a user
 * query: the one place that looks across organisations, and only to ask
 * whether there is any account at all.
 */
export async function startBanner(db: Database, opts: { url: string; playground?: string; playgroundMissing?: boolean }): Promise<string[]> {
  const lines = [`Hallway is running on ${opts.url}`];
  if (opts.playground) lines.push(`Chat with it in the Agents Playground: ${opts.playground}  (try: hallway help)`);
  if (opts.playgroundMissing) lines.push(NOT_INSTALLED);
  const [row] = await db.select({ n: count() }).from(accounts);
  if (!row || row.n === 0) {
    lines.push('The database is empty. For a demo book of customers: stop Hallway (Ctrl-C), run `npx hallway seed-demo`, then `npm start` again.');
  }
  return lines;
}

/**
 * `npm start`'s last step: the playground when wanted, then the banner.
 * Resolves with what stopping must also stop.
 */
export async function startLocalClient(
  config: Pick<Config, 'playground' | 'database'>,
  hallway: { url: string; db: DbHandle },
  out: (line: string) => void,
  env: Record<string, string | undefined> = process.env,
): Promise<{ close(): Promise<void> }> {
  let playground: Playground | undefined;
  let failed: string | undefined;
  if (config.playground) {
    // The bot is useful without its local client: a playground that cannot start is a note, not a crash.
    playground = await startPlayground({ botEndpoint: `${hallway.url}/api/messages`, logFile: playgroundLogFile(config.database.dataDir), env }).catch(
      (err: unknown) => {
        failed = err instanceof Error ? err.message : String(err);
        return undefined;
      },
    );
  }
  const lines = await startBanner(hallway.db.db, { url: hallway.url, playground: playground?.url, playgroundMissing: config.playground && !playground && !failed });
  if (failed) lines.push(`${failed} (HALLWAY_PLAYGROUND=off skips it)`);
  for (const line of lines) out(line);
  return { close: async () => playground?.close() };
}
