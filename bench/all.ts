/**
 * Every benchmark, one after the other: `npm run bench [-- --seconds 20]`.
 * Each prints its own figures and ratios; none fails on a timing. The
 * Postgres ones (ack, fanout, digest, queue on Postgres) need DATABASE_URL
 * and say so when it is missing. Extra arguments go to bench/ack.ts.
 */
import { spawnSync } from 'node:child_process';

const extra = process.argv.slice(2);
const benches: Array<[string, string[]]> = [
  ['bench/startup.ts', []],
  ['bench/ack.ts', extra],
  ['bench/fanout.ts', []],
  ['bench/queue.ts', []],
  ['bench/digest.ts', ['--keep']],
  ['bench/digest.sections.ts', []],
];
for (const [file, args] of benches) {
  console.log(`\n=== ${file} ${args.join(' ')}`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', file, ...args], { stdio: 'inherit', cwd: new URL('..', import.meta.url) });
  if (run.status !== 0) console.log(`(${file} exited with ${run.status}; the others still run)`);
}
