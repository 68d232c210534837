import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createDb } from '../../src/db/client.js';

const root = await mkdtemp(join(tmpdir(), 'hallway-lock-'));
afterAll(() => rm(root, { recursive: true, force: true }));

describe('a PGlite data folder belongs to one process', () => {
  it('refuses a folder another live process holds, naming it', async () => {
    const dataDir = join(root, 'held');
    // Our parent process is alive and is not us.
    await writeFile(`${dataDir}.lock`, String(process.ppid));
    await expect(createDb({ dataDir })).rejects.toThrow(`the data folder ${dataDir} is in use by process ${process.ppid}`);
  });

  it('takes over a lock left by a process that is gone, and releases it on close', async () => {
    const dataDir = join(root, 'stale');
    const gone = spawnSync(process.execPath, ['-e', 'process.exit(0)']).pid;
    await writeFile(`${dataDir}.lock`, String(gone));
    const db = await createDb({ dataDir });
    await db.ping();
    await db.close();
    expect(existsSync(`${dataDir}.lock`)).toBe(false);
  });
});
