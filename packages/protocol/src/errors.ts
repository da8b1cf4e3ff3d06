/** The JSON body of every HTTP error the server returns. */
export interface ErrorBody {
  error: { code: ErrorCode | (string & {}); message: string };
}

/**
 * Stable error codes shared by server and clients. Callers switch on these, never on messages.
 */
export const ErrorCodes = {
  invalidStreamName: 'stream/invalid-name',
  streamNotFound: 'stream/not-found',
  unsupportedMediaType: 'http/unsupported-media-type',
  bodyTooLarge: 'http/body-too-large',
  badRequest: 'http/bad-request',
  notFound: 'http/not-found',
  internal: 'http/internal',
  malformedSdp: 'sdp/malformed',
  noUsableCodec: 'sdp/no-usable-codec',
  streamBusy: 'whip/stream-busy',
  sessionNotFound: 'session/not-found',
  preconditionFailed: 'session/precondition-failed',
  unauthorized: 'auth/unauthorized',
  wsBadMessage: 'ws/bad-message',
  /** An HLS/DASH part, segment or init that is not (or no longer, or not yet) held. */
  segmentNotFound: 'media/segment-not-found',
  /** Media a request waited for did not come in time (HLS blocking reload: 503). */
  mediaUnavailable: 'media/unavailable',
} as const;

export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];

export function isErrorBody(value: unknown): value is ErrorBody {
  if (typeof value !== 'object' || value === null) return false;
  const error = (value as { error?: unknown }).error;
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { code?: unknown }).code === 'string' &&
    typeof (error as { message?: unknown }).message === 'string'
  );
}
