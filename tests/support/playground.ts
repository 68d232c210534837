import WebSocket from 'ws';

interface PlaygroundConfig {
  config: { currentUser: { id: string; name: string }; personalChat: { id: string } };
}

export interface PlaygroundMessage {
  from: { id: string };
  text?: string;
  attachments?: Array<{ contentType: string; content: { body?: unknown[] } }>;
}

/**
 * Microsoft's Agents Playground (the local Teams client) that `npm start`
 * launched, driven over the API its web client uses: it turns what we "type"
 * into real Bot Framework activities for /api/messages and shows the bot's
 * replies on a WebSocket.
 */
export async function connectPlayground(base: string) {
  const { config } = (await (await fetch(`${base}/_internal/v1/config`)).json()) as PlaygroundConfig;
  const received: PlaygroundMessage[] = [];
  const waiters: Array<() => void> = [];
  const ws = new WebSocket(`ws://${new URL(base).host}/_ws_conversation/v1/conversations/stream`);
  ws.on('message', (data: WebSocket.RawData) => {
    const event = JSON.parse(data.toString()) as { action: string; message?: PlaygroundMessage };
    if (event.action === 'createMessage' && event.message) {
      received.push(event.message);
      waiters.splice(0).forEach((w) => w());
    }
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });

  return {
    user: config.currentUser,
    /** Types `text` into the personal chat with the bot; resolves with the bot's next message. */
    async say(text: string): Promise<PlaygroundMessage> {
      const before = received.length;
      const res = await fetch(`${base}/_conversation/v1/conversations/${config.personalChat.id}/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ from: { id: config.currentUser.id }, text, textFormat: 'plain' }),
      });
      if (res.status !== 200) throw new Error(`playground refused the message: ${res.status} ${await res.text()}`);
      while (received.length <= before) await new Promise<void>((resolve) => waiters.push(resolve));
      return received[before]!;
    },
    async close() {
      ws.close();
    },
  };
}
