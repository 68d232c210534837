import { BlockList, isIP } from 'node:net';
import type { RequestHandler } from 'express';

/*
 * Local mode: no MicrosoftAppId, so no Bot Framework token can be checked.
 * Then the only callers we trust are on this machine (the Agents Playground,
 * the Emulator), and the only place we send replies to is this machine too:
 * otherwise anyone who can reach the port could act as any user it names and
 * have stories and internal notes posted to a serviceUrl of their choosing.
 */

const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

/** 127.0.0.0/8, ::1, and IPv4-mapped ::ffff:127.x. */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const bare = address.replace(/^\[|\]$/g, '');
  const family = isIP(bare);
  if (family === 0) return false;
  return loopback.check(bare, family === 6 ? 'ipv6' : 'ipv4');
}

/** A URL whose host is localhost, 127.x or [::1]. */
export function isLoopbackUrl(url: string): boolean {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return false;
  }
  return host === 'localhost' || host.endsWith('.localhost') || isLoopbackAddress(host);
}

/** The addresses a proxy says it forwarded for (X-Forwarded-For, Forwarded: for=…). */
function forwardedFor(headers: Record<string, string | string[] | undefined>): string[] {
  const list = (h: string | string[] | undefined) => (Array.isArray(h) ? h.join(',') : (h ?? ''));
  const xff = list(headers['x-forwarded-for'])
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const fwd = [...list(headers.forwarded).matchAll(/for="?([^";,]+)"?/gi)].map((m) => m[1]!.replace(/:\d+$/, '').trim());
  return [...xff, ...fwd];
}

/**
 * Refuses any caller not on this machine. A request relayed by a proxy on
 * this machine counts as coming from where the proxy says it came from, so a
 * local reverse proxy does not open the door.
 */
export function loopbackClientsOnly(): RequestHandler {
  return (req, res, next) => {
    const peer = req.socket.remoteAddress;
    const relayed = forwardedFor(req.headers);
    if (isLoopbackAddress(peer) && relayed.every(isLoopbackAddress)) return next();
    res.status(403).json({
      error:
        'Teams local mode (MicrosoftAppId is not set) answers only clients on this machine. ' +
        'Set MicrosoftAppId and MicrosoftAppPassword to accept Bot Framework traffic from Teams.',
    });
  };
}

/** Why a reply to this serviceUrl would leave the machine in local mode, or undefined when it would not. */
export function serviceUrlRefusal(serviceUrl: string): string | undefined {
  if (isLoopbackUrl(serviceUrl)) return undefined;
  return (
    'Teams local mode (MicrosoftAppId is not set) replies only to a serviceUrl on this machine ' +
    '(localhost, 127.x or [::1]); this activity names another host.'
  );
}
