/** Why a WHIP/WHEP exchange failed. Callers switch on `code`, never on the message. */
export type WhipErrorCode =
  | 'whip/network'
  | 'whip/aborted'
  | 'whip/unauthorized'
  | 'whip/not-found'
  | 'whip/conflict'
  | 'whip/rejected'
  | 'whip/server'
  | 'whip/unsupported'
  | 'whip/bad-response';

export class WhipError extends Error {
  override readonly name = 'WhipError';

  constructor(
    readonly code: WhipErrorCode,
    message: string,
    readonly details: { status?: number; serverCode?: string; cause?: unknown } = {},
  ) {
    super(message, { cause: details.cause });
  }

  /** The HTTP status that caused it, if the server answered. */
  get status(): number | undefined {
    return this.details.status;
  }

  /** The server's own error code (`{error:{code}}` body), if it sent one. */
  get serverCode(): string | undefined {
    return this.details.serverCode;
  }

  static network(url: string, cause: unknown): WhipError {
    return new WhipError('whip/network', `Could not reach ${url}: is the server running?`, { cause });
  }

  static aborted(): WhipError {
    return new WhipError('whip/aborted', 'The request was aborted.');
  }

  /** The server does not implement an optional part of the protocol (ICE restart: 405/422/501). */
  static unsupported(what: string, status: number): WhipError {
    return new WhipError('whip/unsupported', `The server does not support ${what} (${status}).`, { status });
  }

  static badResponse(message: string, status?: number): WhipError {
    return new WhipError('whip/bad-response', message, { status });
  }

  /** Maps an HTTP error answer to a typed error, keeping the server's message when it sent one. */
  static fromResponse(status: number, body: string, what: string): WhipError {
    let serverCode: string | undefined;
    let serverMessage: string | undefined;
    try {
      const parsed = JSON.parse(body) as { error?: { code?: unknown; message?: unknown } };
      if (typeof parsed.error?.code === 'string') serverCode = parsed.error.code;
      if (typeof parsed.error?.message === 'string') serverMessage = parsed.error.message;
    } catch {
      // Not JSON: a proxy or a foreign server; the status alone has to do.
    }
    const message = `${what} failed (${status})${serverMessage ? `: ${serverMessage}` : ''}`;
    const code: WhipErrorCode =
      status === 401 || status === 403
        ? 'whip/unauthorized'
        : status === 404
          ? 'whip/not-found'
          : status === 409
            ? 'whip/conflict'
            : status >= 500
              ? 'whip/server'
              : 'whip/rejected';
    return new WhipError(code, message, { status, serverCode });
  }
}
