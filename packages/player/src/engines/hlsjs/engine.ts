import { metadataEventFromId3, type MetadataEvent } from '@brume/protocol';
import Hls, { ErrorDetails, ErrorTypes, Events, type ErrorData, type LevelDetails } from 'hls.js';
import { PlayerError } from '../../player-error';
import { MediaElementEngine } from '../media-element-engine';
import type { Engine, EngineContext, EngineTracks, TimeRange, TransportStats } from '../types';
import { indexOfId, qualitiesOf, trackOptionsOf } from './hls-tracks';
import { isStuckAtEnd } from './end-of-playlist';
import { hlsLiveConfig, liveSyncTargets, type LiveSyncTargets } from './live-sync';
import { streamMsAt } from './program-date-time';
import { RecoveryPolicy, type FatalKind } from './recovery-policy';

export function createEngine(context: EngineContext): Engine {
  return new HlsJsEngine(context);
}

/**
 * Seconds of played media hls.js keeps behind the playhead. Its default (unbounded) lets a long
 * live session fill the SourceBuffer quota; 30 s still allows a short seek back without a reload.
 */
const BACK_BUFFER_S = 30;

/** How long a stall at the end of an ended playlist must last before the engine ends it (ms). */
const END_GRACE_MS = 1000;

/**
 * HLS and LL-HLS through hls.js (MSE). hls.js keeps a live stream near its edge itself (playback
 * rate, seeking back when too far behind), tuned from the latency mode and the playlist's
 * hold-backs; fatal errors go through one `RecoveryPolicy`. Everything else comes from the element.
 */
class HlsJsEngine extends MediaElementEngine {
  readonly name = 'hlsjs';
  override readonly liveSync = 'engine';
  private readonly hls: Hls;
  private readonly recovery = new RecoveryPolicy();
  /** The user's pick: `auto`, or a level index as a string. */
  private quality = 'auto';
  private activeLevel: number | undefined;
  /** Set from the first live playlist. */
  private liveTargets: LiveSyncTargets | undefined;
  /**
   * The viewer chose a position behind the edge (a seek, or a DVR resume via `startTime`): hls.js
   * must not seek back to its target until `goLive()`.
   */
  private behindByChoice: boolean;
  private wasLive = false;
  /** Set once the manifest is parsed: fatal errors before that reject `start()` instead. */
  private started = false;
  private endTimer: ReturnType<typeof setTimeout> | undefined;
  /** End of stream was declared for hls.js, which waited for media that will not come. */
  private endForced = false;

  constructor(context: EngineContext) {
    super(context);
    this.behindByChoice = context.startTime !== undefined;
    const live = hlsLiveConfig(context.latency);
    this.hls = new Hls({
      ...live,
      // Live content makes the element's duration Infinity (what the core and UI read as "live")
      // and its seekable range the playlist window.
      liveDurationInfinity: true,
      backBufferLength: BACK_BUFFER_S,
      startPosition: context.startTime ?? -1,
      // No ID3 TextTrack of hls.js's own: the core fires the events and mirrors them as cues.
      enableEmsgMetadataCues: false,
      enableID3MetadataCues: false,
    });
  }

  async start(): Promise<void> {
    if (!Hls.isSupported()) {
      throw new PlayerError(
        'player/engine-failed',
        'hls.js cannot play in this browser: it has no Media Source Extensions.',
      );
    }
    const hls = this.hls;
    this.watchElement();
    this.watchHls();
    this.listen(this.video, 'waiting', () => this.watchForStuckEnd());
    this.onDispose(() => clearTimeout(this.endTimer));
    await new Promise<void>((resolve, reject) => {
      let settled = false;
      const settle = (error?: PlayerError): void => {
        if (settled) return;
        settled = true;
        hls.off(Events.MANIFEST_PARSED, onParsed);
        hls.off(Events.ERROR, onError);
        if (error) {
          reject(error);
        } else {
          this.started = true;
          resolve();
        }
      };
      const onParsed = (): void => settle();
      const onError = (_event: Events.ERROR, data: ErrorData): void => {
        if (!data.fatal) return;
        settle(
          new PlayerError(
            'player/engine-failed',
            `hls.js could not load ${this.context.source.url} (${describe(data)}).`,
            { cause: data.error },
          ),
        );
      };
      hls.on(Events.MANIFEST_PARSED, onParsed);
      hls.on(Events.ERROR, onError);
      this.onDispose(() => settle());
      hls.attachMedia(this.video);
      hls.loadSource(this.context.source.url);
    });
  }

  override async getTransportStats(): Promise<TransportStats | undefined> {
    const stats = await super.getTransportStats();
    const level = this.hls.levels[this.hls.currentLevel];
    return stats && { ...stats, bitrate: level?.bitrate };
  }

  override mediaTimeToStreamMs(mediaTime: number): number | undefined {
    const details = this.details();
    if (!details) return undefined;
    return streamMsAt(mediaTime, details.fragments, this.context.info.timeline.startUnixMs);
  }

  override isLive(): boolean {
    return this.details()?.live ?? super.isLive();
  }

  override getLiveLatency(): number | undefined {
    if (!this.details()?.live) return undefined;
    // 0 until hls.js has measured it on the first `timeupdate`.
    const latency = this.hls.latency;
    return latency > 0 ? latency : undefined;
  }

  override getSeekRange(): TimeRange | undefined {
    const details = this.details();
    if (details?.live) return { start: details.fragmentStart, end: details.edge };
    const range = super.getSeekRange();
    if (range || !details) return range;
    return { start: 0, end: details.totalduration };
  }

  override seek(time: number): void {
    // hls.js would otherwise seek straight back to the edge on its next playlist reload.
    this.behindByChoice = true;
    this.applyMaxLatency();
    super.seek(time);
  }

  override goLive(): void {
    this.behindByChoice = false;
    this.applyMaxLatency();
    const position = this.hls.liveSyncPosition;
    if (position === null) super.goLive();
    else this.video.currentTime = position;
  }

  override getTracks(): EngineTracks {
    const hls = this.hls;
    const audio = trackOptionsOf(hls.audioTracks, 'Audio');
    const text = trackOptionsOf(hls.subtitleTracks, 'Subtitles');
    return {
      qualities: qualitiesOf(hls.levels),
      quality: this.quality,
      activeQuality: this.activeLevel === undefined ? undefined : String(this.activeLevel),
      audio,
      audioId: audio.length && hls.audioTrack >= 0 ? String(hls.audioTrack) : undefined,
      text,
      textId: hls.subtitleDisplay && hls.subtitleTrack >= 0 ? String(hls.subtitleTrack) : undefined,
    };
  }

  override setQuality(id: string): void {
    const level = id === 'auto' ? -1 : indexOfId(id, this.hls.levels.length);
    if (level === undefined) return;
    this.quality = id;
    // `nextLevel` switches after the fragment playing now: no flush of what is on screen, no stall.
    this.hls.nextLevel = level;
    this.events.emit('tracks', {});
  }

  override setAudioTrack(id: string): void {
    const index = indexOfId(id, this.hls.audioTracks.length);
    if (index === undefined) return;
    this.hls.audioTrack = index;
  }

  override setTextTrack(id: string | undefined): void {
    if (id === undefined) {
      this.hls.subtitleDisplay = false;
      this.hls.subtitleTrack = -1;
    } else {
      const index = indexOfId(id, this.hls.subtitleTracks.length);
      if (index === undefined) return;
      this.hls.subtitleTrack = index;
      this.hls.subtitleDisplay = true;
    }
    this.events.emit('tracks', {});
  }

  protected teardown(): void {
    this.hls.destroy();
    // hls.js leaves its catch-up rate on the element; the next attempt must not inherit it.
    if (this.wasLive) this.video.playbackRate = 1;
    this.detachElement();
  }

  /**
   * hls.js only accepts `liveMaxLatencyDuration` at construction, with a fixed `liveSyncDuration`;
   * its latency controller reads the config live, so it is kept at the current target (which hls.js
   * raises after stalls) plus the mode's slack, or unset while the viewer stays behind by choice.
   */
  private applyMaxLatency(): void {
    const slack = this.liveTargets?.seekBackSlack;
    const target = this.hls.targetLatency;
    this.hls.config.liveMaxLatencyDuration =
      this.behindByChoice || slack === undefined || target === null ? undefined : target + slack;
  }

  /**
   * Ends playback that is stuck at the end of an ended playlist (see `isStuckAtEnd`): first by
   * declaring end of stream to hls.js's buffer, so the element plays what it has and fires `ended`
   * itself; if it still does not move, by pausing and reporting `complete` directly.
   */
  private watchForStuckEnd(): void {
    if (!this.started || this.disposed || this.endTimer !== undefined || !this.stuckAtEnd()) return;
    const at = this.video.currentTime;
    this.endTimer = setTimeout(() => {
      this.endTimer = undefined;
      if (!this.stuckAtEnd() || this.video.currentTime !== at) return;
      if (this.endForced) {
        this.video.pause();
        this.events.emit('complete', {});
        return;
      }
      this.endForced = true;
      this.hls.trigger(Events.BUFFER_EOS, { type: null });
      this.watchForStuckEnd();
    }, END_GRACE_MS);
  }

  private stuckAtEnd(): boolean {
    const details = this.details();
    return (
      details !== undefined &&
      isStuckAtEnd({
        live: details.live,
        edge: details.edge,
        currentTime: this.video.currentTime,
        bufferAhead: this.bufferAhead(),
        paused: this.video.paused,
      })
    );
  }

  private details(): LevelDetails | undefined {
    return this.hls.latestLevelDetails ?? undefined;
  }

  private watchHls(): void {
    const hls = this.hls;
    const tracksChanged = (): void => this.events.emit('tracks', {});
    hls.on(Events.MANIFEST_PARSED, tracksChanged);
    hls.on(Events.LEVELS_UPDATED, tracksChanged);
    hls.on(Events.AUDIO_TRACKS_UPDATED, tracksChanged);
    hls.on(Events.AUDIO_TRACK_SWITCHED, tracksChanged);
    hls.on(Events.SUBTITLE_TRACKS_UPDATED, tracksChanged);
    hls.on(Events.SUBTITLE_TRACK_SWITCH, tracksChanged);
    hls.on(Events.LEVEL_SWITCHED, (_event, { level }) => {
      this.activeLevel = level;
      tracksChanged();
    });
    // LEVEL_UPDATED comes after hls.js has read the playlist but before it picks the first
    // fragment, so targets set here also decide where playback starts.
    hls.on(Events.LEVEL_UPDATED, (_event, { details }) => {
      if (!details.live) {
        // EXT-X-ENDLIST may arrive after the playhead already ran out of media.
        this.watchForStuckEnd();
        return;
      }
      this.wasLive = true;
      if (!this.liveTargets) {
        this.liveTargets = liveSyncTargets(
          this.context.latency,
          {
            partHoldBack: details.partHoldBack,
            holdBack: details.holdBack,
            partTarget: details.partTarget,
            targetDuration: details.targetduration,
          },
          hls.lowLatencyMode,
        );
        hls.targetLatency = this.liveTargets.targetLatency;
      }
      // Before hls.js compares the playhead with it on this very reload: the target may have grown.
      this.applyMaxLatency();
    });
    // The ID3 `emsg` of each video fragment, at parse time (hls.js reads them with or without
    // metadata cues); each tag's Brume TXXX frame holds the whole event, stream time included.
    hls.on(Events.FRAG_PARSING_METADATA, (_event, { samples }) => {
      const events = samples
        .map((sample) => metadataEventFromId3(sample.data))
        .filter((event): event is MetadataEvent => event !== undefined);
      if (events.length > 0) this.events.emit('metadata', { events });
    });
    hls.on(Events.ERROR, (_event, data) => {
      if (data.fatal) this.onFatal(data);
      else if (data.details === ErrorDetails.BUFFER_STALLED_ERROR) this.watchForStuckEnd();
    });
  }

  /** Fatal errors after `start()` (before it, `start()` rejects and the core gives up on the attempt). */
  private onFatal(data: ErrorData): void {
    if (!this.started || this.disposed) return;
    const kind: FatalKind =
      data.type === ErrorTypes.NETWORK_ERROR
        ? 'network'
        : data.type === ErrorTypes.MEDIA_ERROR
          ? 'media'
          : 'other';
    switch (this.recovery.next(kind, performance.now())) {
      case 'restart-load':
        this.hls.startLoad();
        return;
      case 'recover-media':
        this.hls.recoverMediaError();
        return;
      case 'swap-codec-and-recover':
        this.hls.swapAudioCodec();
        this.hls.recoverMediaError();
        return;
      case 'give-up':
        this.fail(`hls.js ${describe(data)}`, data.error);
    }
  }
}

/** `networkError/manifestLoadError: HTTP 404` — hls.js's own words for what failed. */
function describe(data: ErrorData): string {
  const message = data.error?.message;
  return `${data.type}/${data.details}${message ? `: ${message}` : ''}`;
}
