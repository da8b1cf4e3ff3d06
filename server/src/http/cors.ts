import type { FastifyInstance, FastifyReply } from 'fastify';

/** Paths that browsers on other origins call (players, studios, WHIP/WHEP clients, HLS/DASH players). */
const CORS_PREFIXES = ['/api/', '/whip/', '/whep/', '/hls/', '/dash/', '/clip/', '/recordings/'];

export const CORS_HEADERS: Record<string, string> = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, POST, PUT, PATCH, DELETE, OPTIONS',
  'Access-Control-Allow-Headers': 'Content-Type, Authorization, If-Match',
  // WHIP/WHEP clients must read these (MediaMTX #1841 is the classic miss); a refused or throttled
  // client reads why and when to come back.
  'Access-Control-Expose-Headers': 'Location, ETag, Link, Accept-Patch, WWW-Authenticate, Retry-After',
  'Access-Control-Max-Age': '86400',
};

/** The progressive files, `/NAME.mp4` and `/NAME.ts`. */
const PROGRESSIVE_FILE = /^\/[^/?]+\.(?:mp4|ts)(?:\?|$)/;

export function isCorsPath(url: string): boolean {
  return CORS_PREFIXES.some((prefix) => url.startsWith(prefix)) || PROGRESSIVE_FILE.test(url);
}

export function applyCors(reply: FastifyReply): void {
  reply.headers(CORS_HEADERS);
}

/**
 * CORS on every API/WHIP/WHEP response (errors included, so a browser client can read them), and
 * an answer to every preflight. `*` is enough: no cookies are used; bearer tokens travel in
 * Authorization, which is listed explicitly as the wildcard does not cover it.
 */
export function registerCors(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    if (isCorsPath(request.url)) applyCors(reply);
  });
  app.options('/*', async (request, reply) => {
    if (!isCorsPath(request.url)) return reply.callNotFound();
    return reply
      .status(204)
      .header('Accept-Post', 'application/sdp')
      .header('Accept-Patch', 'application/trickle-ice-sdpfrag')
      .send();
  });
}
