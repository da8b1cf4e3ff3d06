/** Why a `RawHttpClient` request failed; `code` is stable, the message says what went wrong. */
export type RawHttpErrorCode =
  /** The bytes the server sent are not an HTTP/1.x response this client understands. */
  | 'raw-http/bad-response'
  /** No complete response within the request's timeout (the connection is dropped). */
  | 'raw-http/timeout'
  /** The connection closed (or failed) before the response was complete. */
  | 'raw-http/closed'
  /** A request was made while another was still waiting on the same connection. */
  | 'raw-http/busy'
  /** The client was disposed. */
  | 'raw-http/disposed';

export class RawHttpError extends Error {
  override name = 'RawHttpError';

  constructor(
    readonly code: RawHttpErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  static badResponse(reason: string): RawHttpError {
    return new RawHttpError('raw-http/bad-response', `malformed HTTP response: ${reason}`);
  }

  static timeout(path: string, timeoutMs: number): RawHttpError {
    return new RawHttpError('raw-http/timeout', `GET ${path}: no complete response within ${timeoutMs} ms`);
  }

  static closed(path: string, cause?: unknown): RawHttpError {
    const reason = cause instanceof Error ? `: ${cause.message}` : '';
    return new RawHttpError(
      'raw-http/closed',
      `GET ${path}: the connection closed before the response was complete${reason}`,
      { cause },
    );
  }

  static busy(path: string): RawHttpError {
    return new RawHttpError(
      'raw-http/busy',
      `GET ${path}: the connection is still waiting on a response (one request at a time per client)`,
    );
  }

  static disposed(path: string): RawHttpError {
    return new RawHttpError('raw-http/disposed', `GET ${path}: the client was disposed`);
  }
}
