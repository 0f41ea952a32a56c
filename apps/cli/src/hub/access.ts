import type { IncomingMessage } from 'node:http';
import { tokenMatches } from './hub-token.js';

export const isLoopbackHost = (host: string) =>
  host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);

export interface AccessRules {
  /** The address the hub is bound to. */
  bindHost: string;
  port: number;
  /** Required from every client when set (always set for binds beyond loopback). */
  token?: string;
  /** Browser origins allowed besides the hub's own. */
  allowedOrigins: string[];
}

export type Verdict = { ok: true } | { ok: false; status: number; reason: string };

/** `Host: 127.0.0.1:7460` → '127.0.0.1'; `[::1]:7460` → '::1'. */
function hostName(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const match = /^(\[[^\]]+\]|[^:]+)(?::\d+)?$/.exec(header.trim().toLowerCase());
  return match?.[1]?.replace(/^\[|\]$/g, '');
}

/**
 * Who may talk to the hub:
 * - on a loopback bind, the Host header must name loopback, so a web page that rebinds its
 *   own domain name to 127.0.0.1 (DNS rebinding) is refused;
 * - a browser (it always sends Origin) must come from the hub's own origin or an allowed one,
 *   so another site open in the same browser cannot drive the hub;
 * - with a token, every client presents it (Authorization: Bearer, or ?token= for browsers).
 */
export function checkAccess(
  req: IncomingMessage,
  rules: AccessRules,
  options: { needsToken: boolean },
): Verdict {
  const host = hostName(req.headers.host);
  if (isLoopbackHost(rules.bindHost)) {
    if (!host || !(isLoopbackHost(host) || host === rules.bindHost))
      return {
        ok: false,
        status: 403,
        reason: `the Host header "${req.headers.host ?? ''}" is not this hub`,
      };
  }
  const origin = req.headers.origin;
  if (
    origin !== undefined &&
    (origin === 'null' || !originAllowed(origin, rules, req.headers.host))
  )
    return { ok: false, status: 403, reason: `the origin ${origin} may not use this hub` };
  if (options.needsToken && rules.token) {
    const given = bearer(req.headers.authorization) ?? queryToken(req.url);
    if (!tokenMatches(rules.token, given))
      return { ok: false, status: 401, reason: 'a valid token is required' };
  }
  return { ok: true };
}

function originAllowed(
  origin: string,
  rules: AccessRules,
  hostHeader: string | undefined,
): boolean {
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return false;
  }
  if (rules.allowedOrigins.includes(parsed.origin)) return true;
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return false;
  const port = Number(parsed.port || (parsed.protocol === 'https:' ? 443 : 80));
  if (port !== rules.port) return false;
  const name = parsed.hostname.replace(/^\[|\]$/g, '');
  // The hub's own pages: its loopback names, the address it is bound to, or the Host the
  // browser used to reach it (an origin equal to the Host header is same-origin by definition).
  if (isLoopbackHost(name) && isLoopbackHost(rules.bindHost)) return true;
  if (name === rules.bindHost) return true;
  return hostHeader !== undefined && parsed.host === hostHeader.toLowerCase();
}

function bearer(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return match?.[1];
}

function queryToken(url: string | undefined): string | undefined {
  try {
    return new URL(url ?? '/', 'http://hub').searchParams.get('token') ?? undefined;
  } catch {
    return undefined;
  }
}
