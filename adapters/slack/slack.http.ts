import http from 'node:http';
import https from 'node:https';

const httpAgent = new http.Agent({ keepAlive: true });
const httpsAgent = new https.Agent({ keepAlive: true });

/**
 * HTTP to Slack's Web API over node:http(s) on keep-alive agents. Node's
 * built-in fetch (undici) and WebClient's per-call machinery (a queue, a
 * retry wrapper, a Response per call, the request logged at debug level
 * whatever the level) were most of a post's CPU in the fan-out bench
 * (bench/fanout.ts): about 0.8 ms a post, against about 0.2 ms here.
 */

/**
 * The fetch our WebClients use: what WebClient sends (a POST with a form or
 * JSON string body) goes over the keep-alive agents; anything else (a
 * FormData upload, a Request) goes to the global fetch. Redirects are not
 * followed (WebClient asks for `redirect: 'error'`, and takes any status but
 * 200 and 429 as an error).
 */
export function keepAliveFetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
  const body = init?.body;
  if (input instanceof Request || (body != null && typeof body !== 'string')) return fetch(input, init);
  const url = new URL(input);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return fetch(input, init);
  const headers = Object.fromEntries(new Headers(init?.headers));
  if (body != null) headers['content-length'] = String(Buffer.byteLength(body));
  const secure = url.protocol === 'https:';
  const request = secure ? https.request : http.request;
  return new Promise<Response>((resolve, reject) => {
    const req = request(url, { method: init?.method ?? 'GET', headers, agent: secure ? httpsAgent : httpAgent, signal: init?.signal ?? undefined }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        const status = res.statusCode ?? 0;
        if (status < 200 || status > 599) return reject(new Error(`unexpected HTTP status ${status} from ${url.origin}`));
        const responseHeaders = new Headers();
        for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) responseHeaders.append(res.rawHeaders[i]!, res.rawHeaders[i + 1]!);
        const empty = status === 204 || status === 205 || status === 304;
        resolve(new Response(empty ? null : Buffer.concat(chunks), { status, statusText: res.statusMessage, headers: responseHeaders }));
      });
    });
    req.on('error', reject);
    req.end(body ?? undefined);
  });
}

export interface JsonAnswer {
  status: number;
  statusMessage: string;
  /** Lower-case names, as node:http gives them. */
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** POSTs `payload` as JSON with the bot token in the Authorization header. */
export function postJson(url: string, token: string, payload: unknown): Promise<JsonAnswer> {
  const target = new URL(url);
  const secure = target.protocol === 'https:';
  const body = JSON.stringify(payload);
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(body)), accept: 'application/json' };
  const request = secure ? https.request : http.request;
  return new Promise<JsonAnswer>((resolve, reject) => {
    const req = request(target, { method: 'POST', headers, agent: secure ? httpsAgent : httpAgent }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('error', reject);
      res.on('end', () => resolve({ status: res.statusCode ?? 0, statusMessage: res.statusMessage ?? '', headers: res.headers, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}
