import { parseRetryAfter, type DeliveryOutcome } from './retry-policy';

export interface PostResult {
  outcome: DeliveryOutcome;
  /** The response body (a 2xx only; others are read and discarded). */
  body?: string;
  contentType?: string;
}

export interface PostOptions {
  /** The try's own limit: connecting, the answer and its body. */
  timeoutMs: number;
  /** Cancels the try from outside (the notifier disposed). */
  signal?: AbortSignal;
}

/** Sent with every webhook, so receivers can tell the relay's calls apart in their logs. */
const USER_AGENT = 'brume-relay';

/**
 * POSTs `body` as JSON and reads the answer, never throwing for the receiver's sake: an HTTP error,
 * a timeout and a network failure all come back as an outcome. Only a cancel through `signal`
 * rejects (with its `AbortError`).
 */
export async function postJson(url: string, body: string, options: PostOptions): Promise<PostResult> {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([timeout, options.signal]) : timeout;
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'User-Agent': USER_AGENT },
      body,
      signal,
      // A hook that redirects is misconfigured; following it could post the event elsewhere.
      redirect: 'manual',
    });
    // Read the body either way: it frees the connection for keep-alive, and the time limit covers it.
    const text = await response.text();
    const contentType = response.headers.get('content-type') ?? '';
    if (response.ok)
      return { outcome: { kind: 'response', status: response.status }, body: text, contentType };
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), Date.now());
    return {
      outcome: {
        kind: 'response',
        status: response.status,
        ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      },
    };
  } catch (error) {
    if (options.signal?.aborted) throw options.signal.reason;
    if (timeout.aborted) return { outcome: { kind: 'timeout' } };
    return { outcome: { kind: 'network', message: networkMessage(error) } };
  }
}

/** `fetch failed` says nothing; its cause says `ECONNREFUSED` or `getaddrinfo ENOTFOUND host`. */
function networkMessage(error: unknown): string {
  const cause = error instanceof Error ? error.cause : undefined;
  if (cause instanceof Error) {
    const code = (cause as NodeJS.ErrnoException).code;
    return code && !cause.message.includes(code) ? `${code}: ${cause.message}` : cause.message;
  }
  return error instanceof Error ? error.message : String(error);
}
