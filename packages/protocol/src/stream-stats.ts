import type { StreamState } from './stream-info';

/** The protocols a viewer session uses (LL-HLS/LL-DASH: distinct clients active in the last seconds). */
export type ViewerProtocol = 'whep' | 'ws-mp4' | 'mp4' | 'ts' | 'll-hls' | 'll-dash';

/** One sample of a stream's ingest bitrate. */
export interface BitrateSample {
  /** Unix ms. */
  at: number;
  bitsPerSecond: number;
}

/** One stream in `GET /api/stats`. */
export interface StreamStats {
  name: string;
  state: StreamState;
  /** Ingest bitrate now (all tracks), bits per second; 0 unless live. */
  bitrate: number;
  /** About one sample a second over the last minute, oldest first; empty unless live. */
  bitrateHistory: BitrateSample[];
  /** Open viewer sessions: the total, and each protocol that has any. */
  viewers: { total: number } & Partial<Record<ViewerProtocol, number>>;
  /**
   * Publish → relay latency of the newest picture carrying a Brume SEI timecode (`brume publish`
   * stamps every picture), ms; absent when the live publisher sends none.
   */
  ingestLatencyMs?: number;
}

/** `GET /api/stats`: what the dashboard polls. */
export interface StatsResponse {
  /** Server time of the answer, unix ms. */
  at: number;
  streams: StreamStats[];
}
