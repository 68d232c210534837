import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');

/**
 * `npm start` as a newcomer runs it: a real child process in the repo, with
 * only PATH and HOME from this shell plus `env`, in a process group of its
 * own, as a terminal's foreground job is.
 */
export function spawnNpmStart(env: Record<string, string>) {
  const child: ChildProcess = spawn('npm', ['start', '--silent'], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  const waiters: Array<() => void> = [];
  const onData = (d: Buffer) => {
    output += d.toString();
    waiters.splice(0).forEach((w) => w());
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  // npm exits before the processes under it; the output pipes close only when the last of them has.
  const drained = Promise.all([child.stdout, child.stderr].map((s) => new Promise<void>((resolve) => s?.once('close', () => resolve()))));

  return {
    child,
    output: () => output,
    exited,
    /** Resolves with the first match of `pattern` in what it printed; rejects if it exits first. */
    async waitFor(pattern: RegExp): Promise<RegExpExecArray> {
      for (;;) {
        const match = pattern.exec(output);
        if (match) return match;
        if (child.exitCode !== null) throw new Error(`npm start exited (${child.exitCode}) before printing ${pattern}:\n${output}`);
        await Promise.race([new Promise<void>((resolve) => waiters.push(resolve)), exited]);
      }
    },
    /** Ctrl-C: SIGINT to the whole group. Resolves once every process in it has gone. */
    async stop(): Promise<void> {
      if (child.pid && child.exitCode === null) {
        try {
          process.kill(-child.pid, 'SIGINT');
        } catch {
          /* already gone */
        }
      }
      await drained;
    },
  };
}
