import {
  isValidMetadataTrackName,
  isValidStreamName,
  type MetadataTrack,
  type MetadataTrackKind,
} from '@brume/protocol';
import type { StreamRegistry } from '../stream/stream-registry';
import type { Logger } from '../util/logger';
import { BurstLog } from './burst-log';
import { parseEventBody } from './event-body';
import { MetadataError } from './metadata-error';
import { describe, toMetadataInput, type MetadataInput } from './metadata-input';
import type { MetadataStore, StoredMetadataEvent } from './metadata-store';
import { parseSubtitleDocument, subtitleFormatOf } from './subtitle-document';
import { TokenBucket } from './token-bucket';

/** Which way an event came in, for logs. */
export type IngestSource = 'http' | 'ws' | 'tcp';

export interface MetadataIngestOptions {
  log: Logger;
  /** Events per second one connection may send, and its burst. */
  ratePerSecond: number;
  burst: number;
  now?: () => number;
}

/** A body or message for one track: JSON events, or a WebVTT/SRT document. */
export interface IngestBody {
  stream: string;
  track: string;
  text: string;
  /** The body's content type; subtitle documents are also sniffed from their first line. */
  contentType?: string;
  /** Stream ms that subtitle cue times count from (`?time=`); default: the live edge at arrival. */
  baseTimeMs?: number;
  /** The connection's rate limit. */
  bucket: TokenBucket;
  source: IngestSource;
}

/**
 * What every way in (HTTP, WebSocket, TCP lines) shares: name checks, stream lookup (404 never
 * seen, 409 not live), parsing and validation, the per-connection rate limit, the store, and the
 * logs (a track created at INFO; a rejected batch at WARN once per burst).
 */
export class MetadataIngest {
  private readonly now: () => number;
  private readonly rejections: BurstLog;

  constructor(
    private readonly registry: StreamRegistry,
    private readonly options: MetadataIngestOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.rejections = new BurstLog(options.log);
  }

  /** A fresh rate limit for one connection. */
  connectionBucket(): TokenBucket {
    return new TokenBucket(this.options.ratePerSecond, this.options.burst, this.now());
  }

  /** The store of a stream that exists (any state); 400 for a bad name, 404 if never seen. */
  storeOf(stream: string): MetadataStore {
    if (!isValidStreamName(stream)) throw MetadataError.invalidStreamName(stream);
    const found = this.registry.get(stream);
    if (!found) throw MetadataError.streamNotFound(stream);
    return found.metadata;
  }

  /** PUT: declares a track or updates its language/label; true if it was created. */
  declare(stream: string, track: MetadataTrack): boolean {
    checkTrackName(track.name);
    const created = this.storeOf(stream).declare(track);
    if (created) this.logTrack(stream, track.name, track.kind, 'declared');
    return created;
  }

  /** A track's events in [fromMs, toMs) (overlapping the span); 404 for an unknown track. */
  eventsOf(stream: string, track: string, fromMs = 0, toMs = Infinity): StoredMetadataEvent[] {
    checkTrackName(track);
    const store = this.storeOf(stream);
    if (!store.track(track)) throw MetadataError.trackNotFound(stream, track);
    return store.between(fromMs, toMs, { track, overlapping: true });
  }

  /** POST body or WebSocket message: all its events are stored, or none (the error says why). */
  acceptBody(body: IngestBody): StoredMetadataEvent[] {
    try {
      checkTrackName(body.track);
      const store = this.liveStoreOf(body.stream);
      const format = subtitleFormatOf(body.contentType, body.text);
      if (format) {
        const cues = parseSubtitleDocument(body.text, format);
        const base = body.baseTimeMs ?? store.liveEdgeMs() ?? 0;
        const inputs = cues.map((cue): MetadataInput => ({
          time: base + cue.startMs,
          duration: cue.endMs - cue.startMs,
          data: cue.text,
          position: { line: cue.line },
        }));
        return this.store(store, body, inputs, 'subtitle');
      }
      const kind = store.track(body.track)?.kind ?? 'json';
      const inputs = parseEventBody(body.text, { kind, track: body.track });
      return this.store(store, body, inputs, kind);
    } catch (error) {
      this.rejected(body.source, body.stream, body.track, error);
      throw error;
    }
  }

  /**
   * One TCP line: a JSON event with `stream` and `track` fields. `line` numbers the connection's
   * input lines, for the error.
   */
  acceptLine(text: string, line: number, bucket: TokenBucket): StoredMetadataEvent {
    let stream = '';
    let track = '';
    try {
      const value = parseLine(text, line);
      stream = value.stream;
      track = value.track;
      checkTrackName(track);
      const store = this.liveStoreOf(stream);
      const kind = store.track(track)?.kind ?? 'json';
      const input = toMetadataInput(value.event, { kind, track, extraFields: ['stream'] }, { line });
      const [event] = this.store(store, { stream, track, bucket }, [input], kind);
      if (!event) throw new Error('a one-event batch stored nothing');
      return event;
    } catch (error) {
      this.rejected('tcp', stream, track, error);
      throw error;
    }
  }

  private liveStoreOf(stream: string): MetadataStore {
    const store = this.storeOf(stream);
    const state = this.registry.get(stream)?.state ?? 'offline';
    if (state !== 'live') throw MetadataError.streamNotLive(stream, state);
    return store;
  }

  private store(
    store: MetadataStore,
    target: { stream: string; track: string; bucket: TokenBucket },
    inputs: MetadataInput[],
    kind: MetadataTrackKind,
  ): StoredMetadataEvent[] {
    const { bucket } = target;
    const waitMs = bucket.take(inputs.length, this.now());
    if (waitMs > 0) throw MetadataError.rateLimited(waitMs, bucket.ratePerSecond, bucket.burst);
    const existed = store.track(target.track) !== undefined;
    const accepted = store.accept(target.track, inputs, kind);
    if (!existed) this.logTrack(target.stream, target.track, kind, 'created by its first event');
    return accepted;
  }

  private logTrack(stream: string, track: string, kind: MetadataTrackKind, how: string): void {
    this.options.log.info({ stream, track, kind }, `metadata track ${track} (${kind}) on ${stream}: ${how}`);
  }

  private rejected(source: IngestSource, stream: string, track: string, error: unknown): void {
    if (!(error instanceof MetadataError)) return;
    this.rejections.warn(
      `${source}:${stream}`,
      { stream, track, source, code: error.code },
      `metadata for ${stream || '?'}/${track || '?'} over ${source} rejected: ${error.message}`,
      this.now(),
    );
  }
}

function checkTrackName(track: string): void {
  if (!isValidMetadataTrackName(track)) throw MetadataError.invalidTrackName(track);
}

/** A TCP line: one JSON object naming its `stream` and `track` besides the event's fields. */
function parseLine(
  text: string,
  line: number,
): { stream: string; track: string; event: Record<string, unknown> } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message.slice(0, 160) : String(error);
    throw MetadataError.invalid(`not valid JSON (${reason})`, { line });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw MetadataError.invalid(
      `expected one event object {"stream", "track", "data", ...}, got ${describe(value)}`,
      { line },
    );
  }
  const event = value as Record<string, unknown>;
  const { stream, track } = event;
  if (typeof stream !== 'string')
    throw MetadataError.invalid('"stream" (the stream name) is missing', { line });
  if (typeof track !== 'string') throw MetadataError.invalid('"track" (the track name) is missing', { line });
  if (!isValidStreamName(stream)) throw MetadataError.invalidStreamName(stream);
  return { stream, track, event };
}
