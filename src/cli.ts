import { Command } from 'commander';
import { ConfigError, parseConfig, type Config } from './config.js';
import { createDb, type DbHandle } from './db/client.js';
import { migrateDb } from './db/migrate.js';

/** Operator commands. Exit 0 on success; 1 with one clear line on failure. */
export function buildCli(env: Record<string, string | undefined>, out: (line: string) => void): Command {
  const program = new Command('hallway').description('Hallway operator commands').exitOverride();

  program
    .command('migrate')
    .description('apply migrations and exit')
    .action(async () => {
      await withDb(env, async (db) => {
        await migrateDb(db);
        out(`migrations applied (${db.driver})`);
      });
    });

  return program;
}

async function withDb<T>(env: Record<string, string | undefined>, fn: (db: DbHandle, config: Config) => Promise<T>): Promise<T> {
  const config = parseConfig(env);
  const db = await createDb({ databaseUrl: config.database.url, dataDir: config.database.dataDir });
  try {
    return await fn(db, config);
  } finally {
    await db.close();
  }
}

export async function runCli(argv: string[], env: Record<string, string | undefined>): Promise<number> {
  const program = buildCli(env, (line) => console.log(line));
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'commander.helpDisplayed' || code === 'commander.version') return 0;
    if (code?.startsWith('commander.')) return 1; // commander already printed its one line
    const message = err instanceof ConfigError ? err.problems.join('; ') : err instanceof Error ? err.message : String(err);
    console.error(`hallway: ${message}`);
    return 1;
  }
}

process.exitCode = await runCli(process.argv.slice(2), process.env);
