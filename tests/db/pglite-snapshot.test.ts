import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createDb } from '../../src/db/client.js';
import { snapshotKey, unpackSnapshot } from '../../src/db/snapshot.js';

const root = await mkdtemp(join(tmpdir(), 'hallway-snapshot-'));
afterAll(() => rm(root, { recursive: true, force: true }));

/** One ustar header block for a plain file, as PGlite's dumpDataDir writes them. */
function tarEntry(name: string, body: string): Buffer {
  const header = Buffer.alloc(512);
  header.write(name, 0, 'latin1');
  header.write('0000600\0', 100, 'latin1');
  header.write(`${body.length.toString(8).padStart(11, '0')}\0`, 124, 'latin1');
  header.write('0', 156, 'latin1');
  const padded = Buffer.alloc(Math.ceil(body.length / 512) * 512);
  padded.write(body, 'latin1');
  return Buffer.concat([header, padded]);
}

describe('a fresh PGlite folder starts from the migrated snapshot', () => {
  // The snapshot is PGlite's; with DATABASE_URL the run prepares none.
  const context = inject('hallwayTestDb');
  it.runIf(context.driver === 'pglite')('unpacks a snapshot onto disk that PGlite then opens as a migrated database', async () => {
    if (context.driver !== 'pglite') throw new Error('unreachable');
    const dataDir = join(root, 'fresh');
    await unpackSnapshot(new Blob([await readFile(context.snapshotPath)]), dataDir);
    const db = await createDb({ dataDir });
    try {
      const rows = await db.db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
      const n = (Array.isArray(rows) ? rows : (rows as unknown as { rows: Array<{ n: number }> }).rows)[0] as { n: number };
      expect(n.n).toBeGreaterThan(0);
    } finally {
      await db.close();
    }
  });

  it('refuses an entry that would land outside the data folder', async () => {
    const evil = new Blob([gzipSync(Buffer.concat([tarEntry('../escaped', 'x'), Buffer.alloc(1024)]))]);
    await expect(unpackSnapshot(evil, join(root, 'evil'))).rejects.toThrow('snapshot entry outside the data folder: ../escaped');
  });

  it('keys a snapshot by the migrations: another set of migrations, another key', async () => {
    const here = await snapshotKey();
    expect(here).toMatch(/^[0-9a-f]{16}$/);
    expect(await snapshotKey(join(import.meta.dirname, '..', '..', 'migrations', 'meta'))).not.toBe(here);
  });
});
