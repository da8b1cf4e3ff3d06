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
  /** The admin API (and sessions, metrics, recording control) without the right admin Bearer token. */
  adminUnauthorized: 'admin/unauthorized',
  /** No admin token is configured: only clients on this machine may use the admin API. */
  adminLoopbackOnly: 'admin/loopback-only',
  /** The session cannot be ended by the server (LL-HLS/LL-DASH viewers are separate requests). */
  adminNotKickable: 'admin/not-kickable',
  /** No entry of that name in the config file. */
  adminStreamNotConfigured: 'admin/stream-not-configured',
  /** A config change that the schema refuses; `problems` says where and why. */
  configInvalid: 'config/invalid',
  unauthorized: 'auth/unauthorized',
  /** WHIP without a valid stream key (`Authorization: Bearer`) for a stream that has keys: 401. */
  publishKey: 'auth/publish-key',
  /** A publisher's address is not in the stream's `allowPublishFrom` list: 403. */
  ipNotAllowed: 'auth/ip-not-allowed',
  /** The `push_rewrite` hook refused the publish (or did not answer and its default is deny): 403. */
  pushRefused: 'auth/push-refused',
  /** A stream that asks for viewer tokens was requested without one (`?token=` or Bearer): 401. */
  viewerTokenRequired: 'auth/token-required',
  /** A viewer token that is malformed, badly signed, expired or for another stream: 403. */
  viewerTokenInvalid: 'auth/token-invalid',
  /** The `user_new` hook refused this viewer: 403. */
  viewerRefused: 'auth/viewer-refused',
  /** A stream asks for viewer tokens but the server has no `auth.viewerTokenSecret`: 503 until set. */
  viewerTokenUnconfigured: 'auth/token-unconfigured',
  wsBadMessage: 'ws/bad-message',
  /** An HLS/DASH part, segment or init that is not (or no longer, or not yet) held. */
  segmentNotFound: 'media/segment-not-found',
  /** Media a request waited for did not come in time (HLS blocking reload: 503). */
  mediaUnavailable: 'media/unavailable',
  /** The stream exists but has no live publish (metadata needs its timeline). */
  streamNotLive: 'stream/not-live',
  /** A metadata body, message or line that is not valid JSON, not an event, or has a bad field. */
  invalidMetadata: 'metadata/invalid',
  /** A metadata event whose JSON is over 64 KiB, or a line over 64 KiB on the TCP protocol. */
  metadataTooLarge: 'metadata/too-large',
  /** A metadata event's time is before the DVR window or too far ahead of the live edge. */
  metadataTimeOutOfRange: 'metadata/time-out-of-range',
  /** A metadata track name that does not follow the stream-name rules. */
  invalidTrackName: 'metadata/invalid-track-name',
  /** The track exists with another kind (a subtitle document to a json track, or a re-declaration). */
  trackConflict: 'metadata/track-conflict',
  /** No metadata track of that name on the stream. */
  trackNotFound: 'metadata/track-not-found',
  /** The connection sent events faster than its rate limit; retry after the time given. */
  rateLimited: 'metadata/rate-limited',
  /** A clip's `start`/`end` that does not parse, or an end not after its start. */
  clipInvalidRange: 'clip/invalid-range',
  /** A clip range that is not inside the stream's DVR window. */
  clipOutOfWindow: 'clip/out-of-window',
  /** A clip longer than the server's `maxClipMs`. */
  clipTooLong: 'clip/too-long',
  /** No recording file of that name, or no recording running for that stream. */
  recordingNotFound: 'recording/not-found',
  /** The stream is already being recorded. */
  recordingActive: 'recording/active',
  /** A configured limit (publishers, viewers, blocking playlist requests) is reached: 503, retry later. */
  overCapacity: 'server/over-capacity',
  /** The server is draining before it exits: 503, try another server or retry later. */
  shuttingDown: 'server/shutting-down',
  /** The worker process holding this stream is (re)starting: 503, retry in a second. */
  workerUnavailable: 'server/worker-unavailable',
  /** A cluster worker was reached directly, not through the front port: 403. */
  clusterOnly: 'server/cluster-only',
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
