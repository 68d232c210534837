/**
 * One server under test for bench/ack.ts, in a process of its own so that its
 * CPU is its own: `bare` (Bolt that only acks), `insert` (Bolt doing one
 * INSERT per command: the floor for saving a note), `hallway` (the bot).
 *
 *   npx tsx bench/ack.server.ts <bare|insert|hallway> <port> <databaseUrl|pglite> <slackApiUrl> [profileDir]
 *
 * Prints one JSON line `{"ready":true}` when listening. A line `measure` on
 * stdin (sent after the warm-up) starts the count: on SIGTERM it prints
 * `{"cpuMs":…,"rssMb":…}` (CPU since `measure`, else since ready) and exits.
 * With a profileDir, a V8 CPU profile of the same span is written there first.
 */
import { writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import bolt from '@slack/bolt';
import { pino } from 'pino';
import postgres from 'postgres';
import { parseConfig } from '../src/config.js';
import { createDb } from '../src/db/client.js';
import { migrateDb } from '../src/db/migrate.js';
import { startHallway } from '../src/main.js';
import { SIGNING_SECRET } from '../tests/support/slack.js';

const [mode, portArg, database, slackApiUrl, profileDir] = process.argv.slice(2);
const port = Number(portArg);

async function startBolt(onCommand: (text: string) => Promise<void>): Promise<() => Promise<void>> {
  const receiver = new bolt.ExpressReceiver({ signingSecret: SIGNING_SECRET });
  const app = new bolt.App({ receiver, token: 'xoxb-bench', tokenVerificationEnabled: false, clientOptions: { slackApiUrl } });
  app.command('/callnote', async ({ command, ack }) => {
    await onCommand(command.text);
    await ack({ response_type: 'ephemeral', text: 'Saved' });
  });
  const server = await new Promise<Server>((resolve) => {
    const s = receiver.app.listen(port, () => resolve(s));
  });
  return () => new Promise((resolve) => server.close(() => resolve()));
}

async function start(): Promise<() => Promise<void>> {
  if (mode === 'bare') return startBolt(async () => {});
  if (mode === 'insert') {
    const sql = postgres(database!, { onnotice: () => {} });
    await sql`create table if not exists bench_ack (id bigserial primary key, text text not null, at timestamptz not null default now())`;
    const stop = await startBolt(async (text) => {
      await sql`insert into bench_ack (text) values (${text})`;
    });
    return async () => {
      await stop();
      await sql.end({ timeout: 5 });
    };
  }
  const usePglite = database === 'pglite';
  const db = await createDb(usePglite ? { dataDir: 'memory://' } : { databaseUrl: database!, dataDir: '' });
  await migrateDb(db);
  const config = {
    ...parseConfig({ HALLWAY_SCHEDULER: 'off', SLACK_BOT_TOKEN: 'xoxb-bench', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: slackApiUrl }),
    port,
  };
  const hallway = await startHallway(config, { db, log: pino({ level: 'warn' }) });
  return async () => {
    await hallway.close();
    await db.close();
  };
}

const stop = await start();
const profiler = profileDir ? new Session() : undefined;
if (profiler) {
  profiler.connect();
  await profiler.post('Profiler.enable');
}
let cpuFrom = process.cpuUsage();
console.log(JSON.stringify({ ready: true }));

// "measure" on stdin (after the warm-up): CPU, and the profile, count from now.
createInterface({ input: process.stdin }).on('line', async (line) => {
  if (line.trim() !== 'measure') return;
  cpuFrom = process.cpuUsage();
  await profiler?.post('Profiler.start');
  console.log(JSON.stringify({ measuring: true }));
});

process.once('SIGTERM', async () => {
  const cpu = process.cpuUsage(cpuFrom);
  const rssMb = process.memoryUsage().rss / 1e6;
  if (profiler) {
    const { profile } = await profiler.post('Profiler.stop');
    await writeFile(join(profileDir!, `${mode}.${process.pid}.cpuprofile`), JSON.stringify(profile));
  }
  console.log(JSON.stringify({ cpuMs: (cpu.user + cpu.system) / 1000, rssMb }));
  await stop().catch(() => {});
  process.exit(0);
});
