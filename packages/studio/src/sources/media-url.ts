import { StudioError } from '../studio-error';

/**
 * Turns a spec's `url` into something the browser can load: a URL string (http(s), data:, blob:)
 * or the file itself. The app passes one that reads `blob-store:<key>` from IndexedDB.
 */
export type ResolveUrl = (url: string) => Promise<string | Blob>;

const BLOB_STORE = 'blob-store:';

/** A URL for messages: data: URLs can be megabytes long. */
export function describeUrl(url: string): string {
  return url.length > 80 ? `${url.slice(0, 77)}…` : url;
}

/** What `url` resolves to; `blob-store:` needs the app's resolver. */
export async function resolveMediaUrl(
  url: string,
  resolveUrl: ResolveUrl | undefined,
): Promise<string | Blob> {
  if (resolveUrl) {
    try {
      return await resolveUrl(url);
    } catch (error) {
      throw error instanceof StudioError ? error : StudioError.sourceUnavailable(describeUrl(url), error);
    }
  }
  if (url.startsWith(BLOB_STORE))
    throw StudioError.sourceUnavailable(`${describeUrl(url)} (no file store is connected to the studio)`);
  return url;
}

/** The bytes behind `url`: fetched, with an HTTP error or a network failure as a clear StudioError. */
export async function fetchMedia(
  url: string,
  resolveUrl: ResolveUrl | undefined,
  what: string,
): Promise<Blob> {
  const resolved = await resolveMediaUrl(url, resolveUrl);
  if (typeof resolved !== 'string') return resolved;
  let response: Response;
  try {
    response = await fetch(resolved);
  } catch (error) {
    // fetch() rejects with a bare TypeError for DNS, refused connections and CORS alike.
    throw StudioError.sourceUnavailable(
      `${what} ${describeUrl(url)} (the server did not answer or refused this site)`,
      error,
    );
  }
  if (!response.ok)
    throw StudioError.sourceUnavailable(`${what} ${describeUrl(url)} (HTTP ${response.status})`);
  try {
    return await response.blob();
  } catch (error) {
    throw StudioError.sourceUnavailable(`${what} ${describeUrl(url)} (the download broke off)`, error);
  }
}

/**
 * A URL a media element can load, and its release: a resolved Blob becomes an object URL that is
 * revoked when the element no longer needs it.
 */
export async function elementSource(
  url: string,
  resolveUrl: ResolveUrl | undefined,
): Promise<{ src: string; release(): void }> {
  const resolved = await resolveMediaUrl(url, resolveUrl);
  if (typeof resolved === 'string') return { src: resolved, release: () => undefined };
  const src = URL.createObjectURL(resolved);
  return { src, release: () => URL.revokeObjectURL(src) };
}
