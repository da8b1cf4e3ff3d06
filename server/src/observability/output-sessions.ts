import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { WebSocket } from 'ws';
import { isInternalRequest } from '../cluster/worker-access';
import type { EndReason } from '../stream/stream';
import type { StreamRegistry } from '../stream/stream-registry';
import type { PeerSession } from '../webrtc/peer-session';
import type { PublisherSession } from '../webrtc/publisher-session';
import type { ViewerSession } from '../webrtc/viewer-session';
import type { WebRtcRelay } from '../webrtc/webrtc-relay';
import { RequestActivity } from '../shutdown/request-activity';
import { HttpViewerActivity } from './http-viewer-activity';
import type { SessionEndReason, SessionHandle, SessionProtocol, SessionRegistry } from './session-registry';

/** How often polled clients past their window are let go (at most the window). */
const SWEEP_INTERVAL_MS = 1_000;

const POLLED = /^\/(hls|dash)\/([^/?]+)\//;
const PROGRESSIVE = /^\/([^/?]+)\.(mp4|ts)(?:\?|$)/;
const WEBRTC = /^\/(whip|whep)\/([^/?]+)(?:\?|$)/;

/** Sees every output's clients and registers them with the session registry. */
export interface OutputSessions {
  /** The current publisher of each stream (for per-stream ingest metrics). */
  publisher(stream: string): PublisherSession | undefined;
  /** The open WHEP viewers of a stream (for per-stream RTCP figures). */
  whepViewers(stream: string): readonly ViewerSession[];
  /**
   * Every HLS/DASH request, of any stream in any state: the shutdown drain waits for players to go
   * quiet once their playlists are ended (by then their streams are no longer live).
   */
  readonly packagedReads: RequestActivity;
  /** Called by `/ws/:name` once a media socket is accepted; `end` ends it from the server side. */
  onWsViewer(ws: WebSocket, request: IncomingMessage, stream: string, end: () => void): void;
  /** Shutdown: sessions still open end with `shutdown`. */
  close(): void;
}

/**
 * Registers the clients of every output without the outputs knowing: WHIP/WHEP sessions from the
 * POST that created them, progressive `.mp4`/`.ts` responses while they stream, LL-HLS/LL-DASH
 * clients through `HttpViewerActivity`, WebSocket viewers through `onWsViewer`. Bytes are counted
 * on the response (`write`/`end`) or socket, so what is counted is what went to the client.
 */
export function watchOutputSessions(
  app: FastifyInstance,
  streams: StreamRegistry,
  relay: WebRtcRelay,
  sessions: SessionRegistry,
  /** An HLS/DASH client counts as watching this long after its last request. */
  httpViewerWindowMs: number,
  /** Each WHIP publisher once its session is created (for its per-stream metrics). */
  onPublisher: (publisher: PublisherSession) => void = () => {},
): OutputSessions {
  let closing = false;
  const publishers = new Map<string, PublisherSession>();
  const whepViewers = new Map<string, Set<ViewerSession>>();
  const activity = new HttpViewerActivity<SessionHandle>(httpViewerWindowMs);
  const packagedReads = new RequestActivity();
  const sweep = setInterval(
    () => {
      for (const handle of activity.sweep(Date.now())) handle.close('timeout');
    },
    Math.min(SWEEP_INTERVAL_MS, httpViewerWindowMs),
  );
  sweep.unref();

  const isOn = (stream: string) => {
    const state = streams.get(stream)?.state;
    return state === 'live' || state === 'starting';
  };
  /** Why a connection the server did not end on purpose went away. */
  const endedBy = (stream: string): SessionEndReason =>
    closing ? 'shutdown' : isOn(stream) ? 'client-closed' : 'stream-ended';

  const offState = streams.events.on('state', (stream) => {
    if (stream.state !== 'ended' && stream.state !== 'offline') return;
    // Polled clients have no connection to lose: they end with the stream.
    const prefix = `${stream.name}\n`;
    for (const handle of activity.drop((key) => key.startsWith(prefix))) handle.close('stream-ended');
  });

  app.addHook('onRequest', async (request, fastifyReply) => {
    const res = fastifyReply.raw;
    const url = request.raw.url ?? '';
    const client = { ip: request.ip, userAgent: request.headers['user-agent'] ?? '' };
    const polled = request.method === 'GET' ? POLLED.exec(url) : null;
    if (polled) {
      packagedReads.begin();
      res.once('close', () => packagedReads.end());
      const stream = decode(polled[2]);
      if (stream === undefined || !isOn(stream)) return;
      const protocol: SessionProtocol = polled[1] === 'hls' ? 'll-hls' : 'll-dash';
      const key = `${stream}\n${protocol}\n${client.ip}\n${client.userAgent}`;
      const handle = activity.begin(key, Date.now(), () => sessions.open({ stream, protocol, ...client }));
      countBodyBytes(res, (bytes) => handle.addBytes(bytes));
      res.once('close', () => activity.end(key, Date.now()));
      return;
    }
    const progressive = request.method === 'GET' ? PROGRESSIVE.exec(url) : null;
    if (progressive) {
      const stream = decode(progressive[1]);
      if (stream === undefined || !isOn(stream)) return;
      const protocol: SessionProtocol = progressive[2] === 'mp4' ? 'mp4' : 'ts';
      let handle: SessionHandle | undefined;
      // Opened with the first body byte of a 200: a refused or HEAD request is no viewer.
      countBodyBytes(res, (bytes) => {
        // Destroyed rather than ended: the route may still be writing, and a write after `end()`
        // would throw; the route stops on the response's `close`.
        handle ??= sessions.open({ stream, protocol, ...client, end: () => res.destroy() });
        handle.addBytes(bytes);
      });
      res.once('close', () => handle?.close(res.writableEnded ? endedBy(stream) : 'client-closed'));
    }
  });

  app.addHook('onResponse', async (request, reply) => {
    const webrtc = request.method === 'POST' && reply.statusCode === 201 ? WEBRTC.exec(request.url) : null;
    const location = reply.getHeader('location');
    if (!webrtc || typeof location !== 'string') return;
    const role = webrtc[1] === 'whip' ? 'publisher' : 'viewer';
    // The Location names the stream the session is on: publish access control may have renamed it.
    const stream = decode(location.split('/')[2] ?? '');
    const id = location.slice(location.lastIndexOf('/') + 1);
    let session: PeerSession;
    try {
      if (stream === undefined) return;
      session = relay.find(role, stream, id);
    } catch {
      return; // closed in the moment since its answer went out; nothing to watch
    }
    const client = { ip: request.ip, userAgent: request.headers['user-agent'] ?? '' };
    if (role === 'publisher') {
      const publisher = session as PublisherSession;
      publishers.set(stream, publisher);
      onPublisher(publisher);
      const handle = sessions.open({
        stream,
        protocol: 'whip',
        id,
        ...client,
        end: () => publisher.close('kicked'),
        counters: () => ({
          bytes: publisher.bytes,
          nacksSent: publisher.nacksSent,
          plisSent: publisher.keyframeRequests,
          repeatsDropped: publisher.repeats,
        }),
      });
      publisher.events.on('closed', (reason) => {
        if (publishers.get(stream) === publisher) publishers.delete(stream);
        handle.close(sessionEndReason(reason));
      });
    } else {
      const viewer = session as ViewerSession;
      const handle = sessions.open({
        stream,
        protocol: 'whep',
        id,
        ...client,
        ...(isInternalRequest(request) ? { internal: true } : {}),
        end: () => viewer.close('kicked'),
        counters: () => ({
          bytes: viewer.bytes,
          nacksReceived: viewer.nacksReceived,
          plisReceived: viewer.plisReceived,
        }),
      });
      let viewers = whepViewers.get(stream);
      if (!viewers) whepViewers.set(stream, (viewers = new Set()));
      viewers.add(viewer);
      viewer.events.on('closed', (reason) => {
        viewers.delete(viewer);
        if (viewers.size === 0 && whepViewers.get(stream) === viewers) whepViewers.delete(stream);
        handle.close(sessionEndReason(reason));
      });
    }
  });

  return {
    packagedReads,
    publisher: (stream) => publishers.get(stream),
    whepViewers: (stream) => [...(whepViewers.get(stream) ?? [])],
    onWsViewer(ws, request, stream, end) {
      const socket = request.socket as Socket;
      // The socket's own count: frames, headers and pings, from the 101 response on.
      const startBytes = socket.bytesWritten;
      const handle = sessions.open({
        stream,
        protocol: 'ws-mp4',
        ip: request.socket.remoteAddress ?? '',
        userAgent: request.headers['user-agent'] ?? '',
        end,
        counters: () => ({ bytes: socket.bytesWritten - startBytes }),
      });
      ws.once('error', () => handle.close('error'));
      ws.once('close', () => handle.close(endedBy(stream)));
    },
    close() {
      closing = true;
      clearInterval(sweep);
      offState();
      for (const handle of activity.drop(() => true)) handle.close('shutdown');
    },
  };
}

/** WebRTC session end reasons as the session log and metrics name them. */
export function sessionEndReason(reason: EndReason): SessionEndReason {
  switch (reason) {
    case 'delete':
    case 'ice-closed':
      return 'client-closed';
    case 'timeout':
    case 'replaced': // only a publisher gone silent or broken is replaced
      return 'timeout';
    case 'stream-ended':
    case 'source-ended':
    case 'idle':
      return 'stream-ended';
    case 'shutdown':
      return 'shutdown';
    case 'kicked':
      return 'kicked';
    case 'ice-failed':
    case 'error':
      return 'error';
  }
}

/**
 * Reports the body bytes of a successful response as they are written (hijacked streaming
 * responses included), by wrapping this response's own `write` and `end`.
 */
function countBodyBytes(res: ServerResponse, onBytes: (bytes: number) => void): void {
  const count = (chunk: unknown, encoding?: unknown) => {
    if (res.statusCode >= 400 || chunk === undefined || chunk === null || typeof chunk === 'function') return;
    if (typeof chunk === 'string')
      onBytes(Buffer.byteLength(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8'));
    else if (chunk instanceof Uint8Array) onBytes(chunk.byteLength);
  };
  const write = res.write;
  const end = res.end;
  res.write = function (this: ServerResponse, chunk: unknown, ...rest: unknown[]) {
    count(chunk, rest[0]);
    return (write as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
  } as ServerResponse['write'];
  res.end = function (this: ServerResponse, chunk?: unknown, ...rest: unknown[]) {
    count(chunk, rest[0]);
    return (end as (...args: unknown[]) => ServerResponse).call(this, chunk, ...rest);
  } as ServerResponse['end'];
}

function decode(part: string | undefined): string | undefined {
  if (part === undefined) return undefined;
  try {
    return decodeURIComponent(part);
  } catch {
    return undefined;
  }
}
