import { ErrorCodes, isErrorBody } from '@brume/protocol';
import type { RawResponse } from './raw-http';

/** The only 5xx the relay may answer: 503s a client retries (documented in server/README.md). */
const DOCUMENTED_503 = new Set<string>([
  ErrorCodes.mediaUnavailable,
  ErrorCodes.overCapacity,
  ErrorCodes.shuttingDown,
]);

/**
 * What every answer to garbage must be: no 5xx but the documented 503s, and every 4xx/503 a JSON
 * `{error: {code, message}}`. Returns what is wrong, or undefined.
 */
export function responseProblem(response: RawResponse, method: string): string | undefined {
  const { status } = response;
  if (!(status >= 100 && status < 600)) return `status ${status}`;
  if (status < 400) return undefined;
  if (method === 'HEAD') return status >= 500 && status !== 503 ? `status ${status}` : undefined;
  // The one documented HTML error: an app entry (`/`, `/studio/`, `/player.js`) asked for before
  // `npm run build` gets a page for the person at the browser (a clean checkout's unit tests run unbuilt).
  if (status === 404 && (response.body ?? '').includes('<title>Brume: build missing</title>'))
    return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(response.body ?? '');
  } catch {
    return `status ${status} with a body that is not JSON: ${(response.body ?? '(none)').slice(0, 120)}`;
  }
  if (!isErrorBody(parsed)) return `status ${status} without {error: {code, message}}`;
  if (status >= 500) {
    if (status !== 503 || !DOCUMENTED_503.has(parsed.error.code))
      return `status ${status} ${parsed.error.code}: ${parsed.error.message}`;
    if (response.headers['retry-after'] === undefined && parsed.error.code !== ErrorCodes.mediaUnavailable)
      return `503 ${parsed.error.code} without Retry-After`;
  }
  return undefined;
}
