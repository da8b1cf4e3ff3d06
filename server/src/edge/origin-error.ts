/** Stable codes of an edge's failures to pull from an origin; they appear in logs and stream info. */
export const OriginErrorCodes = {
  /** The origin has no such stream live (WHEP 404/409). The next candidate is tried; not retried. */
  notFound: 'edge/origin-not-found',
  /** The origin refused the edge (401/403): the `origin.token` is missing or wrong. */
  refused: 'edge/origin-refused',
  /** No answer, a 5xx, or no media: the origin is down or overloaded. Retried with backoff. */
  unreachable: 'edge/origin-unreachable',
  /** A pull that was running stopped receiving (ICE/DTLS gone, media silent): failover. */
  lost: 'edge/origin-lost',
} as const;

export type OriginErrorCode = (typeof OriginErrorCodes)[keyof typeof OriginErrorCodes];

/** Why one attempt to pull from one origin failed. */
export class OriginError extends Error {
  override name = 'OriginError';

  constructor(
    readonly code: OriginErrorCode,
    readonly origin: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  static fromStatus(origin: string, name: string, status: number, body: string): OriginError {
    const detail = `${origin} answered ${status} for ${name}${body ? `: ${body.slice(0, 200)}` : ''}`;
    if (status === 404 || status === 409) return new OriginError(OriginErrorCodes.notFound, origin, detail);
    if (status === 401 || status === 403) {
      return new OriginError(
        OriginErrorCodes.refused,
        origin,
        `${detail} (set origin.token to a viewer token the origin accepts)`,
      );
    }
    return new OriginError(OriginErrorCodes.unreachable, origin, detail);
  }

  static unreachable(origin: string, detail: string, cause?: unknown): OriginError {
    return new OriginError(OriginErrorCodes.unreachable, origin, `${origin} unreachable: ${detail}`, {
      cause,
    });
  }

  static lost(origin: string, detail: string): OriginError {
    return new OriginError(OriginErrorCodes.lost, origin, `lost ${origin}: ${detail}`);
  }
}
