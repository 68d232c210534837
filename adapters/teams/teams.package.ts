import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import AjvDraft04 from 'ajv-draft-04';
import formats from 'ajv-formats';
import JSZip from 'jszip';

/*
 * `npm run teams:package`: the Teams app package (manifest.json with the
 * bot's app id, and its two icons), checked against Microsoft's manifest
 * schema before it is written. The schema comes from @microsoft/app-manifest,
 * which ships every version's JSON schema, so no network is needed.
 */

export const MANIFEST_DIR = fileURLToPath(new URL('../../manifest/teams/', import.meta.url));
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface TeamsManifest {
  manifestVersion: string;
  id: string;
  icons: { color: string; outline: string };
  bots: Array<{ botId: string }>;
  [key: string]: unknown;
}

export class PackageError extends Error {
  override name = 'PackageError';
}

/** The manifest in manifest/teams/, with the bot's app id in `id` and `bots[0].botId`. */
export async function teamsManifest(appId: string, manifestDir = MANIFEST_DIR): Promise<TeamsManifest> {
  if (!appId) throw new PackageError('MicrosoftAppId: required — the app id of your Azure Bot registration (a GUID)');
  if (!GUID.test(appId)) throw new PackageError('MicrosoftAppId: expected the app id of your Azure Bot registration (a GUID such as 5f2a…-…)');
  const manifest = JSON.parse(await readFile(join(manifestDir, 'manifest.json'), 'utf8')) as TeamsManifest;
  return { ...manifest, id: appId, bots: manifest.bots.map((b) => ({ ...b, botId: appId })) };
}

/** Problems with the manifest by Microsoft's schema for its manifestVersion; empty when valid. */
export async function manifestProblems(manifest: TeamsManifest): Promise<string[]> {
  const require = createRequire(import.meta.url);
  const root = dirname(require.resolve('@microsoft/app-manifest/package.json'));
  const schemaPath = join(root, 'build', 'json-schemas', 'teams', `v${manifest.manifestVersion}`, 'MicrosoftTeams.schema.json');
  const schema = JSON.parse(await readFile(schemaPath, 'utf8').catch(() => {
    throw new PackageError(`manifestVersion ${manifest.manifestVersion}: no schema for it in @microsoft/app-manifest`);
  })) as object;
  // CommonJS packages seen from ESM: the class and the plugin are their `default`.
  const ajv = new AjvDraft04.default({ allErrors: true, strict: false });
  formats.default(ajv);
  const validate = ajv.compile(schema);
  if (validate(manifest)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`);
}

/** The zip Teams takes: manifest.json and the icons at its root. */
export async function buildTeamsPackage(appId: string, manifestDir = MANIFEST_DIR): Promise<Buffer> {
  const manifest = await teamsManifest(appId, manifestDir);
  const problems = await manifestProblems(manifest);
  if (problems.length) throw new PackageError(`manifest.json does not fit Microsoft's schema: ${problems.join('; ')}`);
  const zip = new JSZip();
  zip.file('manifest.json', JSON.stringify(manifest, null, 2));
  for (const icon of [manifest.icons.color, manifest.icons.outline]) zip.file(icon, await readFile(join(manifestDir, icon)));
  // A fixed date keeps the same inputs byte-for-byte the same package.
  const date = new Date('2026-01-01T00:00:00Z');
  for (const file of Object.values(zip.files)) file.date = date;
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

async function main(): Promise<void> {
  const out = resolve(process.argv[2] ?? 'hallway-teams.zip');
  try {
    await writeFile(out, await buildTeamsPackage(process.env.MicrosoftAppId?.trim() ?? ''));
    console.log(`Teams app package: ${out} — upload it in Teams (Apps → Manage your apps → Upload an app)`);
  } catch (err) {
    console.error(`teams:package: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) await main();
