import { ID3_EMSG_SCHEME, metadataEventFromId3 } from '@brume/protocol';
import { MediaPlayer, type MediaInfo, type MediaPlayerClass, type Representation } from 'dashjs';
import { watchDrain } from '../drain-watch';
import { MediaElementEngine } from '../media-element-engine';
import { formatQualityLabel } from '../quality-label';
import {
  NO_TRACKS,
  type Engine,
  type EngineContext,
  type EngineTracks,
  type MediaTrackOption,
  type QualityLevel,
  type TimeRange,
  type TransportStats,
} from '../types';
import { dashjsErrorVerdict } from './dashjs-errors';
import { dashjsSettings } from './dashjs-settings';

export function createEngine(context: EngineContext): Engine {
  return new DashjsEngine(context);
}

const { events } = MediaPlayer;

/** dash.js's `ERROR` payload: a DashJSError (`{code, message, data}`), or a string from older paths. */
interface DashjsErrorPayload {
  error?: { code?: number | null; message?: string | null; data?: unknown } | string;
}

/** What a media download error carries in `data.request` (a FragmentRequest). */
interface FailedRequest {
  request?: { startTime?: number; mediaType?: string; url?: string | null };
}

/**
 * dash.js 5, the DASH-IF reference client: DASH and LL-DASH (chunked CMAF) through MSE. It keeps
 * live playback at its target delay itself (playback-rate catch-up), hence `liveSync = 'engine'`.
 * Brume's MPD has `availabilityStartTime` = stream start and a period starting at 0, and the CMAF
 * `tfdt` is stream time, so media time is stream time (the base class's `mediaTimeToStreamMs`).
 */
class DashjsEngine extends MediaElementEngine {
  readonly name = 'dashjs';
  override readonly liveSync = 'engine';
  private readonly player: MediaPlayerClass = MediaPlayer().create();
  /** STREAM_INITIALIZED seen: before it, dash.js throws from most getters. */
  private initialized = false;
  /** The quality the viewer picked, `auto` while ABR decides. */
  private quality = 'auto';
  /** A drain watch is armed (see `completeWhenDrained`). */
  private draining = false;

  async start(): Promise<void> {
    const { player, video, context } = this;
    // dash.js recovers decode errors itself and raises `ERROR` when it gives up.
    this.watchElement({ mediaErrors: false });
    player.updateSettings(dashjsSettings(context.latency, context.source.lowLatency));

    await new Promise<void>((resolve, reject) => {
      let settled = false;
      const settle = (error?: Error): void => {
        if (settled) return;
        settled = true;
        if (error) reject(error);
        else resolve();
      };
      this.onDispose(() => settle());
      this.onPlayer(events.STREAM_INITIALIZED, (payload) => {
        const error = (payload as { error?: Error | null }).error;
        if (error) return settle(new Error(`dash.js could not initialise the stream: ${error.message}`));
        this.initialized = true;
        settle();
        this.events.emit('tracks', {});
      });
      this.onPlayer(events.ERROR, (payload) => {
        const error = this.describeError(payload as DashjsErrorPayload);
        if (!error) return;
        if (!settled) settle(new Error(`dash.js could not start ${context.source.url}: ${error}`));
        else this.fail(error, payload);
      });
      this.watchMetadata();
      // The live presentation ended (the MPD went static).
      this.onPlayer(events.DYNAMIC_TO_STATIC, () => this.completeWhenDrained());
      for (const type of [
        events.QUALITY_CHANGE_RENDERED,
        events.TRACK_CHANGE_RENDERED,
        events.TEXT_TRACKS_ADDED,
      ]) {
        this.onPlayer(type, () => this.events.emit('tracks', {}));
      }
      try {
        // The core calls play() once media is attached, so dash.js does not autoplay. NaN: no start
        // time (live edge, or the beginning); a number is presentation time, our media time.
        player.initialize(video, context.source.url, false, context.startTime ?? NaN);
      } catch (error) {
        settle(new Error(`dash.js refused ${context.source.url}: ${String(error)}`));
      }
    });
  }

  override isLive(): boolean {
    const dynamic = this.ask(() => this.player.isDynamic());
    return dynamic ?? super.isLive();
  }

  override getLiveLatency(): number | undefined {
    if (!this.isLive()) return undefined;
    const latency = this.ask(() => this.player.getCurrentLiveLatency());
    return latency !== undefined && Number.isFinite(latency) ? latency : super.getLiveLatency();
  }

  override getSeekRange(): TimeRange | undefined {
    if (this.isLive()) {
      // The DVR window in presentation time (= media time here): its end is the availability edge.
      const window = this.ask(() => this.player.getDvrWindow());
      if (window && Number.isFinite(window.start) && Number.isFinite(window.end)) {
        return { start: window.start, end: window.end };
      }
    }
    return super.getSeekRange();
  }

  override seek(time: number): void {
    // Presentation time, not DVR-relative (`player.seek`); dash.js also moves its live delay there.
    if (this.initialized) this.player.seekToPresentationTime(Math.max(0, time));
    else super.seek(time);
  }

  override goLive(): void {
    if (this.isLive()) this.player.seekToOriginalLive();
    else super.goLive();
  }

  override async getTransportStats(): Promise<TransportStats | undefined> {
    const stats = await super.getTransportStats();
    const current = this.initialized
      ? this.ask(() => this.player.getCurrentRepresentationForType('video'))
      : undefined;
    return stats && { ...stats, bitrate: current?.bandwidth || undefined };
  }

  override getTracks(): EngineTracks {
    if (!this.initialized) return NO_TRACKS;
    const player = this.player;
    const qualities = (this.ask(() => player.getRepresentationsByType('video')) ?? []).map(toQuality);
    const active = this.ask(() => player.getCurrentRepresentationForType('video'));
    const audio = this.ask(() => player.getTracksFor('audio')) ?? [];
    const currentAudio = this.ask(() => player.getCurrentTrackFor('audio'));
    const text = this.ask(() => player.getTracksFor('text')) ?? [];
    const textIndex = this.ask(() => player.getCurrentTextTrackIndex());
    return {
      qualities,
      quality: this.quality,
      activeQuality: active?.id,
      audio: audio.map((track, i) => toTrackOption(track, i, 'Audio')),
      audioId: currentAudio
        ? trackId(
            currentAudio,
            audio.findIndex((t) => sameTrack(t, currentAudio)),
          )
        : undefined,
      text: text.map((track, i) => toTrackOption(track, i, 'Subtitles')),
      textId:
        textIndex !== undefined && textIndex >= 0 && text[textIndex]
          ? trackId(text[textIndex], textIndex)
          : undefined,
    };
  }

  override setQuality(id: string): void {
    if (!this.initialized) return;
    const player = this.player;
    if (id === 'auto') {
      this.quality = 'auto';
      player.updateSettings({ streaming: { abr: { autoSwitchBitrate: { video: true } } } });
    } else {
      if (!player.getRepresentationsByType('video').some((r) => r.id === id)) return;
      this.quality = id;
      player.updateSettings({ streaming: { abr: { autoSwitchBitrate: { video: false } } } });
      // Replace what is buffered: the viewer asked for this quality now, not a buffer later.
      player.setRepresentationForTypeById('video', id, true);
    }
    this.events.emit('tracks', {});
  }

  override setAudioTrack(id: string): void {
    if (!this.initialized) return;
    const tracks = this.player.getTracksFor('audio');
    const track = tracks.find((t, i) => trackId(t, i) === id);
    if (track) this.player.setCurrentTrack(track);
  }

  override setTextTrack(id: string | undefined): void {
    if (!this.initialized) return;
    const tracks = this.player.getTracksFor('text');
    const index = id === undefined ? -1 : tracks.findIndex((t, i) => trackId(t, i) === id);
    if (id !== undefined && index < 0) return;
    this.player.enableText(index >= 0);
    this.player.setTextTrack(index);
    this.events.emit('tracks', {});
  }

  protected teardown(): void {
    // reset() detaches the source and the element; destroy() also frees dash.js's per-player singletons.
    this.player.destroy();
    this.detachElement();
  }

  /**
   * The message of a fatal dash.js error, or `undefined` for one dash.js gets over (arming the
   * drain watch for segments past the end of a static presentation).
   */
  private describeError(payload: DashjsErrorPayload): string | undefined {
    const error = payload.error;
    if (typeof error === 'string' || error === undefined) return `dash.js error: ${error ?? 'unknown'}`;
    const request = (error.data as FailedRequest | null | undefined)?.request;
    const duration = this.video.duration;
    const verdict = dashjsErrorVerdict({
      code: error.code ?? null,
      dynamic: this.ask(() => this.player.isDynamic()) ?? true,
      segmentStart: request?.startTime,
      presentationEnd: Number.isFinite(duration) ? duration : undefined,
    });
    if (verdict === 'drain') this.completeWhenDrained();
    if (verdict !== 'fatal') return undefined;
    return `${error.message || 'dash.js error'} (code ${error.code ?? '?'})`;
  }

  /**
   * Emits `complete` when playback ran out of media at the end of a presentation that went static,
   * should dash.js not end the stream itself (see `watchDrain`).
   */
  private completeWhenDrained(): void {
    if (this.draining) return;
    this.draining = true;
    const end = (): number | undefined => {
      const duration = this.video.duration;
      return Number.isFinite(duration) ? duration : undefined;
    };
    this.onDispose(watchDrain(this.video, end, () => this.events.emit('complete', {})));
  }

  /** Registers a dash.js listener, removed on dispose. */
  /**
   * The ID3 `emsg` of the video segments (declared by the MPD's InbandEventStream), handed over as
   * dash.js parses each chunk (`EVENT_MODE_ON_RECEIVE`), not when playback reaches them: the core
   * schedules them on the displayed frame. The tag's Brume TXXX frame holds the whole event.
   */
  private watchMetadata(): void {
    const listener = (payload: unknown): void => {
      const data = (payload as { event?: { messageData?: unknown } }).event?.messageData;
      if (!(data instanceof Uint8Array)) return;
      const event = metadataEventFromId3(data);
      if (event) this.events.emit('metadata', { events: [event] });
    };
    this.player.on(ID3_EMSG_SCHEME, listener, undefined, { mode: events.EVENT_MODE_ON_RECEIVE });
    this.onDispose(() => this.player.off(ID3_EMSG_SCHEME, listener));
  }

  private onPlayer(type: string, listener: (payload: unknown) => void): void {
    this.player.on(type, listener);
    this.onDispose(() => this.player.off(type, listener));
  }

  /** Calls a dash.js getter, which throws before playback is initialised (or after a reset). */
  private ask<T>(read: () => T): T | undefined {
    if (this.disposed) return undefined;
    try {
      return read();
    } catch {
      return undefined;
    }
  }
}

function toQuality(representation: Representation): QualityLevel {
  const { id, width, height, bandwidth, codecs } = representation;
  return {
    id,
    width: width || undefined,
    height: height || undefined,
    bitrate: bandwidth || undefined,
    codec: codecs ?? undefined,
    label: formatQualityLabel({ height, bitrate: bandwidth }, `Quality ${id}`),
  };
}

/** dash.js hands out copies of its MediaInfo objects: compare what identifies them. */
function sameTrack(a: MediaInfo, b: MediaInfo): boolean {
  return a === b || (a.id === b.id && a.index === b.index && a.lang === b.lang);
}

/** dash.js's MediaInfo ids may be null (no AdaptationSet@id): the list position stands in. */
function trackId(track: MediaInfo, position: number): string {
  return track.id ?? `#${track.index ?? position}`;
}

function toTrackOption(track: MediaInfo, position: number, kind: string): MediaTrackOption {
  const label = track.labels[0]?.text || track.lang || `${kind} ${position + 1}`;
  return { id: trackId(track, position), label, language: track.lang ?? undefined };
}
