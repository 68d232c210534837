import { Command } from 'commander';
import { pino } from 'pino';
import { ConfigError, parseConfig } from './config.js';
import { createDb } from './db/client.js';
import { migrateDb } from './db/migrate.js';
import type { CliContext } from './features/feature.js';
import { forgetCommand } from './features/stakeholders/forget.command.js';
import { importCommand } from './features/stakeholders/import.command.js';
import { seedDemoCommand } from './features/notes/seed-demo.command.js';
import { compose } from './main.js';
import { orgForCli } from './features/orgs/org.store.js';
import { runDueCommand } from './scheduler/run-due.command.js';

type Env = Record<string, string | undefined>;
const out = (line: string) => console.log(line);

/** Composes the app (database migrated, chat ports, queue) for one command, then closes it. */
async function withApp(env: Env, org: string | undefined, fn: (ctx: CliContext) => Promise<void>): Promise<void> {
  const config = parseConfig(env);
  const app = await compose(config, { log: pino({ level: env.LOG_LEVEL ?? 'warn' }) });
  try {
    await fn({
      db: app.db.db,
      org: () => orgForCli(app.db.db, org),
      queue: app.queue,
      clock: app.clock,
      timezone: config.timezone,
      out,
      isTTY: Boolean(process.stdout.isTTY),
    });
  } finally {
    await app.close();
  }
}

export function buildCli(env: Env): Command {
  const program = new Command('hallway')
    .description('Hallway operator commands')
    .option('--org <id>', 'the organisation, by one of its Slack team ids or Teams tenant ids (needed only when there are several)')
    .exitOverride();
  const org = () => program.opts<{ org?: string }>().org;

  program
    .command('migrate')
    .description('apply migrations and exit')
    .action(async () => {
      const config = parseConfig(env);
      const db = await createDb({ databaseUrl: config.database.url, dataDir: config.database.dataDir });
      try {
        await migrateDb(db);
        out(`migrations applied (${db.driver})`);
      } finally {
        await db.close();
      }
    });

  program
    .command('run-due')
    .description('plan and send everything due at that instant, then exit')
    .option('--at <ISO>', 'the instant to run at (default: now)')
    .action((opts: { at?: string }) => withApp(env, org(), (ctx) => runDueCommand(ctx, opts)));

  program
    .command('import')
    .description('upsert accounts and people from a roster CSV; report the stakeholder changes found')
    .argument('<file.csv>')
    .action((file: string) => withApp(env, org(), (ctx) => importCommand(ctx, file)));

  program
    .command('forget')
    .description('erase a person (notes keep their text with the name removed)')
    .argument('<name>')
    .action((name: string) => withApp(env, org(), (ctx) => forgetCommand(ctx, name)));

  program
    .command('seed-demo')
    .description('a small demo book of customers, for trying it out')
    .action(() => withApp(env, org(), seedDemoCommand));

  return program;
}

export async function runCli(argv: string[], env: Env): Promise<number> {
  try {
    await buildCli(env).parseAsync(argv, { from: 'user' });
    return 0;
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'commander.helpDisplayed' || code === 'commander.version' || code === 'commander.help') return 0;
    if (code?.startsWith('commander.')) return 1; // commander already printed its one line
    const message = err instanceof ConfigError ? err.problems.join('; ') : err instanceof Error ? err.message : String(err);
    console.error(`hallway: ${message}`);
    return 1;
  }
}

process.exitCode = await runCli(process.argv.slice(2), process.env);
