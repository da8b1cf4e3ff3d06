import { offlineStreamInfo, type StreamFeedMessage, type StreamInfo } from '@brume/protocol';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { StreamInfoForViewer } from '../access/viewer-stream-info';
import type { ServerConfig } from '../config';
import type { StreamRegistry } from '../stream/stream-registry';
import { baseUrlOf } from './base-url';
import { CORS_HEADERS } from './cors';
import { streamNameOf, validateStreamName } from './stream-name';

/** Open state feeds, closed by the server on shutdown (they never end on their own). */
export interface FeedTracker {
  close(): void;
}

/**
 * The stream API: `GET /api/streams` (list), `GET /api/streams/:name` (info; a valid name never seen
 * is `offline`, so players can wait on it), and the live state feed `GET /api/streams/:name/events`
 * as Server-Sent Events: `event: info` with a `StreamFeedMessage` on connect and on every change.
 */
export function registerStreamRoutes(
  app: FastifyInstance,
  registry: StreamRegistry,
  config: ServerConfig,
  /** The viewer's token carried into the source URLs, and a refused one said in `error`. */
  forViewer: StreamInfoForViewer = (info) => info,
): FeedTracker {
  const feeds = new Set<() => void>();
  const infoFor = (name: string, request: FastifyRequest): StreamInfo =>
    forViewer(
      registry.get(name)?.info(baseUrlOf(request, config.publicUrl)) ?? offlineStreamInfo(name),
      request,
    );

  app.get('/api/streams', async () => registry.toStreamList());

  app.get('/api/streams/:name', { onRequest: validateStreamName }, async (request) =>
    infoFor(streamNameOf(request), request),
  );

  app.get('/api/streams/:name/events', { onRequest: validateStreamName }, (request, reply) => {
    const name = streamNameOf(request);
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      ...CORS_HEADERS,
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      // Proxies such as nginx would otherwise buffer the feed.
      'X-Accel-Buffering': 'no',
    });
    const send = () => {
      const message: StreamFeedMessage = { type: 'info', info: infoFor(name, request) };
      res.write(`event: info\ndata: ${JSON.stringify(message)}\n\n`);
    };
    res.write('retry: 1000\n\n');
    send();
    const off = registry.events.on('change', (stream) => {
      if (stream.name === name) send();
    });
    const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), config.heartbeatMs);
    heartbeat.unref();
    const cleanup = () => {
      off();
      clearInterval(heartbeat);
      feeds.delete(end);
    };
    const end = () => {
      cleanup();
      res.end();
    };
    feeds.add(end);
    res.on('close', cleanup);
    res.on('error', cleanup);
  });

  return {
    close: () => {
      for (const end of [...feeds]) end();
    },
  };
}
