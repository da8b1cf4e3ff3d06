import { metadataEventFromId3Frame } from '@brume/protocol';
// The ES2021 build: HLS and DASH in one file, smaller than the ES5 one, and Brume targets ES2022.
import shaka from 'shaka-player/dist/shaka-player.compiled-es2021.js';
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
import { shakaConfig } from './shaka-config';
import { shakaErrorVerdict, type ShakaErrorLike, type ShakaErrorVerdict } from './shaka-errors';

export function createEngine(context: EngineContext): Engine {
  return new ShakaEngine(context);
}

let polyfilled = false;
/** shaka's polyfills patch browser globals (MSE, EME quirks): once per page is enough. */
function installPolyfills(): void {
  if (polyfilled) return;
  polyfilled = true;
  shaka.polyfill.installAll();
}

type Track = shaka.extern.Track;

/**
 * shaka-player 5: HLS and DASH, live (LL or not) and VoD, through MSE. It keeps a live stream at
 * its target latency itself (playback rate), hence `liveSync = 'engine'`.
 */
class ShakaEngine extends MediaElementEngine {
  readonly name = 'shaka';
  override readonly liveSync = 'engine';
  private readonly player: shaka.Player;
  /** `load()` resolved: before it, tracks and ranges are not known. */
  private loaded = false;
  /** The presentation was live at some point (to tell an ended live stream from a VoD). */
  private wasLive = false;
  /** The quality the viewer picked, `auto` while ABR decides. */
  private quality = 'auto';
  /** A drain watch is armed (see `completeWhenDrained`). */
  private draining = false;

  constructor(context: EngineContext) {
    super(context);
    installPolyfills();
    this.player = new shaka.Player();
  }

  async start(): Promise<void> {
    const { player, video, context } = this;
    // shaka recovers some media errors itself (MSE reset) and reports the rest as CRITICAL.
    this.watchElement({ mediaErrors: false });
    player.configure(shakaConfig(context.latency, context.source.lowLatency));
    this.onPlayer('error', (event) => {
      const error = (event as Event & { detail?: ShakaErrorLike }).detail;
      // Errors before `load()` resolved reject it too: start() reports those.
      if (!this.loaded || !error) return;
      // shaka dispatches a streaming error before its failure callback decides on it: for a live
      // stream that callback retries HTTP failures and downgrades them to RECOVERABLE. Judge the
      // error once it has.
      queueMicrotask(() => this.onError(error));
    });
    // The ID3 `emsg` of the video segments, as shaka parses each one. Not its `emsg` event: that
    // fires when the playhead enters the event (polled), after its frame is on screen, where the
    // core would fire it late. `metadataadded` comes at parse time with the decoded ID3 frame, whose
    // Brume TXXX holds the whole event, stream time included (shaka's own start time, shifted for
    // HLS, is not needed).
    this.onPlayer('metadataadded', (event) => {
      const frame = (event as Event & { payload?: shaka.extern.MetadataFrame }).payload;
      if (!frame) return;
      const metadata = metadataEventFromId3Frame({
        key: frame.key,
        info: frame.description,
        data: frame.data,
      });
      if (metadata) this.events.emit('metadata', { events: [metadata] });
    });
    // Every manifest refresh: the one that finds the live presentation ended arms the drain watch.
    this.onPlayer('manifestupdated', () => {
      if (this.loaded && this.wasLive && !this.isLive()) this.completeWhenDrained();
    });
    for (const type of [
      'adaptation',
      'variantchanged',
      'trackschanged',
      'audiotrackschanged',
      'audiotrackchanged',
      'textchanged',
    ]) {
      this.onPlayer(type, () => this.events.emit('tracks', {}));
    }

    try {
      await player.attach(video);
      // The mime type spares shaka a HEAD request; plain URL sources have none.
      await player.load(context.source.url, context.startTime ?? null, context.source.mime || undefined);
    } catch (error) {
      if (this.disposed) return;
      throw new Error(`shaka-player could not load ${context.source.url}: ${describe(error)}`, {
        cause: error,
      });
    }
    this.loaded = true;
    this.wasLive = player.isLive();
    this.events.emit('tracks', {});
  }

  override isLive(): boolean {
    if (!this.loaded || this.disposed) return super.isLive();
    const live = this.player.isLive();
    if (live) this.wasLive = true;
    return live;
  }

  override getLiveLatency(): number | undefined {
    if (!this.isLive()) return undefined;
    // What shaka's `getStats().liveLatency` computes, without building all of its stats.
    const start = this.player.getPresentationStartTimeAsDate();
    if (start) return Math.max(0, (Date.now() - start.getTime()) / 1000 - this.video.currentTime);
    const timeline = this.player.getManifest()?.presentationTimeline;
    if (!timeline) return super.getLiveLatency();
    return Math.max(0, timeline.getSegmentAvailabilityEnd() - this.video.currentTime);
  }

  override getSeekRange(): TimeRange | undefined {
    if (!this.loaded || this.disposed) return super.getSeekRange();
    const { start, end } = this.player.seekRange();
    return end > start ? { start, end } : super.getSeekRange();
  }

  override goLive(): void {
    // seekRange().end already sits the target latency (the presentation delay) behind the edge.
    if (this.loaded && this.player.isLive()) this.player.goToLive();
    else super.goLive();
  }

  /**
   * Maps media time through the presentation's wall-clock start to Brume's stream timeline. For
   * DASH that start is the MPD's availabilityStartTime = stream time 0, so this is media time ×
   * 1000. For HLS shaka syncs renditions on EXT-X-PROGRAM-DATE-TIME and its time 0 is the earliest
   * PDT it loaded: the first segment of the playlist when it joined (Brume's packager starts on the
   * first request, seconds into the stream), not stream time 0.
   */
  override mediaTimeToStreamMs(mediaTime: number): number | undefined {
    const start = this.loaded && !this.disposed ? this.player.getPresentationStartTimeAsDate() : null;
    const streamStart = this.context.info.timeline.startUnixMs;
    if (!start || !streamStart) return super.mediaTimeToStreamMs(mediaTime);
    return start.getTime() - streamStart + mediaTime * 1000;
  }

  override async getTransportStats(): Promise<TransportStats | undefined> {
    const stats = await super.getTransportStats();
    const active = this.loaded ? this.variants().find((t) => t.active) : undefined;
    return stats && { ...stats, bitrate: active?.bandwidth || undefined };
  }

  override getTracks(): EngineTracks {
    if (!this.loaded || this.disposed) return NO_TRACKS;
    const player = this.player;
    const active = this.variants().find((t) => t.active);
    const audio = player.getAudioTracks();
    const text = player.getTextTracks();
    const activeAudio = audio.findIndex((t) => t.active);
    const activeText = text.find((t) => t.active);
    return {
      qualities: this.qualities(),
      quality: this.quality,
      activeQuality: active ? qualityId(active) : undefined,
      audio: audio.map((track, i) => ({
        id: String(i),
        label: track.label || track.language || `Audio ${i + 1}`,
        language: track.language || undefined,
      })),
      audioId: activeAudio >= 0 ? String(activeAudio) : undefined,
      text: text.map(toTextOption),
      textId: activeText ? String(activeText.id) : undefined,
    };
  }

  override setQuality(id: string): void {
    if (!this.loaded) return;
    const player = this.player;
    if (id === 'auto') {
      this.quality = 'auto';
      player.configure({ abr: { enabled: true } });
    } else {
      // The variant of that video with the audio playing now (variants are video × audio).
      const candidates = this.variants().filter((t) => qualityId(t) === id);
      const audioId = this.variants().find((t) => t.active)?.audioId;
      const variant = candidates.find((t) => t.audioId === audioId) ?? candidates[0];
      if (!variant) return;
      this.quality = id;
      player.configure({ abr: { enabled: false } });
      // Clear the buffer: the viewer asked for this quality now, not once the buffer ran out.
      player.selectVariantTrack(variant, true);
    }
    this.events.emit('tracks', {});
  }

  override setAudioTrack(id: string): void {
    if (!this.loaded) return;
    const track = this.player.getAudioTracks()[Number(id)];
    if (track) this.player.selectAudioTrack(track);
  }

  override setTextTrack(id: string | undefined): void {
    if (!this.loaded) return;
    const track = id === undefined ? null : this.player.getTextTracks().find((t) => String(t.id) === id);
    if (track === undefined) return;
    // `null` unloads the subtitles and hides them; a track is shown once selected.
    this.player.selectTextTrack(track);
    this.events.emit('tracks', {});
  }

  protected teardown(): Promise<void> {
    // destroy() detaches from the element and releases MSE asynchronously (it clears `src` on its
    // way out): the core waits for it before the next engine takes the element.
    this.detachElement();
    return this.player.destroy().then(
      () => this.detachElement(),
      () => this.detachElement(),
    );
  }

  private variants(): Track[] {
    return this.player.getVariantTracks();
  }

  /** One quality per video rendition (shaka lists each video once per audio it pairs with). */
  private qualities(): QualityLevel[] {
    const byId = new Map<string, QualityLevel>();
    for (const track of this.variants()) {
      const id = qualityId(track);
      if (byId.has(id) || (!track.height && !track.videoCodec)) continue;
      const bitrate = track.videoBandwidth || track.bandwidth || undefined;
      byId.set(id, {
        id,
        width: track.width ?? undefined,
        height: track.height ?? undefined,
        bitrate,
        codec: track.videoCodec ?? undefined,
        label: formatQualityLabel({ height: track.height ?? undefined, bitrate }, `Quality ${id}`),
      });
    }
    return [...byId.values()].sort((a, b) => (a.height ?? 0) - (b.height ?? 0));
  }

  private onError(error: ShakaErrorLike): void {
    if (this.disposed) return;
    const verdict = this.verdict(error);
    if (verdict === 'fatal') this.fail(describe(error), error);
    else if (verdict === 'resume') this.player.retryStreaming();
    if (verdict === 'resume' || verdict === 'drain') this.completeWhenDrained();
  }

  private verdict(error: ShakaErrorLike): ShakaErrorVerdict {
    const live = this.isLive();
    const timeline = this.player.getManifest()?.presentationTimeline;
    const duration = timeline?.getDuration();
    return shakaErrorVerdict(error, {
      wasLive: this.wasLive || live,
      live,
      segmentStart: (uri) => segmentStart(this.player.getManifest(), uri),
      presentationEnd: duration !== undefined && Number.isFinite(duration) ? duration : undefined,
    });
  }

  /**
   * Emits `complete` when playback ran out of media at the end of a live presentation that ended,
   * should shaka not end the stream itself (see `watchDrain`).
   */
  private completeWhenDrained(): void {
    if (this.draining) return;
    this.draining = true;
    const end = (): number | undefined => {
      const duration = this.player.getManifest()?.presentationTimeline.getDuration();
      return duration !== undefined && Number.isFinite(duration) ? duration : undefined;
    };
    this.onDispose(watchDrain(this.video, end, () => this.events.emit('complete', {})));
  }

  /** Registers a shaka listener, removed on dispose. */
  private onPlayer(type: string, listener: (event: Event) => void): void {
    this.player.addEventListener(type, listener);
    this.onDispose(() => this.player.removeEventListener(type, listener));
  }
}

/** A video rendition's id: shaka's id of the video stream, the same in every variant that carries it. */
function qualityId(track: Track): string {
  return String(track.videoId ?? track.id);
}

function toTextOption(track: shaka.extern.TextTrack): MediaTrackOption {
  return {
    id: String(track.id),
    label: track.label || track.language || `Subtitles ${track.id}`,
    language: track.language || undefined,
  };
}

/** Start (s) of the segment at `uri` in any audio or video stream of the manifest, if listed. */
function segmentStart(manifest: shaka.extern.Manifest | null, uri: string): number | undefined {
  const streams = new Set<shaka.extern.Stream>();
  for (const variant of manifest?.variants ?? []) {
    if (variant.video) streams.add(variant.video);
    if (variant.audio) streams.add(variant.audio);
  }
  for (const stream of streams) {
    const index = stream.segmentIndex;
    if (!index) continue;
    const first = index.getNumEvicted() as number;
    const count = index.getNumReferences() as number;
    for (let position = first; position < first + count; position++) {
      const reference = index.get(position) as shaka.media.SegmentReference | null;
      if (reference?.getUris().includes(uri)) return reference.getStartTime();
    }
  }
  return undefined;
}

/** A shaka.util.Error (or anything thrown) in one line: shaka's messages are often empty. */
function describe(error: unknown): string {
  const e = error as ShakaErrorLike & { message?: string; category?: number };
  if (typeof e?.code !== 'number') return error instanceof Error ? error.message : String(error);
  const detail = e.data?.slice(0, 2).map((d) => (typeof d === 'string' ? d : JSON.stringify(d)));
  return `shaka error ${e.code} (category ${e.category ?? '?'})${detail?.length ? `: ${detail.join(' ')}` : ''}`;
}
