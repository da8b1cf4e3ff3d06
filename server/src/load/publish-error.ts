/** Why `brume publish` could not publish; `code` is stable, the message says what to do. */
export type PublishErrorCode =
  /** The relay answered the WHIP POST with an error status (`status`, and its `{error}` code if any). */
  | 'publish/rejected'
  /** No answer from the relay at all (refused, reset, DNS, timeout). */
  | 'publish/unreachable'
  /** The peer connection did not reach `connected` in time. */
  | 'publish/not-connected'
  /** ffmpeg could not start, or stopped with an error. */
  | 'publish/ffmpeg'
  /** The input cannot be sent as it is (`--copy` with B-frames or not H.264). */
  | 'publish/unsupported-input';

export class PublishError extends Error {
  override name = 'PublishError';

  constructor(
    readonly code: PublishErrorCode,
    message: string,
    options?: { cause?: unknown; status?: number; serverCode?: string },
  ) {
    super(message, options);
    this.status = options?.status;
    this.serverCode = options?.serverCode;
  }

  readonly status: number | undefined;
  readonly serverCode: string | undefined;

  static rejected(
    url: string,
    status: number,
    serverCode: string | undefined,
    serverMessage: string,
  ): PublishError {
    const hint = REJECTION_HINTS[status] ?? 'see the relay log';
    const detail = serverMessage ? `: ${serverMessage}` : '';
    return new PublishError('publish/rejected', `${url} answered ${status}${detail} (${hint})`, {
      status,
      serverCode,
    });
  }

  static unreachable(url: string, cause: unknown): PublishError {
    const reason =
      cause instanceof Error ? ((cause.cause as Error | undefined)?.message ?? cause.message) : String(cause);
    return new PublishError(
      'publish/unreachable',
      `cannot reach ${url} (${reason}); is the relay running there? (--server)`,
      {
        cause,
      },
    );
  }

  static notConnected(stream: string, timeoutMs: number): PublishError {
    return new PublishError(
      'publish/not-connected',
      `${stream}: no WebRTC connection within ${timeoutMs / 1000} s; the relay's ICE addresses may not be reachable from here`,
    );
  }

  static ffmpeg(message: string, cause?: unknown): PublishError {
    return new PublishError('publish/ffmpeg', message, { cause });
  }
}

const REJECTION_HINTS: Record<number, string> = {
  401: 'the stream needs a publish key: give --key',
  403: 'the key or this address is refused for this stream',
  409: 'the stream already has a live publisher: stop it or pick another name',
  429: 'too many requests: retry later or publish fewer streams',
  503: 'the relay is at its publisher limit or shutting down: retry later',
};
