import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnNpmStart } from '../support/npm-start.js';
import { connectPlayground } from '../support/playground.js';

let dataDir: string;
let start: ReturnType<typeof spawnNpmStart>;
let playgroundUrl: string;
let playground: Awaited<ReturnType<typeof connectPlayground>>;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'hallway-playground-'));
  // Nothing configured: no Slack, no Teams, no database, no AI. No display either, so no browser.
  start = spawnNpmStart({ PORT: String(20000 + ((process.pid + 7) % 20000)), HALLWAY_DATA_DIR: join(dataDir, 'data'), LOG_LEVEL: 'warn' });
  playgroundUrl = (await start.waitFor(/Agents Playground: (http:\/\/localhost:\d+)/))[1]!;
  playground = await connectPlayground(playgroundUrl);
}, 60_000);

afterAll(async () => {
  await playground?.close();
  await start?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

describe('npm start with nothing configured opens the Agents Playground (a local Teams client)', () => {
  it('prints the playground URL, and how to load the demo book into the empty database', () => {
    expect(start.output()).toContain('Hallway is running on http://127.0.0.1:');
    expect(start.output()).toContain(`Chat with it in the Agents Playground: ${playgroundUrl}  (try: hallway help)`);
    expect(start.output()).toContain(
      'The database is empty. For a demo book of customers: stop Hallway (Ctrl-C), run `npx hallway seed-demo`, then `npm start` again.',
    );
  });

  it('answers "hallway help" typed there with the command card', async () => {
    const reply = await playground.say('hallway help');
    const card = reply.attachments?.[0];
    expect(card?.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(JSON.stringify(card?.content)).toContain('callnote');
  });

  it('answers an unknown word with what went wrong, echoing the text', async () => {
    const reply = await playground.say('hallway sbuscribe 9:30');
    const json = JSON.stringify(reply.attachments?.[0]?.content);
    expect(json).toContain('I don\'t know');
    expect(json).toContain('sbuscribe 9:30');
  });

  it('stops the playground when npm start is stopped', async () => {
    await playground.close();
    await start.stop();
    await expect(fetch(playgroundUrl)).rejects.toThrow();
  });
});
