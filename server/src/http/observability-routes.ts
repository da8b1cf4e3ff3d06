import type { StatsResponse, StreamStats } from '@brume/protocol';
import type { Stream } from '../stream/stream';
import { BrumeError } from '../util/brume-error';
import { streamNameOf, validateStreamName } from './stream-name';
import type { FastifyInstance } from 'fastify';
import type { StreamRegistry } from '../stream/stream-registry';
import { BitrateHistory } from '../observability/bitrate-history';
import type { ServerMetrics } from '../observability/server-metrics';
import type { SessionInfo, SessionRegistry, ViewerProtocol } from '../observability/session-registry';

const SAMPLE_INTERVAL_MS = 1_000;

export interface ObservabilityRoutes {
  close(): void;
}

/**
 * `GET /metrics` (Prometheus text), `GET /api/sessions` (every open publisher and viewer session)
 * and `GET /api/stats` (per stream: viewers by protocol and the last minute of ingest bitrate, what
 * the dashboard polls), and one stream's entry alone at `GET /api/streams/:name/stats`.
 */
export function registerObservabilityRoutes(
  app: FastifyInstance,
  streams: StreamRegistry,
  sessions: SessionRegistry,
  metrics: ServerMetrics,
  /** The live publisher's latest SEI timecode latency, ms, if it sends timecodes. */
  ingestLatencyMs: (stream: string) => number | undefined = () => undefined,
): ObservabilityRoutes {
  const history = new BitrateHistory();
  const bitrateOf = (name: string) =>
    streams.get(name)?.tracks.reduce((sum, track) => sum + (track.bitrate ?? 0), 0) ?? 0;
  const sample = () => {
    const live = streams.list().filter((stream) => stream.state === 'live');
    history.record(Date.now(), new Map(live.map((stream) => [stream.name, bitrateOf(stream.name)])));
  };
  const sampler = setInterval(sample, SAMPLE_INTERVAL_MS);
  sampler.unref();

  app.get('/metrics', async (_request, reply) =>
    reply
      .type(metrics.contentType)
      .header('Cache-Control', 'no-store')
      .send(await metrics.scrape()),
  );

  app.get('/api/sessions', async (_request, reply): Promise<{ sessions: SessionInfo[] }> => {
    reply.header('Cache-Control', 'no-store');
    return { sessions: sessions.list() };
  });

  const statsOf = (stream: Stream, counts: ReturnType<SessionRegistry['viewerCounts']>): StreamStats => {
    const perProtocol = counts.get(stream.name);
    const viewers: StreamStats['viewers'] = { total: 0 };
    for (const [protocol, count] of Object.entries(perProtocol ?? {}) as [ViewerProtocol, number][]) {
      if (count === 0) continue;
      viewers[protocol] = count;
      viewers.total += count;
    }
    const live = stream.state === 'live';
    const latency = live ? ingestLatencyMs(stream.name) : undefined;
    return {
      name: stream.name,
      state: stream.state,
      bitrate: live ? bitrateOf(stream.name) : 0,
      bitrateHistory: [...history.of(stream.name)],
      viewers,
      ...(latency !== undefined ? { ingestLatencyMs: latency } : {}),
    };
  };

  app.get('/api/stats', async (_request, reply): Promise<StatsResponse> => {
    reply.header('Cache-Control', 'no-store');
    const counts = sessions.viewerCounts();
    return { at: Date.now(), streams: streams.list().map((stream) => statsOf(stream, counts)) };
  });

  app.get(
    '/api/streams/:name/stats',
    { onRequest: validateStreamName },
    async (request, reply): Promise<StreamStats> => {
      const name = streamNameOf(request);
      const stream = streams.get(name);
      if (!stream) throw BrumeError.streamOffline(name);
      reply.header('Cache-Control', 'no-store');
      return statsOf(stream, sessions.viewerCounts());
    },
  );

  return { close: () => clearInterval(sampler) };
}
