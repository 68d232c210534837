import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTeamsPackage, MANIFEST_DIR, manifestProblems, teamsManifest, type TeamsManifest } from '../../../adapters/teams/teams.package.js';

const APP_ID = '5f2a0000-0000-4000-8000-00000000b007';
const root = join(import.meta.dirname, '..', '..', '..');
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hallway-teams-package-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('npm run teams:package', () => {
  it('zips manifest.json with the app id filled in, and both icons, at the root', async () => {
    const zip = await JSZip.loadAsync(await buildTeamsPackage(APP_ID));
    expect(Object.keys(zip.files).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    const manifest = JSON.parse(await zip.file('manifest.json')!.async('string')) as TeamsManifest;
    expect(manifest.id).toBe(APP_ID);
    expect(manifest.bots.map((b) => b.botId)).toEqual([APP_ID]);
    expect(await zip.file('color.png')!.async('nodebuffer')).toEqual(await readFile(join(MANIFEST_DIR, 'color.png')));
    expect(await zip.file('outline.png')!.async('nodebuffer')).toEqual(await readFile(join(MANIFEST_DIR, 'outline.png')));
    // Offline, against Microsoft's published schema for the manifest's version.
    expect(await manifestProblems(manifest)).toEqual([]);
  });

  it('the schema check finds what Teams would refuse', async () => {
    const manifest = await teamsManifest(APP_ID);
    const bot: Record<string, unknown> = { ...manifest.bots[0]!, scopes: ['everywhere'] };
    const broken: TeamsManifest = { ...manifest, accentColor: 'navy', bots: [bot as { botId: string }] };
    delete broken.developer;
    expect(await manifestProblems(broken)).toEqual([
      "/ must have required property 'developer'",
      '/accentColor must match pattern "^#[0-9a-fA-F]{6}$"',
      '/bots/0/scopes/0 must be equal to one of the allowed values',
    ]);
  });

  it('refuses a missing or malformed app id with the variable and what it should be', async () => {
    await expect(buildTeamsPackage('')).rejects.toThrow('MicrosoftAppId: required — the app id of your Azure Bot registration (a GUID)');
    await expect(buildTeamsPackage('hallway-bot')).rejects.toThrow('MicrosoftAppId: expected the app id of your Azure Bot registration (a GUID such as 5f2a…-…)');
  });

  it('writes the zip from MicrosoftAppId and says where', async () => {
    const out = join(dir, 'hallway-teams.zip');
    const { stdout } = await promisify(execFile)('npm', ['run', '--silent', 'teams:package', '--', out], {
      cwd: root,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, MicrosoftAppId: APP_ID },
    });
    expect(stdout.trim()).toBe(`Teams app package: ${out} — upload it in Teams (Apps → Manage your apps → Upload an app)`);
    const manifest = JSON.parse(await (await JSZip.loadAsync(await readFile(out))).file('manifest.json')!.async('string')) as TeamsManifest;
    expect(manifest.id).toBe(APP_ID);
  });
});
