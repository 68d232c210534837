import { ConfigError, parseConfig } from '../../config.js';
import { defaultMigrationsFolder } from '../../db/migrate.js';
import { formatCheck, runChecks, type DoctorProbes } from './doctor.checks.js';

export interface DoctorCliOptions {
  url?: string;
  probes: DoctorProbes;
  out(line: string): void;
  migrationsFolder?: string;
  timeoutMs?: number;
}

/** `npx hallway doctor [--url <public address>]` (default HALLWAY_PUBLIC_URL): one line per check; 1 when any failed. */
export async function doctorCommand(env: Record<string, string | undefined>, opts: DoctorCliOptions): Promise<number> {
  let config;
  try {
    config = parseConfig(env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    opts.out(formatCheck({ name: 'configuration', status: 'fail', detail: err.problems.join('; '), fix: 'fix these variables, then run doctor again' }));
    return 1;
  }
  const checks = await runChecks(config, {
    probes: opts.probes,
    migrationsFolder: opts.migrationsFolder ?? defaultMigrationsFolder,
    publicUrl: opts.url ?? config.publicUrl,
    timeoutMs: opts.timeoutMs,
  });
  for (const check of checks) opts.out(formatCheck(check));
  return checks.some((c) => c.status === 'fail') ? 1 : 0;
}
