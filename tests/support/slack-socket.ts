import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export interface Ack {
  envelope_id: string;
  payload?: Record<string, unknown>;
}

/**
 * Slack's Socket Mode endpoint on localhost: the URL that the fake Web API's
 * apps.connections.open hands out. It greets each connection with `hello`,
 * sends envelopes, and collects the app's acknowledgements by envelope_id.
 */
export async function startFakeSocketMode() {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const { port } = server.address() as AddressInfo;
  const acks = new Map<string, (ack: Ack) => void>();
  let socket: WebSocket | undefined;
  const connected = new Promise<void>((resolve) => {
    server.on('connection', (ws) => {
      socket = ws;
      ws.on('message', (data) => {
        const ack = JSON.parse(data.toString()) as Ack;
        acks.get(ack.envelope_id)?.(ack);
        acks.delete(ack.envelope_id);
      });
      ws.send(JSON.stringify({ type: 'hello', num_connections: 1, debug_info: { host: 'fake-socket-mode' }, connection_info: { app_id: 'A0HALLWAY' } }));
      resolve();
    });
  });

  return {
    url: `ws://127.0.0.1:${port}/link/?ticket=test`,
    connected,
    /** Sends one envelope; resolves with the app's acknowledgement of it. */
    async send(type: 'slash_commands' | 'interactive' | 'events_api', payload: Record<string, unknown>): Promise<Ack> {
      await connected;
      const envelopeId = randomUUID();
      const acked = new Promise<Ack>((resolve) => acks.set(envelopeId, resolve));
      socket!.send(JSON.stringify({ envelope_id: envelopeId, type, payload, accepts_response_payload: type !== 'events_api', retry_attempt: 0, retry_reason: '' }));
      const ack = await acked;
      if (ack.envelope_id !== envelopeId) throw new Error('ack for another envelope');
      return ack;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of server.clients) client.terminate();
        server.close(() => resolve());
      }),
  };
}
