import type { IncomingHttpHeaders } from 'node:http';

/**
 * What a token may look like to be carried into URLs (playlists, MPDs, stream info): URL-unreserved
 * characters only, so it needs no escaping anywhere it goes. Signed tokens always fit; a custom one
 * for a `user_new` hook must too to travel.
 */
const CARRIABLE = /^[A-Za-z0-9._~-]{1,2048}$/;

/**
 * The token a viewer presented: `?token=` (the one way that works for every player and for URLs a
 * playlist lists), else `Authorization: Bearer` (for clients that set headers: WHEP, fetch).
 */
export function presentedToken(query: unknown, headers: IncomingHttpHeaders): string | undefined {
  const fromQuery = (query as { token?: unknown } | undefined)?.token;
  const value = Array.isArray(fromQuery) ? (fromQuery[0] as unknown) : fromQuery;
  if (typeof value === 'string' && value !== '') return value;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(headers.authorization ?? '');
  return match?.[1];
}

/** `token` if it can be put into a URL as is, else undefined. */
export function carriableToken(token: string | undefined): string | undefined {
  return token !== undefined && CARRIABLE.test(token) ? token : undefined;
}

/** `?token=TOKEN` to append to a relative or absolute URL without a query, or '' without a token. */
export function tokenQuery(token: string | undefined): string {
  return token === undefined ? '' : `?token=${token}`;
}

/** `url` with `token` set as its `token` query parameter (other parameters kept). */
export function withToken(url: string, token: string | undefined): string {
  if (token === undefined) return url;
  const hash = url.indexOf('#');
  const [head, fragment] = hash < 0 ? [url, ''] : [url.slice(0, hash), url.slice(hash)];
  const query = head.indexOf('?');
  if (query < 0) return `${head}?token=${token}${fragment}`;
  const kept = head
    .slice(query + 1)
    .split('&')
    .filter((pair) => pair !== '' && !pair.startsWith('token='));
  return `${head.slice(0, query)}?${[...kept, `token=${token}`].join('&')}${fragment}`;
}
