import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/domain/clock.js';
import type { DbHandle } from '../../src/db/client.js';
import { seedDemoCommand } from '../../src/features/notes/seed-demo.command.js';
import { orgForCli } from '../../src/features/orgs/org.store.js';
import { browserSetting, NOT_INSTALLED, startBanner, startLocalClient, startPlayground } from '../../src/playground.js';
import { openTestDb } from '../support/test-db.js';

let handle: DbHandle;
beforeAll(async () => {
  handle = await openTestDb();
});
afterAll(() => handle.close());

describe('the Agents Playground started by npm start', () => {
  it('is a child process of ours: it listens, prints its URL, and stopping us stops it', async () => {
    const env = { PATH: process.env.PATH, HOME: process.env.HOME, TEAMSAPPTESTER_BROWSER: 'none' };
    const playground = await startPlayground({ botEndpoint: 'http://127.0.0.1:9/api/messages', logFile: '/dev/null', env });
    expect(playground?.url).toMatch(/^http:\/\/localhost:\d+$/);
    expect((await fetch(`${playground!.url}/_internal/v1/config`)).status).toBe(200);
    await playground!.close();
    await expect(fetch(playground!.url)).rejects.toThrow();
  }, 60_000);

  it('without the devDependency (npm ci --omit=dev): one line saying so, and the bot runs on', async () => {
    const missing = () => {
      throw Object.assign(new Error("Cannot find module '@microsoft/m365agentsplayground/package.json'"), { code: 'MODULE_NOT_FOUND' });
    };
    expect(await startPlayground({ botEndpoint: 'http://127.0.0.1:9/api/messages', logFile: '/dev/null', env: {}, resolvePackage: missing })).toBeUndefined();
    expect(NOT_INSTALLED).toBe(
      'The Agents Playground (a devDependency) is not installed, so no local chat client was started: run `npm install`, or set HALLWAY_PLAYGROUND=off.',
    );
  });

  it('opens no browser where there is no display, unless told which', () => {
    expect(browserSetting({}, 'linux')).toBe('none');
    expect(browserSetting({ DISPLAY: ':0' }, 'linux')).toBeUndefined();
    expect(browserSetting({}, 'darwin')).toBeUndefined();
    expect(browserSetting({ CI: 'true' }, 'darwin')).toBe('none');
    expect(browserSetting({ TEAMSAPPTESTER_BROWSER: 'firefox' }, 'linux')).toBe('firefox');
  });
});

describe('the start banner', () => {
  it('says how to load the demo book while the database is empty, and stops saying it once there is a book', async () => {
    const printed: string[] = [];
    const local = await startLocalClient({ playground: false, database: { dataDir: './.hallway/data' } }, { url: 'http://127.0.0.1:3978', db: handle }, (l) => printed.push(l));
    await local.close();
    expect(printed).toEqual([
      'Hallway is running on http://127.0.0.1:3978',
      'The database is empty. For a demo book of customers: stop Hallway (Ctrl-C), run `npx hallway seed-demo`, then `npm start` again.',
    ]);
    expect(await startBanner(handle.db, { url: 'http://127.0.0.1:3978', playground: 'http://localhost:56150' })).toEqual([
      'Hallway is running on http://127.0.0.1:3978',
      'Chat with it in the Agents Playground: http://localhost:56150  (try: hallway help)',
      'The database is empty. For a demo book of customers: stop Hallway (Ctrl-C), run `npx hallway seed-demo`, then `npm start` again.',
    ]);
    await seedDemoCommand({ db: handle.db, org: () => orgForCli(handle.db), queue: undefined as never, clock: systemClock, timezone: 'UTC', out: () => {}, isTTY: false });
    expect(await startBanner(handle.db, { url: 'http://127.0.0.1:3978', playgroundMissing: true })).toEqual(['Hallway is running on http://127.0.0.1:3978', NOT_INSTALLED]);
  });
});
