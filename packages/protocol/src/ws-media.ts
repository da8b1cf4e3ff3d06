import type { MetadataEvent } from './metadata';
import { metadataEventFromValue } from './metadata-id3';

/**
 * fMP4 over WebSocket (`/ws/:name`). Binary messages are fragmented MP4: an init segment (after an
 * `init` message), then `moof`+`mdat` fragments. Text messages are the JSON below.
 */

/** One track of the init segment. `id` is the MP4 track id (`tkhd`/`tfhd`), not the stream's track id. */
export interface WsMediaTrack {
  id: number;
  kind: 'video' | 'audio';
  /** RFC 6381 codec string (`avc1.42e01f`, `opus`). */
  codec: string;
  timescale: number;
  width?: number;
  height?: number;
  channels?: number;
  sampleRate?: number;
}

export type WsMediaServerMessage =
  /** Sent just before an init segment; `codecs` is the MSE type (`video/mp4; codecs="avc1.42e01f, opus"`). */
  | { type: 'init'; codecs: string; tracks: WsMediaTrack[] }
  /**
   * Sent before the first fragment after an init, a resume or a seek, then about once a second:
   * `streamMs` is the start of the next fragment, `liveEdgeMs` the newest media the server has,
   * `bufferStartMs` the oldest time a `seek` can reach (the DVR window's start; all stream ms).
   */
  | { type: 'time'; streamMs: number; liveEdgeMs: number; bufferStartMs: number }
  /**
   * Timed metadata and subtitle events (stream ms, `id` set). After an init, a resume or a seek,
   * before the first fragment: the stored events from that fragment's start on (with those still
   * lasting into it); then each event as the server accepts it, which may be behind or ahead of
   * the media sent. Events may repeat (same `id`). The tracks they belong to are in the stream
   * info (`StreamInfo.tracks`), the one list of them, so this message does not repeat it.
   */
  | { type: 'meta'; events: MetadataEvent[] }
  /** The stream ended; the server closes the socket (1000) next. */
  | { type: 'end'; reason: string }
  | { type: 'error'; code: string; message: string };

export type WsMediaClientMessage =
  /** Stop sending media (the socket stays open). */
  | { type: 'hold' }
  /** Resume sending, at the latest keyframe. */
  | { type: 'play' }
  /**
   * Restart at the latest keyframe (`'live'`), or at the last keyframe at or before a stream time
   * inside the DVR window (an older time starts at the window's oldest keyframe).
   */
  | { type: 'seek'; to: 'live' | number }
  | {
      /**
       * Which of the stream's tracks to receive (at least one): the server starts over at the
       * latest keyframe (audio only: at once) with a new `init` for the chosen tracks.
       */
      type: 'tracks';
      video: boolean;
      audio: boolean;
    };

/** The MSE type of an fMP4 with these codecs: `video/mp4; codecs="avc1.42e01f, opus"`. */
export function mp4MimeType(codecs: readonly string[]): string {
  return `video/mp4; codecs="${codecs.join(', ')}"`;
}

/** A client message from a text frame, or undefined when it is not one of `WsMediaClientMessage`. */
export function parseWsMediaClientMessage(text: string): WsMediaClientMessage | undefined {
  const value = parseObject(text);
  if (!value) return undefined;
  const keys = Object.keys(value);
  if ((value.type === 'hold' || value.type === 'play') && keys.length === 1) return { type: value.type };
  if (
    value.type === 'tracks' &&
    keys.length === 3 &&
    typeof value.video === 'boolean' &&
    typeof value.audio === 'boolean' &&
    (value.video || value.audio)
  ) {
    return { type: 'tracks', video: value.video, audio: value.audio };
  }
  if (value.type === 'seek' && keys.length === 2) {
    if (value.to === 'live') return { type: 'seek', to: 'live' };
    if (typeof value.to === 'number' && Number.isFinite(value.to) && value.to >= 0)
      return { type: 'seek', to: value.to };
  }
  return undefined;
}

/** A server message from a text frame, or undefined when it is not one of `WsMediaServerMessage`. */
export function parseWsMediaServerMessage(text: string): WsMediaServerMessage | undefined {
  const value = parseObject(text);
  if (!value) return undefined;
  switch (value.type) {
    case 'init':
      return typeof value.codecs === 'string' && Array.isArray(value.tracks)
        ? (value as unknown as WsMediaServerMessage)
        : undefined;
    case 'time':
      return [value.streamMs, value.liveEdgeMs, value.bufferStartMs].every(isFiniteNumber)
        ? (value as unknown as WsMediaServerMessage)
        : undefined;
    case 'meta': {
      // A server writes only valid events: one that is not means the message cannot be trusted.
      if (!Array.isArray(value.events)) return undefined;
      const events = value.events.map(metadataEventFromValue);
      return events.every((event) => event !== undefined) ? { type: 'meta', events } : undefined;
    }
    case 'end':
      return typeof value.reason === 'string' ? (value as unknown as WsMediaServerMessage) : undefined;
    case 'error':
      return typeof value.code === 'string' && typeof value.message === 'string'
        ? (value as unknown as WsMediaServerMessage)
        : undefined;
    default:
      return undefined;
  }
}

function parseObject(text: string): Record<string, unknown> | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function isFiniteNumber(value: unknown): boolean {
  return typeof value === 'number' && Number.isFinite(value);
}
