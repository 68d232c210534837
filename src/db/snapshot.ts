import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDb } from './client.js';
import { defaultMigrationsFolder, migrateDb } from './migrate.js';

/*
 * A fresh PGlite data folder costs initdb (~2–4 s of WebAssembly) plus every
 * migration. scripts/build.mjs instead makes, once per schema, a tarball of a
 * freshly migrated database (PGlite.dumpDataDir); a fresh folder is loaded
 * from it (~0.5 s). The key ties it to the migrations and the PGlite version:
 * a snapshot made for other ones is ignored, never half-applied.
 */

/** A hash of the PGlite version and every file under migrations/. */
export async function snapshotKey(migrationsFolder = defaultMigrationsFolder): Promise<string> {
  const hash = createHash('sha256');
  const pgliteEntry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  hash.update(await readFile(join(dirname(pgliteEntry), '..', 'package.json')));
  const entries = await readdir(migrationsFolder, { withFileTypes: true, recursive: true });
  const files = entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .sort();
  for (const file of files) {
    hash.update(relative(migrationsFolder, file));
    hash.update(await readFile(file));
  }
  return hash.digest('hex').slice(0, 16);
}

/** Where a snapshot with this key lives in `folder`. */
export function snapshotPath(folder: string, key: string): string {
  return join(folder, `pglite-${key}.tar.gz`);
}

/**
 * Writes the migrated snapshot for the current migrations into `folder`
 * (unless it is there already) and removes older ones. Returns its path.
 */
export async function writeSnapshot(folder: string, migrationsFolder = defaultMigrationsFolder): Promise<string> {
  const key = await snapshotKey(migrationsFolder);
  const path = snapshotPath(folder, key);
  if (await readFile(path).then(() => true, () => false)) return path;
  const handle = await createDb({ dataDir: 'memory://' });
  try {
    await migrateDb(handle, migrationsFolder);
    if (handle.driver !== 'pglite') throw new Error('expected PGlite');
    // gzip: ~4.5 MB instead of ~40 MB, and no slower to load.
    const dump = await handle.client.dumpDataDir('gzip');
    for (const old of await readdir(folder)) {
      if (old.startsWith('pglite-') && old.endsWith('.tar.gz')) await rm(join(folder, old), { force: true });
    }
    // Rename is atomic: a concurrent reader sees the whole file or none.
    const partial = `${path}.${process.pid}.partial`;
    await writeFile(partial, Buffer.from(await dump.arrayBuffer()));
    await rename(partial, path);
  } finally {
    await handle.close();
  }
  return path;
}

/** The snapshot in `folder` made for the current migrations, if there is one. */
export async function readSnapshot(folder: string, migrationsFolder = defaultMigrationsFolder): Promise<Blob | undefined> {
  const key = await snapshotKey(migrationsFolder).catch(() => undefined);
  if (!key) return undefined;
  const bytes = await readFile(snapshotPath(folder, key)).catch(() => undefined);
  return bytes && new Blob([bytes]);
}

/**
 * dist/, where scripts/build.mjs leaves the snapshot: beside this module when
 * bundled there, ../../dist from src/db/ when run from the sources.
 */
export function builtSnapshotFolder(): string | undefined {
  const here = dirname(fileURLToPath(import.meta.url));
  if (basename(here) === 'dist') return here;
  const dist = join(here, '..', '..', 'dist');
  return existsSync(dist) ? dist : undefined;
}

/** The build's snapshot for the current migrations, if there is one. */
export async function builtSnapshot(): Promise<Blob | undefined> {
  const folder = builtSnapshotFolder();
  return folder ? readSnapshot(folder) : undefined;
}
