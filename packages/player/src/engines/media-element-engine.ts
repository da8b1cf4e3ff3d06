import { Emitter } from '@brume/protocol';
import { PlayerError } from '../player-error';
import {
  NO_TRACKS,
  type Engine,
  type EngineContext,
  type EngineEvents,
  type EngineTracks,
  type TimeRange,
  type TransportStats,
} from './types';

/** Where `goLive()` lands behind the seekable end when the engine has no target of its own (s). */
export const DEFAULT_LIVE_OFFSET_S = 1.5;

/** MediaError codes → words (the numeric code means nothing to a viewer). */
const MEDIA_ERRORS: Record<number, string> = {
  1: 'aborted',
  2: 'network error',
  3: 'decode error',
  4: 'source not supported',
};

/**
 * The shared half of every engine that plays through the video element's own pipeline (a URL, or
 * MSE fed by a library): element events become engine events, and seeking, the seekable range and
 * live latency come from the element. Subclasses attach media in `start()` and override what their
 * library knows better (tracks, latency, live edge).
 */
export abstract class MediaElementEngine implements Engine {
  abstract readonly name: string;
  readonly liveSync: 'engine' | 'core' | 'none' = 'core';
  protected readonly events = new Emitter<EngineEvents>((error) => console.error(`Brume engine`, error));
  protected readonly video: HTMLVideoElement;
  protected disposed = false;
  private readonly cleanups: (() => void)[] = [];

  constructor(protected readonly context: EngineContext) {
    this.video = context.video;
  }

  abstract start(): Promise<void>;

  on<K extends keyof EngineEvents>(type: K, listener: (payload: EngineEvents[K]) => void): () => void {
    return this.events.on(type, listener);
  }

  async getTransportStats(): Promise<TransportStats | undefined> {
    const quality = this.playbackQuality();
    return {
      packetsLost: 0,
      bufferSeconds: this.bufferAhead(),
      framesDecoded: quality?.totalVideoFrames,
      framesDropped: quality?.droppedVideoFrames,
    };
  }

  hasLiveAudio(): boolean {
    const v = this.video as HTMLVideoElement & {
      audioTracks?: { length: number };
      mozHasAudio?: boolean;
      webkitAudioDecodedByteCount?: number;
    };
    if (typeof v.webkitAudioDecodedByteCount === 'number') return v.webkitAudioDecodedByteCount > 0;
    if (typeof v.mozHasAudio === 'boolean') return v.mozHasAudio;
    return (v.audioTracks?.length ?? 0) > 0;
  }

  /**
   * Brume's CMAF outputs carry the stream timeline in `tfdt`, and MSE engines keep it as media time,
   * so by default media time is stream time. Engines that shift time (hls.js) override this.
   */
  mediaTimeToStreamMs(mediaTime: number): number | undefined {
    return mediaTime * 1000;
  }

  /**
   * Inverts `mediaTimeToStreamMs` (whichever subclass defines it) around the playhead: every engine
   * maps by an offset over a stretch of media, so this is exact for the identity and for the engines
   * that shift time (hls.js, shaka, VHS), and needs no frame on screen.
   */
  streamMsToMediaTime(streamMs: number): number | undefined {
    const reference = Number.isFinite(this.video.currentTime) ? this.video.currentTime : 0;
    const at = this.mediaTimeToStreamMs(reference);
    return at === undefined ? undefined : reference + (streamMs - at) / 1000;
  }

  isLive(): boolean {
    const duration = this.video.duration;
    if (Number.isFinite(duration) && duration > 0) return false;
    if (duration === Infinity) return true;
    return this.context.info.type === 'live';
  }

  getLiveLatency(): number | undefined {
    if (!this.isLive()) return undefined;
    const range = this.getSeekRange();
    if (!range) return undefined;
    return Math.max(0, range.end - this.video.currentTime);
  }

  getSeekRange(): TimeRange | undefined {
    const seekable = this.video.seekable;
    if (seekable.length === 0) return undefined;
    return { start: seekable.start(0), end: seekable.end(seekable.length - 1) };
  }

  seek(time: number): void {
    const range = this.getSeekRange();
    this.video.currentTime = range ? Math.min(Math.max(time, range.start), range.end) : time;
  }

  goLive(): void {
    const range = this.getSeekRange();
    if (range) this.video.currentTime = Math.max(range.start, range.end - DEFAULT_LIVE_OFFSET_S);
  }

  getTracks(): EngineTracks {
    return NO_TRACKS;
  }

  setQuality(_id: string): void {}

  setAudioTrack(_id: string): void {}

  setTextTrack(_id: string | undefined): void {}

  dispose(_options: { sessionGone?: boolean } = {}): void | Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    for (const cleanup of this.cleanups.splice(0)) cleanup();
    const released = this.teardown();
    this.events.clear();
    return released;
  }

  /**
   * Releases the library and detaches media; runs once, after listeners are removed. Returns a
   * promise when the library lets go of the element later (see `Engine.dispose`).
   */
  protected abstract teardown(): void | Promise<void>;

  /**
   * Forwards the element's own events: call from `start()` before media is attached.
   * `mediaErrors: false` for libraries that recover from media errors themselves (they reset MSE
   * and skip the bad segment) and report when they give up.
   */
  protected watchElement(options: { mediaErrors?: boolean } = {}): void {
    const video = this.video;
    this.listen(video, 'playing', () => this.events.emit('playing', {}));
    this.listen(video, 'waiting', () => {
      if (!video.seeking) this.events.emit('stalled', { reason: 'buffering' });
    });
    this.listen(video, 'ended', () => this.events.emit('complete', {}));
    if (options.mediaErrors === false) return;
    this.listen(video, 'error', () => {
      const error = video.error;
      if (!error) return;
      const what = MEDIA_ERRORS[error.code] ?? `media error ${error.code}`;
      this.fail(`the video element reported a ${what}${error.message ? `: ${error.message}` : ''}`);
    });
  }

  /** Emits an unrecoverable failure of this attempt. */
  protected fail(message: string, cause?: unknown): void {
    if (this.disposed) return;
    this.events.emit('error', {
      error: new PlayerError('player/engine-failed', `The ${this.name} engine failed: ${message}`, { cause }),
    });
  }

  protected listen(target: EventTarget, type: string, listener: (event: Event) => void): void {
    target.addEventListener(type, listener);
    this.cleanups.push(() => target.removeEventListener(type, listener));
  }

  /** Runs `cleanup` on dispose (before `teardown`). */
  protected onDispose(cleanup: () => void): void {
    this.cleanups.push(cleanup);
  }

  /** Seconds buffered ahead of the playhead in the range that holds it. */
  protected bufferAhead(): number {
    const { buffered, currentTime } = this.video;
    for (let i = 0; i < buffered.length; i++) {
      if (buffered.start(i) <= currentTime + 0.1 && currentTime <= buffered.end(i)) {
        return Math.max(0, buffered.end(i) - currentTime);
      }
    }
    return 0;
  }

  /** Removes whatever source the engine gave the element, so the next engine starts clean. */
  protected detachElement(): void {
    const video = this.video;
    video.removeAttribute('src');
    video.srcObject = null;
    try {
      video.load();
    } catch {
      // A detached or already-reset element: nothing to release.
    }
  }

  private playbackQuality(): VideoPlaybackQuality | undefined {
    return typeof this.video.getVideoPlaybackQuality === 'function'
      ? this.video.getVideoPlaybackQuality()
      : undefined;
  }
}
