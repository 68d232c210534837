import type { Installation, InstallationQuery, InstallationStore } from '@slack/bolt';
import type { Installations } from '../../src/features/installations.js';

/**
 * Bot scopes requested by the OAuth install; the same list as
 * manifest/slack.yaml's oauth_config.scopes.bot (a test keeps them equal).
 */
export const BOT_SCOPES = [
  'commands',
  'chat:write',
  'chat:write.public',
  'im:write',
  'im:history',
  'channels:history',
  'groups:history',
  'channels:read',
  'groups:read',
  'reactions:read',
  'users:read',
  'users:read.email',
  'files:write',
];

export class EnterpriseInstallRefused extends Error {
  constructor() {
    super('Hallway does not support org-wide (Enterprise Grid) installs: install it into each workspace instead');
    this.name = 'EnterpriseInstallRefused';
  }
}

/**
 * Bolt's InstallationStore over the workspaces table: the whole Installation
 * Bolt hands over is sealed (HALLWAY_ENCRYPTION_KEY) with its bot token; only
 * workspace installs are accepted. Bolt's authorize() asks fetchInstallation
 * for every inbound request, so an unknown team gets a thrown error, which
 * Bolt turns into "no listeners run" (and an acknowledged request).
 */
export function createInstallationStore(installations: Installations): InstallationStore {
  return {
    async storeInstallation(installation) {
      if (installation.isEnterpriseInstall || !installation.team) throw new EnterpriseInstallRefused();
      const token = installation.bot?.token;
      if (!token) throw new Error('the Slack installation carries no bot token (was the bot scope requested?)');
      await installations.save('slack', installation.team.id, installation.team.name ?? installation.team.id, { botToken: token, data: installation }, installation.user?.id);
    },
    async fetchInstallation(query: InstallationQuery<boolean>): Promise<Installation> {
      const teamId = requireTeam(query);
      const found = await installations.find('slack', teamId);
      if (!found) throw new Error(`no Slack installation for team ${teamId}`);
      return found.data as Installation;
    },
    async deleteInstallation(query: InstallationQuery<boolean>) {
      await installations.remove('slack', requireTeam(query));
    },
  };
}

function requireTeam(query: InstallationQuery<boolean>): string {
  if (query.isEnterpriseInstall || !query.teamId) throw new EnterpriseInstallRefused();
  return query.teamId;
}
