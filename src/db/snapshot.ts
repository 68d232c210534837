import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
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

/**
 * Unpacks a snapshot (PGlite's gzipped ustar of the data folder: folders and
 * plain files only) into an empty data folder, so PGlite then opens it as an
 * existing database. Cheaper than PGlite's loadDataDir, which unpacks into
 * its in-memory file system first: measured ~100 MB less RSS and ~2 s less
 * on a fresh folder (bench/startup.ts). Throws on anything it does not know.
 */
export async function unpackSnapshot(snapshot: Blob, dataDir: string): Promise<void> {
  const tar = gunzipSync(Buffer.from(await snapshot.arrayBuffer()));
  const root = resolve(dataDir);
  const text = (from: number, length: number) => tar.subarray(from, from + length).toString('latin1').replace(/\0.*$/s, '');
  for (let at = 0; at + 512 <= tar.length; ) {
    const name = text(at, 100);
    if (!name) break; // the two zero blocks at the end
    const prefix = text(at + 345, 155);
    const path = resolve(root, `.${prefix ? `/${prefix}` : ''}/${name}`.replace(/^\.\/+/, './'));
    if (path !== root && !path.startsWith(`${root}/`)) throw new Error(`snapshot entry outside the data folder: ${name}`);
    const size = parseInt(text(at + 124, 12).trim() || '0', 8);
    const mode = parseInt(text(at + 100, 8).trim() || '600', 8);
    const type = text(at + 156, 1) || '0';
    const body = at + 512;
    if (type === '5') await mkdir(path, { recursive: true, mode: mode || 0o700 });
    else if (type === '0') {
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, tar.subarray(body, body + size), { mode: mode || 0o600 });
    } else throw new Error(`snapshot entry of an unexpected type ${JSON.stringify(type)}: ${name}`);
    at = body + Math.ceil(size / 512) * 512;
  }
}
