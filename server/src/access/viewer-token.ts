import { createHmac, timingSafeEqual } from 'node:crypto';
import { parseStreamName } from '@brume/protocol';

/** What a viewer token says: which stream(s) it opens, and until when. */
export interface ViewerTokenClaims {
  /**
   * Its scope: an exact stream name (`live+alice` opens only `live+alice`), or a base name, which
   * opens that stream and every wildcard stream under it (`live` opens `live`, `live+alice`,
   * `live+bob`, ...), as `live+alice` takes the config of `live`.
   */
  stream: string;
  /** Unix milliseconds; the token is refused from this instant on. */
  expiresAtMs: number;
}

/** Why a token was refused; `auth/token-invalid` carries it in its message. */
export type ViewerTokenRejection = 'malformed' | 'bad-signature' | 'expired' | 'wrong-stream';

export type ViewerTokenCheck =
  { ok: true; claims: ViewerTokenClaims } | { ok: false; reason: ViewerTokenRejection };

/**
 * The shape of a token: base64url payload, a dot, base64url signature. What passes it can go into a
 * URL, a playlist or an MPD attribute without escaping.
 */
export const VIEWER_TOKEN_PATTERN = /^[A-Za-z0-9_-]{1,1024}\.[A-Za-z0-9_-]{43}$/;

/**
 * A token for `claims.stream` until `claims.expiresAtMs`: `base64url(JSON {s, e}) "." base64url(
 * HMAC-SHA256(secret, payload part))`. Stateless: any relay with the same secret accepts it.
 */
export function signViewerToken(secret: string, claims: ViewerTokenClaims): string {
  if (secret === '') throw new RangeError('a viewer token secret must not be empty');
  if (!parseStreamName(claims.stream)) {
    throw new RangeError(`"${claims.stream.slice(0, 80)}" is not a valid stream name to scope a token to`);
  }
  if (!Number.isSafeInteger(claims.expiresAtMs) || claims.expiresAtMs < 0) {
    throw new RangeError(`expiresAtMs must be a whole Unix millisecond time, got ${claims.expiresAtMs}`);
  }
  const payload = Buffer.from(JSON.stringify({ s: claims.stream, e: claims.expiresAtMs })).toString(
    'base64url',
  );
  return `${payload}.${signature(secret, payload).toString('base64url')}`;
}

/**
 * Checks `token` for `streamName` at `nowMs`: well-formed, signed with `secret` (compared in
 * constant time), not expired, and its scope covers the stream ({@link tokenScopeCovers}).
 */
export function verifyViewerToken(
  secret: string,
  token: string,
  streamName: string,
  nowMs: number,
): ViewerTokenCheck {
  if (!VIEWER_TOKEN_PATTERN.test(token)) return { ok: false, reason: 'malformed' };
  const dot = token.indexOf('.');
  const payload = token.slice(0, dot);
  // Compared as text, not decoded: base64url's last character has spare bits, so several strings
  // decode to the same bytes, and only the one we write is the token.
  const given = Buffer.from(token.slice(dot + 1));
  const expected = Buffer.from(signature(secret, payload).toString('base64url'));
  // Length first: timingSafeEqual throws on different lengths.
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, reason: 'bad-signature' };
  }
  const claims = parseClaims(payload);
  if (!claims) return { ok: false, reason: 'malformed' };
  if (nowMs >= claims.expiresAtMs) return { ok: false, reason: 'expired' };
  if (!tokenScopeCovers(claims.stream, streamName)) return { ok: false, reason: 'wrong-stream' };
  return { ok: true, claims };
}

/**
 * Whether a token scoped to `scope` opens `streamName`: the same name, or `scope` is a base name
 * (no `+`) and `streamName` is one of its wildcard streams (`live` opens `live+alice`). A token for
 * `live+alice` never opens `live` or `live+bob`.
 */
export function tokenScopeCovers(scope: string, streamName: string): boolean {
  if (scope === streamName) return true;
  const parsed = parseStreamName(streamName);
  return parsed !== undefined && parsed.suffix !== undefined && !scope.includes('+') && parsed.base === scope;
}

function signature(secret: string, payload: string): Buffer {
  return createHmac('sha256', secret).update(payload).digest();
}

function parseClaims(payload: string): ViewerTokenClaims | undefined {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { s, e } = value as { s?: unknown; e?: unknown };
  if (typeof s !== 'string' || !parseStreamName(s)) return undefined;
  if (typeof e !== 'number' || !Number.isSafeInteger(e)) return undefined;
  return { stream: s, expiresAtMs: e };
}
