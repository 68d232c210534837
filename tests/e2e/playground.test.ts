import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hallway } from '../../src/main.js';
import { startTestApp } from '../support/app.js';
import { startPlayground } from '../support/playground.js';

let app: Hallway;
let playground: Awaited<ReturnType<typeof startPlayground>>;

beforeAll(async () => {
  app = await startTestApp({});
  playground = await startPlayground(`${app.url}/api/messages`, 40000 + (process.pid % 20000));
}, 60_000);

afterAll(async () => {
  await playground?.close();
  await app?.close();
});

describe('talking to Hallway from the Agents Playground (a local Teams client)', () => {
  it('answers "hallway help" with the command card', async () => {
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
});
