import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile() && e.name.endsWith('.ts')).map((e) => join(e.parentPath, e.name));
}

function importsOf(code: string): string[] {
  return [...code.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)].map((m) => m[1]!);
}

describe('boundaries', () => {
  it('nothing under src/ but main.ts imports an adapter or a platform SDK', async () => {
    const offenders: string[] = [];
    for (const file of await sourceFiles(join(root, 'src'))) {
      const rel = relative(root, file);
      if (rel === join('src', 'main.ts')) continue;
      for (const spec of importsOf(await readFile(file, 'utf8'))) {
        if (/(^|\/)adapters\//.test(spec) || spec.startsWith('@slack/') || spec.startsWith('botbuilder')) {
          offenders.push(`${rel} imports ${spec}`);
        }
      }
    }
    expect(offenders).toEqual([]);
  });

  it('botbuilder is imported only inside adapters/teams/', async () => {
    const offenders: string[] = [];
    for (const dir of ['src', 'adapters']) {
      for (const file of await sourceFiles(join(root, dir))) {
        const rel = relative(root, file);
        if (rel.startsWith(join('adapters', 'teams'))) continue;
        if (importsOf(await readFile(file, 'utf8')).some((s) => s.startsWith('botbuilder'))) offenders.push(rel);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('the check itself sees a forbidden import', () => {
    expect(importsOf("import { App } from '@slack/bolt';\nconst x = await import('../adapters/slack/x.js');")).toEqual([
      '@slack/bolt',
      '../adapters/slack/x.js',
    ]);
  });
});
