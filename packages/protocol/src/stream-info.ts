/** What the server tells a player about a stream (`GET /api/streams/:name` and the state feed). */

export type StreamState = 'offline' | 'starting' | 'live' | 'ended';

export type TrackKind = 'video' | 'audio' | 'meta' | 'subtitle';

export interface TrackInfo {
  id: number;
  kind: TrackKind;
  /** RFC 6381 codec string for media (`avc1.42e01f`, `opus`, `vp8`), `json` / `webvtt` for metadata. */
  codec: string;
  width?: number;
  height?: number;
  fps?: number;
  /** Bits per second, measured over the last seconds. */
  bitrate?: number;
  channels?: number;
  sampleRate?: number;
  lang?: string;
  /** Metadata and subtitle tracks are addressed by name. */
  name?: string;
  /** A human label for a metadata or subtitle track (a subtitle menu shows it). */
  label?: string;
}

export type SourceProtocol = 'whep' | 'ws-mp4' | 'll-hls' | 'hls' | 'll-dash' | 'dash' | 'mp4' | 'ts';

export interface SourceInfo {
  protocol: SourceProtocol;
  /** Absolute URL. */
  url: string;
  /** e.g. `application/sdp` (WHEP), `application/vnd.apple.mpegurl`, `application/dash+xml`, `video/mp4`. */
  mime: string;
  /** Higher is better; `sources` is sorted best-first. */
  priority: number;
  lowLatency: boolean;
  /** Which track ids this source carries (metadata included). */
  tracks: number[];
}

export interface StreamTimeline {
  /** Wall-clock time (Unix ms) of stream time 0. */
  startUnixMs: number;
  /** First and last media time available, in stream ms. */
  firstMs: number;
  lastMs: number;
  dvrWindowMs: number;
}

export interface StreamInfo {
  name: string;
  state: StreamState;
  type: 'live' | 'vod';
  tracks: TrackInfo[];
  sources: SourceInfo[];
  timeline: StreamTimeline;
  error?: { code: string; message: string };
}

/** One line of `GET /api/streams`. */
export interface StreamSummary {
  name: string;
  state: StreamState;
  tracks: TrackInfo[];
  viewers: number;
  /** Unix ms when the current publish started, if live. */
  since?: number;
}

export interface StreamList {
  streams: StreamSummary[];
}

/**
 * Messages of the state feed (`/api/streams/:name/events` as Server-Sent Events, event name = `type`,
 * data = JSON of the message). The server sends `info` on connect and on every change.
 */
export type StreamFeedMessage = { type: 'info'; info: StreamInfo };

export function offlineStreamInfo(name: string): StreamInfo {
  return {
    name,
    state: 'offline',
    type: 'live',
    tracks: [],
    sources: [],
    timeline: { startUnixMs: 0, firstMs: 0, lastMs: 0, dvrWindowMs: 0 },
  };
}
