/**
 * Start-up time: `npm start` with nothing configured until GET /healthz answers
 * 200, on a fresh data folder (PGlite creates and migrates its database) and
 * again on the same folder (the baseline: opening an existing database).
 *
 *   npx tsx bench/startup.ts [runs=3]
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const runs = Number(process.argv[2] ?? 3);

async function startOnce(dataDir: string, port: number): Promise<number> {
  const started = performance.now();
  const child = spawn('npm', ['start', '--silent'], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PORT: String(port), HALLWAY_DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
    stdio: 'ignore',
    detached: true,
  });
  try {
    for (;;) {
      const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.status === 200, () => false);
      if (ok) return performance.now() - started;
      if (performance.now() - started > 60_000) throw new Error('no /healthz 200 within 60 s');
      await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    process.kill(-child.pid!, 'SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

const fresh: number[] = [];
const warm: number[] = [];
for (let i = 0; i < runs; i += 1) {
  const dir = await mkdtemp(join(tmpdir(), 'hallway-bench-start-'));
  fresh.push(await startOnce(dir, 39_000 + i));
  warm.push(await startOnce(dir, 39_100 + i));
  await rm(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(`fresh data folder: median ${(median(fresh) / 1000).toFixed(2)} s  (runs: ${fresh.map((t) => (t / 1000).toFixed(2)).join(', ')})`);
console.log(`existing folder:   median ${(median(warm) / 1000).toFixed(2)} s  (runs: ${warm.map((t) => (t / 1000).toFixed(2)).join(', ')})`);
console.log(`fresh / existing:  ${(median(fresh) / median(warm)).toFixed(2)}×  (goal: fresh under 10 s)`);
