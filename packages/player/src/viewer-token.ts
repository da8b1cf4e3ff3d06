import type { StreamInfo } from '@brume/protocol';

/**
 * `url` with `token` as its `token` query parameter (replacing one it had, other parameters and the
 * fragment kept): how a Brume relay takes viewer tokens on every output, in URLs a player engine
 * fetches without knowing about tokens. Unchanged without a token.
 */
export function withViewerToken(url: string, token: string | undefined): string {
  if (!token) return url;
  const hash = url.indexOf('#');
  const head = hash < 0 ? url : url.slice(0, hash);
  const fragment = hash < 0 ? '' : url.slice(hash);
  const query = head.indexOf('?');
  const path = query < 0 ? head : head.slice(0, query);
  const kept =
    query < 0
      ? []
      : head
          .slice(query + 1)
          .split('&')
          .filter((p) => p && !p.startsWith('token='));
  return `${path}?${[...kept, `token=${encodeURIComponent(token)}`].join('&')}${fragment}`;
}

/** `info` with the token on every source URL (the same object without a token). */
export function infoWithViewerToken(info: StreamInfo, token: string | undefined): StreamInfo {
  if (!token) return info;
  return {
    ...info,
    sources: info.sources.map((source) => ({ ...source, url: withViewerToken(source.url, token) })),
  };
}

/** The relay's refusals of a viewer (`auth/token-required`, `auth/token-invalid`, ...), said in `info.error`. */
export function isAccessRefusal(code: string | undefined): boolean {
  return code !== undefined && code.startsWith('auth/');
}
