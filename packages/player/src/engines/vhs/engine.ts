// Must run before video.js's module body, which otherwise adds a <style> to the host page.
import './no-dynamic-style';
import videojs from 'video.js';
import { PlayerError } from '../../player-error';
import { isDash } from '../codec-support';
import { MediaElementEngine } from '../media-element-engine';
import {
  NO_TRACKS,
  type Engine,
  type EngineContext,
  type EngineTracks,
  type TimeRange,
  type TransportStats,
} from '../types';
import { BorrowedElement } from './borrowed-element';
import { streamMsFromProgramTime } from './program-time';
import { readTracks, selectAudioTrack, selectQuality, selectTextTrack } from './vhs-tracks';
import type { VhsHandler, VhsStatic, VjsEvented, VjsPlayer } from './videojs-api';

export function createEngine(context: EngineContext): Engine {
  return new VhsEngine(context);
}

const VHS = (videojs as unknown as { Vhs: VhsStatic }).Vhs;

/** video.js as a bare playback pipeline: the core owns the element, the UI and the controls. */
const PLAYER_OPTIONS = {
  controls: false,
  // No components at all: no big play button, spinner, error display, text track display, poster,
  // control bar, resize manager or live tracker, and no MediaLoader (`player.src()` loads the Html5
  // tech itself when none is loaded).
  children: [],
  liveui: false,
  techOrder: ['html5'],
  html5: {
    // Where video.js believes moving a media element breaks it (iOS), the tech would play in a
    // clone; this says the element already is where it belongs, so the core's element is the one.
    playerElIngest: true,
    // VHS's own (MSE) track lists, as its `overrideNative` requires.
    nativeAudioTracks: false,
    nativeVideoTracks: false,
    vhs: {
      // MSE even where the browser plays HLS itself: the native engine covers that case.
      overrideNative: true,
      // The element is sized by the core's UI; the core's quality menu, not the box, caps quality.
      limitRenditionByPlayerDimensions: false,
      // No bandwidth carried over from another page's session.
      useBandwidthFromLocalStorage: false,
      // Whole segments, playlists polled. VHS 3.17's LL-HLS mode fails on Brume's playlists: after
      // a playlist that ends with a complete segment and a PRELOAD-HINT it keeps asking
      // (`_HLS_part`) for a part it already has and spins for seconds on the same answer; with the
      // requests corrected it still empties its video buffer and freezes within half a minute.
      llhls: false,
    },
  },
};

/**
 * HLS and DASH through @videojs/http-streaming (VHS) inside video.js, for streams the lighter
 * engines refuse. video.js takes over the element it is given, so the engine lends it the core's
 * `<video>` through `BorrowedElement` and gets it back, in place and as it was, on dispose. VHS
 * plays whole segments (its LL-HLS mode loops on our preload hints, see README) and never loads past
 * its own live point (three target durations back), so the core's catch-up could only drain the
 * buffer into a stall: `liveSync: 'engine'` keeps the core's rate control off and VHS at its live
 * point. VHS retries network errors itself, so its `error` is final.
 */
class VhsEngine extends MediaElementEngine {
  readonly name = 'vhs';
  override readonly liveSync = 'engine';
  private player: VjsPlayer | undefined;
  private element: BorrowedElement | undefined;
  /** The user's choice: a quality level id, or `auto`. */
  private quality = 'auto';

  async start(): Promise<void> {
    const element = new BorrowedElement(this.video);
    this.element = element;
    // The cast is the one place video.js's loose typings meet ours (see videojs-api.ts).
    const player = videojs(this.video, PLAYER_OPTIONS) as unknown as VjsPlayer;
    this.player = player;
    element.reclaim(player.el());
    this.watchPlayer(player);
    await this.load(player);
  }

  override async getTransportStats(): Promise<TransportStats | undefined> {
    const stats = await super.getTransportStats();
    const tracks = this.getTracks();
    const active = tracks.qualities.find((q) => q.id === tracks.activeQuality);
    return stats && active?.bitrate ? { ...stats, bitrate: active.bitrate } : stats;
  }

  /**
   * Through the playlist's program dates: VHS lays segments on its own timeline, not the `tfdt`
   * (see program-time.ts). `undefined` where the manifest has none (DASH, VoD).
   */
  override mediaTimeToStreamMs(mediaTime: number): number | undefined {
    const segments = this.vhs()?.playlists?.media()?.segments;
    if (!segments) return undefined;
    return streamMsFromProgramTime(segments, mediaTime, this.context.info.timeline.startUnixMs);
  }

  /** From the media playlist (no `EXT-X-ENDLIST`, dynamic MPD), then the duration, then the info. */
  override isLive(): boolean {
    const media = this.vhs()?.playlists?.media();
    if (media) return !media.endList;
    const duration = this.player?.duration();
    if (duration === Infinity) return true;
    if (duration !== undefined && Number.isFinite(duration) && duration > 0) return false;
    return this.context.info.type === 'live';
  }

  /**
   * Distance from the displayed frame to the newest media the playlist lists, as hls.js reports it:
   * VHS keeps its seekable end `liveEdgeDelay` behind that (3 target durations, LL-HLS being off),
   * so the delay is added back. Unknown before the first frame.
   */
  override getLiveLatency(): number | undefined {
    if (!this.isLive() || this.video.readyState < HTMLMediaElement.HAVE_METADATA) return undefined;
    const range = this.getSeekRange();
    if (!range) return undefined;
    const loader = this.vhs()?.playlists;
    const media = loader?.media();
    const delay = loader && media ? VHS.Playlist.liveEdgeDelay(loader.main, media) : 0;
    return Math.max(0, range.end + delay - this.video.currentTime);
  }

  /** VHS's seekable range: for live MSE the element's own is wrong (VHS sets a finite duration). */
  override getSeekRange(): TimeRange | undefined {
    const seekable = this.player?.seekable();
    if (!seekable?.length) return undefined;
    const range = { start: seekable.start(0), end: seekable.end(seekable.length - 1) };
    // video.js answers [0, 0] before VHS knows anything.
    return range.end > 0 ? range : undefined;
  }

  override seek(time: number): void {
    const range = this.getSeekRange();
    this.player?.currentTime(range ? Math.min(Math.max(time, range.start), range.end) : time);
  }

  /** VHS's seekable end is its safe live point (already behind the edge by its hold-back). */
  override goLive(): void {
    const range = this.getSeekRange();
    if (range) this.player?.currentTime(range.end);
  }

  override getTracks(): EngineTracks {
    const player = this.player;
    if (!player) return NO_TRACKS;
    return readTracks(player.qualityLevels(), player.audioTracks(), player.textTracks(), this.quality);
  }

  override setQuality(id: string): void {
    const player = this.player;
    if (!player) return;
    if (selectQuality(player.qualityLevels(), id)) this.quality = id;
    this.events.emit('tracks', {});
  }

  override setAudioTrack(id: string): void {
    if (this.player) selectAudioTrack(this.player.audioTracks(), id);
  }

  override setTextTrack(id: string | undefined): void {
    if (this.player) selectTextTrack(this.player.textTracks(), id);
  }

  protected teardown(): void {
    const player = this.player;
    this.player = undefined;
    // Disposing aborts VHS's requests, ends its MediaSource and takes the element out of the document.
    if (player) this.element?.giveBack(() => player.dispose());
    this.element = undefined;
    this.detachElement();
  }

  /** Forwards element and video.js events; list listeners go before `src()` so none is missed. */
  private watchPlayer(player: VjsPlayer): void {
    const video = this.video;
    this.listen(video, 'playing', () => this.events.emit('playing', {}));
    this.listen(video, 'waiting', () => {
      if (!video.seeking) this.events.emit('stalled', { reason: 'buffering' });
    });
    this.listen(video, 'ended', () => this.events.emit('complete', {}));

    // The first call initialises the quality-levels plugin, which VHS fills once it has a manifest.
    const levels = player.qualityLevels();
    const emitTracks = (): void => this.events.emit('tracks', {});
    this.listenTo(levels, ['removequalitylevel', 'change'], emitTracks);
    this.listenTo(levels, 'addqualitylevel', () => {
      // VHS enables every level it adds; a pinned quality stays pinned.
      if (this.quality !== 'auto') selectQuality(levels, this.quality);
      emitTracks();
    });
    // video.js hands these same list objects to the tech it loads.
    this.listenTo(player.audioTracks(), ['addtrack', 'removetrack', 'change'], emitTracks);
    this.listenTo(player.textTracks(), ['addtrack', 'removetrack', 'change'], emitTracks);
  }

  /**
   * Sets the source and waits until it is playable: for VoD the first metadata (VHS buffers before
   * play); for live the chosen media playlist, because VHS fetches no segment before the first
   * `play()` (it then seeks to its live point), which the core makes only after `start()`.
   * `context.startTime` is applied at the first metadata, after that live seek.
   */
  private load(player: VjsPlayer): Promise<void> {
    const { source, startTime } = this.context;
    return new Promise<void>((resolve, reject) => {
      let settled = false;
      const settle = (error?: PlayerError): void => {
        if (settled) return;
        settled = true;
        if (error) reject(error);
        else resolve();
      };
      let started = startTime === undefined;
      this.listen(this.video, 'loadedmetadata', () => {
        if (!started) {
          started = true;
          this.seek(startTime!);
        }
        settle();
      });
      this.listenTo(player.qualityLevels(), 'change', () => {
        if (this.isLive()) settle();
      });
      this.listenTo(player, 'error', () => {
        // video.js's MediaError always has a message (VHS's own, or a default for the code).
        const error = player.error();
        const what = error ? `${error.message} (code ${error.code})` : 'an unknown error';
        if (settled) this.fail(what, error);
        else {
          settle(
            new PlayerError('player/engine-failed', `The vhs engine could not play ${source.url}: ${what}`, {
              cause: error,
            }),
          );
        }
      });
      this.onDispose(() => settle());
      player.src({
        src: source.url,
        type: isDash(source) ? 'application/dash+xml' : 'application/x-mpegURL',
      });
    });
  }

  /** `tech.vhs`: VHS's handler of the current source, once video.js loaded it. */
  private vhs(): VhsHandler | undefined {
    const tech = this.player?.tech({ IWillNotUseThisInPlugins: true });
    return tech ? tech.vhs : undefined;
  }

  /** A video.js listener removed on dispose. */
  private listenTo(target: VjsEvented, type: string | string[], listener: () => void): void {
    target.on(type, listener);
    this.onDispose(() => target.off(type, listener));
  }
}
