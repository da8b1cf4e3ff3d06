import { createHash, timingSafeEqual } from 'node:crypto';
import { BlockList } from 'node:net';
import { ErrorCodes, type ErrorCode } from '@brume/protocol';

/** What the access rule needs of a request. */
export interface AdminRequest {
  method: string;
  /** Path and query, as the request line has it. */
  url: string;
  /** The client's address (the socket's peer; no proxy header is trusted). */
  ip: string;
  headers: { authorization?: string | undefined; host?: string | undefined; origin?: string | undefined };
}

export type AdminDecision =
  | { allowed: true }
  | { allowed: false; status: 401 | 403; code: ErrorCode; message: string; challenge?: string };

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/** 127.0.0.0/8, ::1, and IPv4-mapped loopback (`::ffff:127.0.0.1`). */
export function isLoopback(ip: string): boolean {
  try {
    return ip.includes(':') ? LOOPBACK.check(ip, 'ipv6') : LOOPBACK.check(ip, 'ipv4');
  } catch {
    return false; // not an address at all
  }
}

/** Host names a browser on this machine uses for it: DNS rebinding cannot produce these. */
const LOOPBACK_HOST = /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])(?::\d{1,5})?$/i;

/**
 * What needs the admin token besides `/api/admin/...`: the session list (client addresses), the
 * metrics (the same, in aggregate, and what Prometheus scrapes with a bearer token) and recording
 * control (it writes files). Stream info and `/api/stats` stay public.
 */
export function isAdminOnly(method: string, url: string): boolean {
  const path = url.split('?', 1)[0] ?? '';
  if (method === 'OPTIONS') return false; // preflights carry no credentials
  if (path === '/api/admin' || path.startsWith('/api/admin/')) return true;
  const read = method === 'GET' || method === 'HEAD';
  if (read && (path === '/api/sessions' || path === '/metrics')) return true;
  return (method === 'POST' || method === 'DELETE') && /^\/api\/streams\/[^/]+\/recording\/?$/.test(path);
}

/** Compares in constant time, whatever the lengths (both sides hashed to 32 bytes first). */
export function tokenMatches(given: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}

function bearerOf(authorization: string | undefined): string | undefined {
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization ?? '');
  return match?.[1];
}

/**
 * Who may use the admin API. With `auth.adminToken` set: whoever sends it as a Bearer token (401 and
 * `WWW-Authenticate: Bearer` otherwise). Without one: clients on this machine only (403 for others),
 * so a relay started with no config keeps a usable local dashboard — and, because a browser on this
 * machine also runs other sites' pages, only when the request is not cross-site (no foreign
 * `Origin`) and names this machine in `Host` (DNS rebinding makes a foreign name point here).
 */
export function decideAdminAccess(request: AdminRequest, adminToken: string | undefined): AdminDecision {
  if (adminToken !== undefined && adminToken !== '') {
    const given = bearerOf(request.headers.authorization);
    if (given !== undefined && tokenMatches(given, adminToken)) return { allowed: true };
    return {
      allowed: false,
      status: 401,
      code: ErrorCodes.adminUnauthorized,
      message:
        given === undefined
          ? 'the admin API needs "Authorization: Bearer <auth.adminToken>"'
          : 'wrong admin token (auth.adminToken in the config file)',
      challenge: given === undefined ? 'Bearer realm="brume"' : 'Bearer realm="brume", error="invalid_token"',
    };
  }
  const refuse = (message: string): AdminDecision => ({
    allowed: false,
    status: 403,
    code: ErrorCodes.adminLoopbackOnly,
    message: `${message}; set auth.adminToken in the config file to use the admin API from elsewhere`,
  });
  if (!isLoopback(request.ip))
    return refuse('no admin token is configured: the admin API answers this machine only');
  const host = request.headers.host ?? '';
  if (!LOOPBACK_HOST.test(host))
    return refuse(`no admin token is configured: Host "${host}" is not this machine`);
  const origin = request.headers.origin;
  if (origin !== undefined && hostOf(origin) !== host.toLowerCase()) {
    return refuse(`no admin token is configured: cross-origin requests (from ${origin}) are refused`);
  }
  return { allowed: true };
}

function hostOf(origin: string): string | undefined {
  try {
    return new URL(origin).host.toLowerCase();
  } catch {
    return undefined;
  }
}
