/**
 * Where a publisher remembers its live WHIP resource, so a reloaded page can DELETE what the
 * previous one left behind: the subset of the Web Storage API it uses (`sessionStorage`,
 * `localStorage`, or a Map-backed fake in tests).
 */
export type SessionStore = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** One entry per WHIP endpoint (stream name and server), so two publishers never share one. */
const KEY_PREFIX = 'brume.whip-session:';

/**
 * `sessionStorage` where the page has one. Per tab, and it survives a reload: exactly the stale
 * sessions this tab may clean up (a `localStorage` entry could DELETE another tab's live publish).
 * Undefined where storage is unavailable (opaque origins, some privacy modes throw on access).
 */
export function defaultSessionStore(): SessionStore | undefined {
  try {
    return globalThis.sessionStorage ?? undefined;
  } catch {
    return undefined;
  }
}

/** The resource URL remembered for `endpoint`, if any. Only the URL is kept: never the token. */
export function readStaleSession(store: SessionStore, endpoint: string): string | undefined {
  try {
    const value = store.getItem(KEY_PREFIX + endpoint);
    if (!value) return undefined;
    const parsed = JSON.parse(value) as { resourceUrl?: unknown };
    return typeof parsed.resourceUrl === 'string' ? parsed.resourceUrl : undefined;
  } catch {
    return undefined; // Unreadable or foreign: nothing we can clean up.
  }
}

export function rememberSession(store: SessionStore, endpoint: string, resourceUrl: string): void {
  try {
    store.setItem(KEY_PREFIX + endpoint, JSON.stringify({ resourceUrl }));
  } catch {
    // Quota or disabled storage: the cleanup after a reload is lost, publishing is not.
  }
}

/** Forgets `resourceUrl` for `endpoint`, unless a newer session has replaced it meanwhile. */
export function forgetSession(store: SessionStore, endpoint: string, resourceUrl: string): void {
  try {
    if (readStaleSession(store, endpoint) === resourceUrl) store.removeItem(KEY_PREFIX + endpoint);
  } catch {
    // As above: storage trouble never stops a publish.
  }
}
