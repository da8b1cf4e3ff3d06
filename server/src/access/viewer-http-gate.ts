import { isValidStreamName } from '@brume/protocol';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { carriableToken, presentedToken } from './viewer-credentials';
import type { ViewerGate, ViewerOutput } from './viewer-gate';
import { isInternalRequest } from '../cluster/worker-access';

interface GatedRoute {
  output: ViewerOutput;
  /** HLS/DASH: many requests per viewer. */
  polled: boolean;
  /** The stream name of a request on this route (undefined: not a valid name; the route says 400). */
  stream(params: Record<string, string | undefined>): string | undefined;
}

const byName = ({ name }: Record<string, string | undefined>) => name;
const CLIP_FILE = /^(.+)\.(?:mp4|ts|mkv)$/;

/**
 * Every HTTP output of a stream, by method and route: WHEP's POST, every LL-HLS and LL-DASH
 * request (playlists, MPD, init, parts, segments, WebVTT), progressive files, clips and recording
 * files. HEAD asks
 * the same as GET. WHEP's PATCH/DELETE act on a session the POST admitted, under its secret id.
 */
const GATED = new Map<string, GatedRoute>([
  ['POST /whep/:name', { output: 'whep', polled: false, stream: byName }],
  ['GET /hls/:name/index.m3u8', { output: 'll-hls', polled: true, stream: byName }],
  ['GET /hls/:name/:kind.m3u8', { output: 'll-hls', polled: true, stream: byName }],
  ['GET /hls/:name/:publish/:file', { output: 'll-hls', polled: true, stream: byName }],
  ['GET /dash/:name/index.mpd', { output: 'll-dash', polled: true, stream: byName }],
  ['GET /dash/:name/:publish/:file', { output: 'll-dash', polled: true, stream: byName }],
  ['GET /:name.mp4', { output: 'mp4', polled: false, stream: byName }],
  ['GET /:name.ts', { output: 'ts', polled: false, stream: byName }],
  [
    'GET /clip/:file',
    { output: 'clip', polled: false, stream: ({ file }) => CLIP_FILE.exec(file ?? '')?.[1] },
  ],
  // A recording plays as a VoD file: many Range requests per viewer.
  ['GET /recordings/:name/:file', { output: 'mp4', polled: true, stream: byName }],
]);

/**
 * Puts `gate` in front of every HTTP output (an app-wide `onRequest` hook). Register it before the
 * hooks that count viewers or take viewer slots, so a refused request is neither.
 */
export function registerViewerHttpGate(app: FastifyInstance, gate: ViewerGate): void {
  app.addHook('onRequest', async (request) => {
    const method = request.method === 'HEAD' ? 'GET' : request.method;
    const route = GATED.get(`${method} ${request.routeOptions.url ?? ''}`);
    if (!route || isInternalRequest(request)) return;
    const stream = route.stream(request.params as Record<string, string | undefined>);
    if (stream === undefined || !isValidStreamName(stream) || !gate.guards(stream)) return;
    const token = presentedToken(request.query, request.headers);
    await gate.admit({
      stream,
      protocol: route.output,
      polled: route.polled,
      ip: request.ip,
      userAgent: request.headers['user-agent'] ?? '',
      ...(token === undefined ? {} : { token }),
    });
  });
}

/**
 * The token to carry into the URLs a response lists (playlist and MPD entries, stream info
 * sources), so players that fetch them as given keep presenting it; undefined when there is none
 * or it cannot travel in a URL as is.
 */
export function viewerTokenOf(request: FastifyRequest): string | undefined {
  return carriableToken(presentedToken(request.query, request.headers));
}
