import { createHash, timingSafeEqual } from 'node:crypto';

/** RFC 6750 §2.1 `b64token`. */
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;

/** The token of an `Authorization: Bearer <token>` header, or null (absent, another scheme, malformed). */
export function bearerToken(header: string | string[] | undefined): string | null {
  const value = Array.isArray(header) ? header[0] : header;
  return value === undefined ? null : (BEARER.exec(value)?.[1] ?? null);
}

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();

/**
 * Whether `token` is one of `keys`, in time that depends neither on where they differ nor on
 * their lengths: SHA-256 digests (all 32 bytes) compared with `timingSafeEqual`, every key tried.
 */
export function keyMatches(token: string, keys: readonly string[]): boolean {
  const given = digest(token);
  let match = false;
  for (const key of keys) match = timingSafeEqual(given, digest(key)) || match;
  return match;
}
