import { pino } from 'pino';
import { parseConfig } from '../../src/config.js';
import type { Clock } from '../../src/domain/clock.js';
import { startHallway } from '../../src/main.js';
import type { DbHandle } from '../../src/db/client.js';
import { openTestDb } from './test-db.js';

/** The whole app, composed by main.ts, on an ephemeral port and this file's test database (or `db`). */
export async function startTestApp(env: Record<string, string>, clock?: Clock, db?: DbHandle) {
  const config = { ...parseConfig({ HALLWAY_SCHEDULER: 'off', ...env }), port: 0 };
  db ??= await openTestDb();
  return startHallway(config, { db, clock, log: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }) });
}
