#!/usr/bin/env node
/**
 * Builds what `npm start` and `bin/hallway.js` run: src/main.ts and src/cli.ts
 * bundled by esbuild into dist/ (ESM, Node, source maps), so a start loads
 * JavaScript instead of transpiling TypeScript.
 *
 *   node scripts/build.mjs            # build
 *   node scripts/build.mjs --if-stale # build only if the sources changed (npm's prestart)
 *
 * Staleness is a hash of the sources' contents (not mtimes, which a checkout
 * or a copy can leave older than the last build), kept in dist/.sources-hash.
 * Hashing ~200 small files takes a few milliseconds, bundling ~1 s; the
 * PGlite snapshot (only when the migrations changed) a few seconds.
 *
 * Each entry is its own bundle (no code splitting): src/main.ts decides whether
 * it is the program being run by comparing import.meta.url with argv[1], which
 * only works when its code lives in dist/main.js itself.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist');
const hashFile = join(dist, '.sources-hash');
const inputs = ['src', 'adapters', 'migrations', 'package.json', 'scripts/build.mjs'];

async function filesOf(path) {
  const entries = await readdir(path, { withFileTypes: true, recursive: true }).catch((err) => {
    if (err.code === 'ENOTDIR') return undefined;
    throw err;
  });
  if (!entries) return [path];
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

export async function sourcesHash() {
  const hash = createHash('sha256');
  const files = (await Promise.all(inputs.map((p) => filesOf(join(root, p))))).flat().sort();
  const contents = await Promise.all(files.map((f) => readFile(f)));
  files.forEach((f, i) => {
    hash.update(relative(root, f));
    hash.update('\0');
    hash.update(contents[i]);
  });
  return hash.digest('hex');
}

export async function isStale() {
  const [want, have, built] = await Promise.all([
    sourcesHash(),
    readFile(hashFile, 'utf8').catch(() => ''),
    readdir(dist).catch(() => []),
  ]);
  const complete = ['main.js', 'cli.js'].every((f) => built.includes(f)) && built.some((f) => /^pglite-.*\.tar\.gz$/.test(f));
  return want !== have.trim() || !complete;
}

export async function build() {
  const { build: esbuild } = await import('esbuild');
  const hash = await sourcesHash();
  await mkdir(dist, { recursive: true });
  await Promise.all(
    ['main', 'cli', 'db/snapshot'].map((name) =>
      esbuild({
        entryPoints: [join(root, 'src', `${name}.ts`)],
        outfile: join(dist, `${name.replace('db/', '')}.js`),
        bundle: true,
        platform: 'node',
        format: 'esm',
        target: 'node20',
        // Dependencies bundled too: one file parses in about half the CPU time
        // of resolving and loading botbuilder's and Bolt's thousands of modules
        // (measured: ~420 vs ~860 ms CPU to import main.js with source maps).
        // Left outside: PGlite, which loads its .wasm and data files beside its
        // own module, and pino, whose transports are loaded by file path.
        // Native add-ons (the digest chart's rasteriser) load their .node binary at run time.
        external: ['@electric-sql/pglite', 'pino', '@resvg/resvg-js'],
        // Bundled CommonJS still calls require() for Node's built-ins.
        banner: { js: "import { createRequire as __hallwayRequire } from 'node:module'; const require = __hallwayRequire(import.meta.url);" },
        // Whitespace and syntax only (names kept, so stack traces and logs read the same): a 7 MB
        // bundle instead of 10, ~16 MB less resident with its source map (bench/startup.ts).
        minifyWhitespace: true,
        minifySyntax: true,
        sourcemap: true,
        // Stack traces need the mappings, not the sources: a 5 MB map instead of 18 MB.
        sourcesContent: false,
        logLevel: 'warning',
      }),
    ),
  );
  // A fresh PGlite folder starts from this migrated database instead of
  // initdb plus every migration (src/db/snapshot.ts); kept while the
  // migrations and PGlite are unchanged.
  const { writeSnapshot } = await import(pathToFileURL(join(dist, 'snapshot.js')).href);
  await writeSnapshot(dist);
  // Written last and atomically: an interrupted build stays stale.
  await writeFile(`${hashFile}.tmp`, hash);
  await rename(`${hashFile}.tmp`, hashFile);
}

/** What prestart and bin/hallway.js call: a few ms when nothing changed. */
export async function buildIfStale() {
  if (await isStale()) await build();
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const started = performance.now();
  const ifStale = process.argv.includes('--if-stale');
  if (ifStale && !(await isStale())) process.exit(0);
  await build();
  if (!process.argv.includes('--quiet')) {
    console.error(`hallway: built dist/ in ${Math.round(performance.now() - started)} ms`);
  }
}
