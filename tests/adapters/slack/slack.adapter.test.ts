import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hallway } from '../../../src/main.js';
import { startTestApp } from '../../support/app.js';
import { nowSeconds, sign, SIGNING_SECRET, slashCommand, startFakeSlackApi } from '../../support/slack.js';

let app: Hallway;
let slackApi: Awaited<ReturnType<typeof startFakeSlackApi>>;

beforeAll(async () => {
  slackApi = await startFakeSlackApi();
  app = await startTestApp({
    SLACK_BOT_TOKEN: 'xoxb-test-token',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: `${slackApi.url}/api/`,
  });
});

afterAll(async () => {
  await app?.close();
  await slackApi?.close();
});

function postSlack(body: string, headers: Record<string, string>, contentType = 'application/x-www-form-urlencoded') {
  return fetch(`${app.url}/slack/events`, { method: 'POST', headers: { 'content-type': contentType, ...headers }, body });
}

describe('Slack adapter over signed HTTP', () => {
  it('answers a signed /hallway help with every command, ephemeral', async () => {
    const body = slashCommand('/hallway', 'help');
    const res = await postSlack(body, sign(body, nowSeconds()));
    expect(res.status).toBe(200);
    const reply = (await res.json()) as { response_type: string; text: string; blocks: Array<Record<string, unknown>> };
    expect(reply.response_type).toBe('ephemeral');
    expect(reply.blocks[0]).toMatchObject({ type: 'header' });
    // Every command with a real example, grouped by who uses it.
    const json = JSON.stringify(reply.blocks);
    for (const usage of ['/callnote Acme with Dana Lee', '/stakeholder Acme add Priya Shah', '/hallway subscribe 09:30 Europe/Berlin', '/hallway digest', '/hallway forget', '/hallway link', '/hallway pair', '/hallway ask']) {
      expect(json, usage).toContain(usage);
    }
    for (const group of ['Engineers', 'Account managers', 'Managers', 'Admins']) expect(json).toContain(group);
  });

  it('answers an unknown subcommand with what was wrong and the text echoed back', async () => {
    const body = slashCommand('/hallway', 'sbuscribe 09:30');
    const res = await postSlack(body, sign(body, nowSeconds()));
    expect(res.status).toBe(200);
    const reply = (await res.json()) as { text: string; blocks: unknown[] };
    expect(reply.text).toContain('I don\'t know "/hallway sbuscribe"');
    expect(JSON.stringify(reply.blocks)).toContain('sbuscribe 09:30');
  });

  it('rejects a bad signature with 401', async () => {
    const body = slashCommand('/hallway', 'help');
    const res = await postSlack(body, sign(body, nowSeconds(), 'not-the-secret'));
    expect(res.status).toBe(401);
  });

  it('rejects a correctly signed request older than five minutes with 401', async () => {
    const body = slashCommand('/hallway', 'help');
    const res = await postSlack(body, sign(body, nowSeconds() - 6 * 60));
    expect(res.status).toBe(401);
  });

  it('rejects an unsigned request with 401', async () => {
    const res = await postSlack(slashCommand('/hallway', 'help'), {});
    expect(res.status).toBe(401);
  });

  it('answers a signed but malformed JSON body with a 4xx, and keeps serving', async () => {
    const body = '{"type": "event_callback", ';
    const res = await postSlack(body, sign(body, nowSeconds()), 'application/json');
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    const health = await fetch(`${app.url}/healthz`);
    expect(health.status).toBe(200);
  });

  it('answers Slack\'s url_verification challenge', async () => {
    const body = JSON.stringify({ type: 'url_verification', token: 'x', challenge: 'c-123' });
    const res = await postSlack(body, sign(body, nowSeconds()), 'application/json');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ challenge: 'c-123' });
  });

  it('records the Slack user and workspace the command came from', async () => {
    const { users, workspaces } = await import('../../../src/db/schema.js');
    const rows = await app.db.db.select({ externalId: users.externalId, name: users.displayName }).from(users);
    expect(rows).toContainEqual({ externalId: 'U0MARIA', name: 'maria' });
    const ws = await app.db.db.select({ externalId: workspaces.externalId, platform: workspaces.platform }).from(workspaces);
    expect(ws).toContainEqual({ externalId: 'T0HALLWAY', platform: 'slack' });
  });
});
