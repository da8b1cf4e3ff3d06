import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { StreamState } from '@brume/protocol';
import type { StreamRegistry } from '../stream/stream-registry';
import type { PublisherSession } from '../webrtc/publisher-session';
import type { ViewerSession } from '../webrtc/viewer-session';
import {
  SESSION_PROTOCOLS,
  VIEWER_PROTOCOLS,
  type CounterName,
  type SessionProtocol,
  type SessionRegistry,
} from './session-registry';

const STREAM_STATES: readonly StreamState[] = ['starting', 'live', 'ended', 'offline'];

/** The metric names the relay registers (besides prom-client's process and Node.js defaults). */
export const METRIC_NAMES = {
  streams: 'brume_streams',
  publishers: 'brume_publishers',
  viewers: 'brume_viewers',
  streamViewers: 'brume_stream_viewers',
  ingestBytes: 'brume_ingest_bytes_total',
  egressBytes: 'brume_egress_bytes_total',
  ingestBitrate: 'brume_ingest_bitrate_bits_per_second',
  ingestPacketsLost: 'brume_ingest_packets_lost',
  whepPacketsLost: 'brume_whep_packets_lost',
  nacksSent: 'brume_rtcp_nacks_sent_total',
  nacksReceived: 'brume_rtcp_nacks_received_total',
  plisSent: 'brume_rtcp_plis_sent_total',
  plisReceived: 'brume_rtcp_plis_received_total',
  ingestRepeats: 'brume_ingest_repeated_packets_total',
  keyframeInterval: 'brume_keyframe_interval_seconds',
  partLag: 'brume_part_production_lag_seconds',
  ingestTimecodeLatency: 'brume_ingest_timecode_latency_seconds',
  sessionDuration: 'brume_session_duration_seconds',
} as const;

export interface MetricsSources {
  streams: StreamRegistry;
  sessions: SessionRegistry;
  /** The current WHIP publisher of a stream, for per-stream RTP figures. */
  publisher: (stream: string) => PublisherSession | undefined;
  /** The open WHEP viewers of a stream, for the loss their receiver reports give. */
  whepViewers: (stream: string) => readonly ViewerSession[];
}

/**
 * The relay's Prometheus metrics, on a registry of its own (never prom-client's global one: a
 * process may run several relays, as the tests do). Gauges are read from the stream and session
 * registries at scrape time, and their per-stream label sets are rebuilt each time, so a stream
 * that ended has no series left. Counters add what the sessions counted since the last scrape.
 */
export class ServerMetrics {
  readonly registry = new Registry();
  private readonly partLag: Histogram<'kind'>;
  private readonly sessionDuration: Histogram<'protocol'>;
  private readonly ingestLatency: Histogram<'stream'>;
  private readonly offEnded: () => void;
  private readonly offStreamEnded: () => void;

  constructor(sources: MetricsSources) {
    const { streams, sessions } = sources;
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });

    new Gauge({
      name: METRIC_NAMES.streams,
      help: 'Streams the relay knows, by state',
      labelNames: ['state'],
      registers,
      collect() {
        const counts = new Map(STREAM_STATES.map((state) => [state, 0]));
        for (const stream of streams.list()) counts.set(stream.state, (counts.get(stream.state) ?? 0) + 1);
        for (const [state, count] of counts) this.set({ state }, count);
      },
    });
    new Gauge({
      name: METRIC_NAMES.publishers,
      help: 'Connected WHIP publishers',
      registers,
      collect() {
        this.set(sessions.list().filter((session) => session.role === 'publisher').length);
      },
    });
    new Gauge({
      name: METRIC_NAMES.viewers,
      help: 'Viewers by protocol (LL-HLS/LL-DASH: distinct clients active in the last seconds)',
      labelNames: ['protocol'],
      registers,
      collect() {
        const totals = Object.fromEntries(VIEWER_PROTOCOLS.map((p) => [p, 0])) as Record<string, number>;
        for (const perProtocol of sessions.viewerCounts().values()) {
          for (const protocol of VIEWER_PROTOCOLS)
            totals[protocol] = (totals[protocol] ?? 0) + perProtocol[protocol];
        }
        for (const protocol of VIEWER_PROTOCOLS) this.set({ protocol }, totals[protocol] ?? 0);
      },
    });
    new Gauge({
      name: METRIC_NAMES.streamViewers,
      help: 'Viewers of each stream by protocol',
      labelNames: ['stream', 'protocol'],
      registers,
      collect() {
        this.reset();
        for (const [stream, perProtocol] of sessions.viewerCounts()) {
          for (const protocol of VIEWER_PROTOCOLS) {
            if (perProtocol[protocol] > 0) this.set({ stream, protocol }, perProtocol[protocol]);
          }
        }
      },
    });

    // Counters follow the session registry's totals, which only grow.
    const reported = new Map<SessionProtocol, Record<CounterName, number>>();
    // One pass over the sessions per scrape, shared by every counter's collect.
    let totals: ReturnType<SessionRegistry['counterTotals']> | undefined;
    const currentTotals = () => {
      if (!totals) {
        totals = sessions.counterTotals();
        setImmediate(() => (totals = undefined));
      }
      return totals;
    };
    const delta = (protocol: SessionProtocol, name: CounterName): number => {
      const total = currentTotals().get(protocol)?.[name] ?? 0;
      let seen = reported.get(protocol);
      if (!seen) {
        seen = { bytes: 0, nacksSent: 0, nacksReceived: 0, plisSent: 0, plisReceived: 0, repeatsDropped: 0 };
        reported.set(protocol, seen);
      }
      const grown = total - seen[name];
      seen[name] = total;
      return grown;
    };
    new Counter({
      name: METRIC_NAMES.ingestBytes,
      help: 'RTP bytes received from WHIP publishers',
      registers,
      collect() {
        this.inc(delta('whip', 'bytes'));
      },
    });
    new Counter({
      name: METRIC_NAMES.egressBytes,
      help: 'Bytes sent to viewers, by protocol (WHEP: RTP bytes forwarded)',
      labelNames: ['protocol'],
      registers,
      collect() {
        for (const protocol of VIEWER_PROTOCOLS) this.inc({ protocol }, delta(protocol, 'bytes'));
      },
    });
    const rtcpCounter = (name: string, help: string, counter: CounterName) =>
      new Counter({
        name,
        help,
        registers,
        collect() {
          this.inc(SESSION_PROTOCOLS.reduce((sum, protocol) => sum + delta(protocol, counter), 0));
        },
      });
    rtcpCounter(
      METRIC_NAMES.nacksSent,
      'RTCP generic NACKs sent to publishers for lost packets',
      'nacksSent',
    );
    rtcpCounter(METRIC_NAMES.nacksReceived, 'RTCP generic NACKs received from WHEP viewers', 'nacksReceived');
    rtcpCounter(METRIC_NAMES.plisSent, 'Keyframe requests (RTCP PLI) sent to publishers', 'plisSent');
    rtcpCounter(
      METRIC_NAMES.ingestRepeats,
      'RTP packets a publisher sent twice (a NACK answered for a late packet), dropped at ingest',
      'repeatsDropped',
    );
    rtcpCounter(
      METRIC_NAMES.plisReceived,
      'Keyframe requests (PLI, FIR) received from WHEP viewers',
      'plisReceived',
    );

    new Gauge({
      name: METRIC_NAMES.ingestBitrate,
      help: 'Ingest bitrate of each live stream (all tracks, last seconds)',
      labelNames: ['stream'],
      registers,
      collect() {
        this.reset();
        for (const stream of streams.list()) {
          if (stream.state !== 'live') continue;
          this.set(
            { stream: stream.name },
            stream.tracks.reduce((sum, track) => sum + (track.bitrate ?? 0), 0),
          );
        }
      },
    });
    new Gauge({
      name: METRIC_NAMES.ingestPacketsLost,
      help: "Packets lost on the way from each stream's publisher (RTP sequence gaps, cumulative)",
      labelNames: ['stream'],
      registers,
      async collect() {
        this.reset();
        for (const stream of streams.list()) {
          const publisher = stream.state === 'live' ? sources.publisher(stream.name) : undefined;
          if (publisher && !publisher.closed)
            this.set({ stream: stream.name }, await publisher.packetsLost());
        }
      },
    });
    new Gauge({
      name: METRIC_NAMES.whepPacketsLost,
      help: "Packets lost on the way to each stream's open WHEP viewers (their RTCP receiver reports, cumulative)",
      labelNames: ['stream'],
      registers,
      async collect() {
        this.reset();
        for (const stream of streams.list()) {
          const viewers = sources.whepViewers(stream.name).filter((viewer) => !viewer.closed);
          if (viewers.length === 0) continue;
          const lost = await Promise.all(viewers.map((viewer) => viewer.packetsLost()));
          this.set(
            { stream: stream.name },
            lost.reduce((sum, n) => sum + n, 0),
          );
        }
      },
    });
    new Gauge({
      name: METRIC_NAMES.keyframeInterval,
      help: 'Time between the last two keyframes of each live stream (H.264, VP8)',
      labelNames: ['stream'],
      registers,
      collect() {
        this.reset();
        for (const stream of streams.list()) {
          const interval =
            stream.state === 'live' ? sources.publisher(stream.name)?.keyframeIntervalMs : undefined;
          if (interval !== undefined) this.set({ stream: stream.name }, interval / 1000);
        }
      },
    });

    this.partLag = new Histogram({
      name: METRIC_NAMES.partLag,
      help: 'LL-HLS/LL-DASH part available time minus the wall-clock time its media ends',
      labelNames: ['kind'],
      buckets: [0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 2, 5],
      registers,
    });
    this.sessionDuration = new Histogram({
      name: METRIC_NAMES.sessionDuration,
      help: 'Duration of ended sessions, by protocol',
      labelNames: ['protocol'],
      buckets: [1, 5, 15, 60, 300, 900, 3600, 4 * 3600],
      registers,
    });
    this.ingestLatency = new Histogram({
      name: METRIC_NAMES.ingestTimecodeLatency,
      help: 'Capture (a Brume SEI timecode in the video, e.g. from brume publish) to arrival at the relay',
      labelNames: ['stream'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    });
    // A histogram cannot be rebuilt at scrape time: an ended stream's series is removed here.
    this.offStreamEnded = streams.events.on('state', (stream) => {
      if (stream.state === 'ended' || stream.state === 'offline')
        this.ingestLatency.remove({ stream: stream.name });
    });
    this.offEnded = sessions.events.on('ended', (session) =>
      this.sessionDuration.observe({ protocol: session.protocol }, session.durationMs / 1000),
    );
  }

  /** A packager made a part available (`PackagerRegistryOptions.onPart`). */
  observePart(kind: 'video' | 'audio', lagMs: number): void {
    this.partLag.observe({ kind }, Math.max(0, lagMs) / 1000);
  }

  /** Reads the SEI timecodes of a WHIP publisher's video for as long as it publishes. */
  watchPublisher(publisher: PublisherSession): void {
    const stream = publisher.streamName;
    // The publisher's emitter drops its listeners when it closes.
    publisher.media.on('timecode', (latencyMs) =>
      this.ingestLatency.observe({ stream }, Math.max(0, latencyMs) / 1000),
    );
  }

  /** The Prometheus text exposition. */
  scrape(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  dispose(): void {
    this.offEnded();
    this.offStreamEnded();
    this.registry.clear();
  }
}
