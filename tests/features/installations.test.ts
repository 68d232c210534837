import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSealer } from '../../src/crypto.js';
import type { DbHandle } from '../../src/db/client.js';
import { saveConversation } from '../../src/features/conversations.js';
import { createInstallations } from '../../src/features/installations.js';
import { openTestDb } from '../support/test-db.js';

let handle: DbHandle;
beforeAll(async () => {
  handle = await openTestDb();
});
afterAll(() => handle?.close());

const clock = { now: () => new Date('2027-03-01T09:30:00Z') };
const record = (botToken: string) => ({ botToken, data: { team: botToken } });

describe('installation tokens for posting', () => {
  it('answers each channel with its own workspace\'s token, many asked at once, and never a token removed or replaced', async () => {
    const installations = createInstallations(handle.db, createSealer('installations test key'), clock);
    await installations.save('slack', 'T0ACME', 'Acme', record('xoxb-acme'));
    await installations.save('slack', 'T0GLOBEX', 'Globex', record('xoxb-globex'));
    for (const [key, team] of [['C0ACME1', 'T0ACME'], ['C0ACME2', 'T0ACME'], ['C0GLOBEX', 'T0GLOBEX']] as const) {
      await saveConversation(handle.db, { platform: 'slack', key, workspaceExternalId: team, kind: 'channel' }, clock.now());
    }
    const ask = () => Promise.all(['C0ACME1', 'C0GLOBEX', 'C0ACME2', 'C0NEVERSEEN', 'C0ACME1'].map((c) => installations.tokenForConversation('slack', c)));

    expect(await ask()).toEqual(['xoxb-acme', 'xoxb-globex', 'xoxb-acme', undefined, 'xoxb-acme']);
    expect(await installations.tokenForConversation('teams', 'C0ACME1')).toBeUndefined();

    await installations.remove('slack', 'T0GLOBEX');
    await installations.save('slack', 'T0ACME', 'Acme', record('xoxb-acme-reinstalled'));
    expect(await ask()).toEqual(['xoxb-acme-reinstalled', undefined, 'xoxb-acme-reinstalled', undefined, 'xoxb-acme-reinstalled']);
    // Another instance sees the same.
    const other = createInstallations(handle.db, createSealer('installations test key'), clock);
    expect(await other.tokenForConversation('slack', 'C0GLOBEX')).toBeUndefined();
    expect(await other.tokenForConversation('slack', 'C0ACME2')).toBe('xoxb-acme-reinstalled');
  });
});
