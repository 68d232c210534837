import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Recorded {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  /** JSON, or form fields (Slack's Web API client posts urlencoded). */
  body: Record<string, unknown>;
}

/** `body` is sent as JSON; `raw`, when given, is sent as it is instead (e.g. a broken body). */
export type Responder = (req: Recorded) => { status?: number; headers?: Record<string, string>; body: unknown; raw?: string };

/**
 * A local stand-in for an outside HTTP API (Slack's Web API, the Bot
 * Framework connector): records every request and answers with `respond`.
 */
export async function startRecordingServer(respond: Responder, before?: (req: Recorded) => Promise<void>) {
  const requests: Recorded[] = [];
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const recorded: Recorded = {
      method: req.method ?? '',
      path: (req.url ?? '').split('?')[0] ?? '',
      headers: req.headers,
      body: parseBody(raw, req.headers['content-type']),
    };
    requests.push(recorded);
    if (before) await before(recorded);
    if (res.destroyed) return;
    const answer = respond(recorded);
    res.writeHead(answer.status ?? 200, { 'content-type': 'application/json', ...answer.headers });
    res.end(answer.raw ?? JSON.stringify(answer.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    /** Requests to paths ending with `suffix`, e.g. "chat.postMessage". */
    calls: (suffix: string) => requests.filter((r) => r.path.endsWith(suffix)),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function parseBody(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (!raw) return {};
  if (contentType?.includes('application/json')) return JSON.parse(raw) as Record<string, unknown>;
  const form = Object.fromEntries(new URLSearchParams(raw));
  // Slack's client JSON-encodes nested arguments (blocks, view, metadata) inside the form.
  for (const [k, v] of Object.entries(form)) {
    if (/^[[{]/.test(v)) {
      try {
        form[k] = JSON.parse(v);
      } catch {
        /* a plain string that happens to start with a bracket */
      }
    }
  }
  return form;
}
