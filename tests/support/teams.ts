import { startRecordingServer, type Recorded } from './recording-server.js';

export const TENANT_ID = '72f988bf-0000-4000-8000-000000000001';
export const BOT = { id: '28:hallway-bot', name: 'Hallway' };

let seq = 0;

/** A Bot Framework message activity as Teams sends it (personal chat unless overridden). */
export function messageActivity(serviceUrl: string, text: string, overrides: Record<string, unknown> = {}) {
  seq += 1;
  return {
    type: 'message',
    id: `1700000000${String(seq).padStart(3, '0')}`,
    timestamp: '2026-11-23T09:00:00.000Z',
    localTimestamp: '2026-11-23T10:00:00.000+01:00',
    localTimezone: 'Europe/Berlin',
    serviceUrl,
    channelId: 'msteams',
    from: { id: '29:1maria-teams', name: 'Maria Jensen', aadObjectId: '6b1f0000-0000-4000-8000-0000000000aa' },
    conversation: { id: 'a:1personal-maria', conversationType: 'personal', tenantId: TENANT_ID },
    recipient: BOT,
    textFormat: 'plain',
    locale: 'en-US',
    text,
    entities: text.includes('<at>')
      ? [{ type: 'mention', mentioned: BOT, text: `<at>${BOT.name}</at>` }]
      : [],
    channelData: { tenant: { id: TENANT_ID } },
    ...overrides,
  };
}

/** The Bot Framework connector (Teams' side) at a local recording server. */
export async function startFakeConnector() {
  let n = 0;
  return startRecordingServer(() => {
    n += 1;
    return { body: { id: `reply-${n}` } };
  });
}

export interface SentActivity {
  type: string;
  summary?: string;
  attachments?: Array<{ contentType: string; content: { type: string; version: string; body: unknown[]; actions?: unknown[] } }>;
}

/** Teams channel and group chat ids start with "19:"; personal chats do not. */
const shared = (r: Recorded) => decodeURIComponent(r.path.split('/')[3] ?? '').startsWith('19:');

/**
 * A private answer to an activity sent in a channel or group chat: the
 * one-line pointer left there (the reply to the activity) and the answer
 * itself, sent just before it into the asker's personal chat (addressed to them).
 */
export function privateAnswer(sent: Recorded[], activity: { id: string; from: { id: string } }) {
  const at = sent.findIndex((r) => r.path.endsWith(`/activities/${activity.id}`));
  if (at < 0) throw new Error('the bot left no pointer where it was asked');
  const answer = sent.slice(0, at).find((r) => (r.body.recipient as { id?: string } | undefined)?.id === activity.from.id && !shared(r));
  if (!answer) throw new Error('the bot sent no answer to a personal chat');
  return {
    pointer: sent[at]!.body as unknown as SentActivity,
    answer: answer.body as unknown as SentActivity,
    /** The personal chat it went to. */
    conversationId: decodeURIComponent(answer.path.split('/')[3]!),
  };
}
