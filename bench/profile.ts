import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

interface ProfileNode {
  id: number;
  hitCount?: number;
  callFrame: { functionName: string; url: string };
}

/** Where a V8 CPU profile's self time went, by package or source file: the `n` biggest, as lines. */
export async function summariseProfiles(dir: string, n = 15): Promise<string[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.cpuprofile'));
  const byGroup = new Map<string, number>();
  let total = 0;
  for (const file of files) {
    const profile = JSON.parse(await readFile(join(dir, file), 'utf8')) as { nodes: ProfileNode[] };
    for (const node of profile.nodes) {
      const hits = node.hitCount ?? 0;
      if (!hits) continue;
      const group = groupOf(node.callFrame);
      if (group === '(idle)') continue;
      byGroup.set(group, (byGroup.get(group) ?? 0) + hits);
      total += hits;
    }
  }
  return [...byGroup]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([group, hits]) => `${((hits / total) * 100).toFixed(1).padStart(5)}%  ${group}`);
}

function groupOf(frame: { functionName: string; url: string }): string {
  const { url, functionName } = frame;
  if (!url) return functionName.startsWith('(') ? functionName : `(native) ${functionName || 'anonymous'}`;
  const pkg = url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  if (pkg) return pkg[1]!;
  if (url.startsWith('node:')) return url;
  const own = url.match(/\/((?:src|adapters|bench)\/.*)$/);
  return own ? own[1]! : url;
}
