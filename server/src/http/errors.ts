import { ErrorCodes, type ErrorBody, type ErrorCode } from '@brume/protocol';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { MetadataError } from '../metadata/metadata-error';
import { LimitError } from '../limits/limit-error';
import { BrumeError } from '../util/brume-error';
import { cacheControlFor } from './cache-control';

/** An error with an explicit HTTP status, for conditions that only exist at the HTTP layer. */
export class HttpError extends BrumeError {
  override name = 'HttpError';

  constructor(
    readonly status: number,
    code: ErrorCode,
    message: string,
  ) {
    super(code, message);
  }

  static badRequest(message: string): HttpError {
    return new HttpError(400, ErrorCodes.badRequest, message);
  }

  static invalidStreamName(name: string): HttpError {
    return new HttpError(
      400,
      ErrorCodes.invalidStreamName,
      `invalid stream name "${name.slice(0, 80)}": use 1-64 of A-Z a-z 0-9 _ -, optionally base+suffix`,
    );
  }

  static unsupportedMediaType(expected: string, got: string | undefined): HttpError {
    return new HttpError(
      415,
      ErrorCodes.unsupportedMediaType,
      `expected Content-Type ${expected}, got ${got ? got : 'none'}`,
    );
  }

  static notFound(method: string, url: string): HttpError {
    return new HttpError(404, ErrorCodes.notFound, `no route for ${method} ${url.split('?')[0]}`);
  }
}

/** The HTTP status of each stable error code. */
const STATUS: Record<ErrorCode, number> = {
  [ErrorCodes.invalidStreamName]: 400,
  [ErrorCodes.streamNotFound]: 404,
  [ErrorCodes.unsupportedMediaType]: 415,
  [ErrorCodes.bodyTooLarge]: 413,
  [ErrorCodes.badRequest]: 400,
  [ErrorCodes.notFound]: 404,
  [ErrorCodes.internal]: 500,
  [ErrorCodes.malformedSdp]: 400,
  [ErrorCodes.noUsableCodec]: 422,
  [ErrorCodes.streamBusy]: 409,
  [ErrorCodes.sessionNotFound]: 404,
  [ErrorCodes.preconditionFailed]: 412,
  [ErrorCodes.adminUnauthorized]: 401,
  [ErrorCodes.adminLoopbackOnly]: 403,
  [ErrorCodes.adminNotKickable]: 409,
  [ErrorCodes.adminStreamNotConfigured]: 404,
  [ErrorCodes.configInvalid]: 422,
  [ErrorCodes.unauthorized]: 401,
  [ErrorCodes.publishKey]: 401,
  [ErrorCodes.ipNotAllowed]: 403,
  [ErrorCodes.pushRefused]: 403,
  [ErrorCodes.viewerTokenRequired]: 401,
  [ErrorCodes.viewerTokenInvalid]: 403,
  [ErrorCodes.viewerRefused]: 403,
  [ErrorCodes.viewerTokenUnconfigured]: 503,
  [ErrorCodes.wsBadMessage]: 400,
  [ErrorCodes.segmentNotFound]: 404,
  [ErrorCodes.mediaUnavailable]: 503,
  [ErrorCodes.streamNotLive]: 409,
  [ErrorCodes.invalidMetadata]: 400,
  [ErrorCodes.metadataTooLarge]: 413,
  [ErrorCodes.metadataTimeOutOfRange]: 422,
  [ErrorCodes.invalidTrackName]: 400,
  [ErrorCodes.trackConflict]: 409,
  [ErrorCodes.trackNotFound]: 404,
  [ErrorCodes.rateLimited]: 429,
  [ErrorCodes.clipInvalidRange]: 400,
  [ErrorCodes.clipOutOfWindow]: 422,
  [ErrorCodes.clipTooLong]: 413,
  [ErrorCodes.recordingNotFound]: 404,
  [ErrorCodes.recordingActive]: 409,
  [ErrorCodes.overCapacity]: 503,
  [ErrorCodes.shuttingDown]: 503,
  [ErrorCodes.workerUnavailable]: 503,
  [ErrorCodes.clusterOnly]: 403,
};

/** Maps any thrown value to a status and an `ErrorBody`. */
export function toErrorResponse(
  error: unknown,
  request?: FastifyRequest,
): { status: number; body: ErrorBody } {
  if (error instanceof HttpError) {
    return { status: error.status, body: { error: { code: error.code, message: error.message } } };
  }
  if (error instanceof BrumeError) {
    return { status: STATUS[error.code], body: { error: { code: error.code, message: error.message } } };
  }
  const fastifyError = error as Partial<FastifyError>;
  switch (fastifyError.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return body(
        413,
        ErrorCodes.bodyTooLarge,
        `request body is larger than ${Math.round((request?.routeOptions.bodyLimit ?? 65536) / 1024)} KiB`,
      );
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return body(
        415,
        ErrorCodes.unsupportedMediaType,
        `unsupported Content-Type ${request?.headers['content-type'] ?? '(none)'}`,
      );
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return body(400, ErrorCodes.badRequest, fastifyError.message ?? 'bad request');
  }
  const status = fastifyError.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return body(status, ErrorCodes.badRequest, fastifyError.message ?? 'bad request');
  }
  return body(500, ErrorCodes.internal, 'internal server error; see the server log');
}

function body(status: number, code: ErrorCode, message: string) {
  return { status, body: { error: { code, message } } };
}

/**
 * One error handler and one not-found handler for the whole app: every error is JSON. `fallback`
 * may answer a not-found request first (the "build missing" page).
 */
export function registerErrorHandlers(
  app: FastifyInstance,
  fallback?: (request: FastifyRequest, reply: FastifyReply) => FastifyReply | undefined,
): void {
  app.setErrorHandler((error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const { status, body: payload } = toErrorResponse(error, request);
    // Only a failure of ours deserves ERROR and a stack; a 503 (a blocking playlist that timed out, a
    // stream not producing yet) is an expected answer the client retries.
    if (status === 500) request.log.error({ err: error, url: request.url }, 'request failed');
    else if (status > 500)
      request.log.warn({ code: payload.error.code, url: request.url }, payload.error.message);
    else request.log.debug({ code: payload.error.code, url: request.url }, payload.error.message);
    if ((error instanceof MetadataError || error instanceof LimitError) && error.retryAfterMs !== undefined) {
      reply.header('Retry-After', String(Math.max(1, Math.ceil(error.retryAfterMs / 1000))));
    }
    // Media a moment from existing: a player (or a cache's next request) tries again shortly.
    if (error instanceof BrumeError && error.code === ErrorCodes.mediaUnavailable)
      reply.header('Retry-After', '1');
    // A draining server wants the client's next request on a new connection (to another server).
    if (error instanceof LimitError && error.code === ErrorCodes.shuttingDown)
      reply.header('Connection', 'close');
    // No cache in front (nginx, a CDN) may keep an error: it would pin an outage or an early miss.
    reply.header('Cache-Control', cacheControlFor('error'));
    return reply.status(status).type('application/json').send(payload);
  });
  app.setNotFoundHandler((request, reply) => {
    const handled = fallback?.(request, reply);
    if (handled) return handled;
    const { status, body: payload } = toErrorResponse(HttpError.notFound(request.method, request.url));
    return reply
      .status(status)
      .header('Cache-Control', cacheControlFor('error'))
      .type('application/json')
      .send(payload);
  });
}
