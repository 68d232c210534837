import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { COMMANDS } from '../../src/messages/help.message.js';

const root = join(import.meta.dirname, '..', '..');

interface SlackManifest {
  oauth_config: { scopes: { bot: string[] } };
  features: { slash_commands: Array<{ command: string; url: string; should_escape: boolean }>; app_home?: { home_tab_enabled: boolean; messages_tab_enabled: boolean } };
  settings: { event_subscriptions: { request_url: string; bot_events: string[] }; interactivity: { is_enabled: boolean; request_url: string } };
}

function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

describe('Slack app manifest', async () => {
  const manifest = parse(await readFile(join(root, 'manifest', 'slack.yaml'), 'utf8')) as SlackManifest;

  it('declares exactly the slash commands the help lists, all at /slack/events with mentions escaped', () => {
    const declared = manifest.features.slash_commands.map((c) => c.command).sort();
    const helped = [...new Set(COMMANDS.map((c) => c.usage.split(' ')[0]!))].sort();
    expect(declared).toEqual(helped);
    for (const c of manifest.features.slash_commands) {
      expect(new URL(c.url).pathname).toBe('/slack/events');
      expect(c.should_escape).toBe(true);
    }
  });

  it('sends events and interactivity to /slack/events, with the events the adapter handles', () => {
    expect(new URL(manifest.settings.event_subscriptions.request_url).pathname).toBe('/slack/events');
    expect(manifest.settings.interactivity).toMatchObject({ is_enabled: true });
    expect(new URL(manifest.settings.interactivity.request_url).pathname).toBe('/slack/events');
    expect(manifest.settings.event_subscriptions.bot_events).toEqual(
      expect.arrayContaining(['reaction_added', 'member_joined_channel', 'member_left_channel', 'message.channels']),
    );
    expect(manifest.oauth_config.scopes.bot).toEqual(expect.arrayContaining(['commands', 'chat:write', 'im:write', 'users:read', 'channels:history']));
  });

  it('has the App Home tab, and the event that asks Hallway to fill it', () => {
    expect(manifest.features.app_home).toMatchObject({ home_tab_enabled: true, messages_tab_enabled: true });
    expect(manifest.settings.event_subscriptions.bot_events).toContain('app_home_opened');
  });
});

describe('Teams app manifest', async () => {
  const manifest = JSON.parse(await readFile(join(root, 'manifest', 'teams', 'manifest.json'), 'utf8')) as {
    id: string;
    icons: { color: string; outline: string };
    bots: Array<{ botId: string; scopes: string[]; commandLists: Array<{ commands: Array<{ title: string }> }> }>;
  };

  it('has its two icons at the sizes Teams requires', async () => {
    expect(pngSize(await readFile(join(root, 'manifest', 'teams', manifest.icons.color)))).toEqual({ width: 192, height: 192 });
    expect(pngSize(await readFile(join(root, 'manifest', 'teams', manifest.icons.outline)))).toEqual({ width: 32, height: 32 });
  });

  it('offers only commands Hallway knows, in every scope', () => {
    const bot = manifest.bots[0]!;
    expect(bot.botId).toBe(manifest.id);
    expect(bot.scopes.sort()).toEqual(['groupChat', 'personal', 'team']);
    const known = COMMANDS.map((c) => c.usage.replace(/^\//, ''));
    for (const { title } of bot.commandLists[0]!.commands) {
      expect(known.some((usage) => usage.startsWith(title)), title).toBe(true);
    }
  });
});
