import type { FastifyInstance, FastifyRequest } from 'fastify';
import { HttpError } from './errors';

export const SDP = 'application/sdp';
export const SDP_FRAG = 'application/trickle-ice-sdpfrag';

/** WHIP/WHEP bodies are SDP text; Fastify hands them to handlers as strings. */
export function registerSdpParsers(app: FastifyInstance): void {
  app.addContentTypeParser([SDP, SDP_FRAG], { parseAs: 'string' }, (_request, body, done) =>
    done(null, body),
  );
}

/** The request's media type, without parameters, lower-cased. */
export function mediaType(request: FastifyRequest): string | undefined {
  return request.headers['content-type']?.split(';')[0]?.trim().toLowerCase() || undefined;
}

/** Throws 415 unless the body is of `expected` type; returns the body text. */
export function requireBody(request: FastifyRequest, expected: string): string {
  const type = mediaType(request);
  if (type !== expected) throw HttpError.unsupportedMediaType(expected, type);
  return typeof request.body === 'string' ? request.body : '';
}
