import type { MetadataEvent, MetadataTrack, StreamInfo } from '@brume/protocol';
import type { Engine } from '../engines/types';
import type { MetadataCallback, PlayerMetadata } from './metadata-api';
import { MetadataScheduler } from './metadata-scheduler';
import { MetadataTextTracks, textTracksSupported } from './metadata-text-tracks';
import { metadataTracksOf, sameTracks, withTrackNames } from './metadata-tracks';
import { PlayheadTimer, type TimerApi } from './playhead-timer';

/**
 * Events are kept at least this long behind the playhead (longer with a longer DVR window), so
 * repeats an engine sends again (a re-parsed part, a reconnect) are still recognised as repeats.
 */
export const MIN_RETAIN_MS = 30_000;
/**
 * With requestVideoFrameCallback, frames are the clock; when none came for this long while the
 * element plays (a hidden tab, an audio-only stream), `timeupdate` takes over so events still fire
 * (video.js had to add the same fallback, PR #7918).
 */
export const FRAME_SILENCE_MS = 500;
/**
 * While the element seeks, a frame counts only this close (s) to the seek target: the new
 * position's first frame (at most a frame duration before the target). Chromium can also report a
 * frame of the old position after `seeking` (painted before the seek reached its pipeline, the
 * callback run late on a busy main thread); taken as the new run's start, it would hold the
 * position there, and a seek back would replay nothing.
 */
const SEEK_FRAME_SLACK_S = 0.25;
/**
 * A `seeking` this soon (ms) after the viewer's seek or goLive is theirs (an engine seeking on the
 * server answers its request with one or two); later ones are the engine's own.
 */
const VIEWER_SEEK_MS = 3_000;

interface Subscription {
  onEvent: MetadataCallback;
  onExit: ((event: MetadataEvent) => void) | undefined;
}

export interface MetadataControllerOptions {
  video: HTMLVideoElement;
  /** Whether the core's frame clock (requestVideoFrameCallback) calls `frame()`; else a timer runs. */
  frameDriven: boolean;
  now: () => number;
  /** The track list changed. */
  onTracks: (tracks: readonly MetadataTrack[]) => void;
  /** A page callback threw (the core reports it; the other callbacks still run). */
  onCallbackError: (error: unknown, track: string) => void;
  timers?: TimerApi;
}

/**
 * The player's metadata side (`player.metadata`): takes the events engines report, has the
 * scheduler fire them on the displayed frame (or a timer where requestVideoFrameCallback is
 * missing), calls the page's subscribers, and mirrors events as TextTracks. The core tells it about
 * the stream info, engines coming and going, frames and jumps; it never touches player state.
 */
export class MetadataController implements PlayerMetadata {
  private readonly subscriptions = new Map<string, Set<Subscription>>();
  private readonly scheduler: MetadataScheduler;
  private readonly textTracks: MetadataTextTracks | undefined;
  private readonly video: HTMLVideoElement;
  private readonly cleanups: (() => void)[] = [];
  private infoTracks: MetadataTrack[] = [];
  /** Track names seen in events (listed as `json` tracks when the info does not list them). */
  private readonly eventTrackNames = new Set<string>();
  private trackList: readonly MetadataTrack[] = [];
  private engine: Engine | undefined;
  private timer: PlayheadTimer | undefined;
  /** The last displayed frame: when it came, and its media and stream time (to map back to media time). */
  private lastFrame: { at: number; mediaTime: number; streamMs: number } | undefined;
  /**
   * Cues are mapped again on an attempt's first frame: before it, some engines map with a guess
   * (shaka uses the identity until its manifest is loaded).
   */
  private cuesMapped = false;
  /** `startUnixMs` of the timeline the held events belong to. */
  private timelineStart = 0;
  private disposed = false;
  /** When the viewer last sought or went live (`options.now()`). */
  private viewerJumpAt = -Infinity;

  constructor(private readonly options: MetadataControllerOptions) {
    this.video = options.video;
    this.scheduler = new MetadataScheduler(
      {
        enter: (event, late) => this.deliver(event, (s) => s.onEvent({ ...event, late })),
        exit: (event) => this.deliver(event, (s) => s.onExit?.(event)),
        forget: (events) => this.textTracks?.remove(events),
      },
      MIN_RETAIN_MS,
    );
    this.textTracks = textTracksSupported(this.video)
      ? new MetadataTextTracks(this.video, (ms) => this.toMediaTime(ms))
      : undefined;
    const on = (type: string, handler: () => void): void => {
      this.video.addEventListener(type, handler);
      this.cleanups.push(() => this.video.removeEventListener(type, handler));
    };
    // A jump the viewer asked for (seek, goLive: `rearm()` just before) starts a new run; one the
    // engine made by itself (live catch-up) goes on, firing what it skipped late.
    on('seeking', () => {
      if (this.options.now() - this.viewerJumpAt < VIEWER_SEEK_MS) this.scheduler.rearm();
      else this.scheduler.jumped();
    });
    if (options.frameDriven) on('timeupdate', () => this.onSilentTimeUpdate());
  }

  get tracks(): readonly MetadataTrack[] {
    return this.trackList;
  }

  subscribe(track: string, onEvent: MetadataCallback, onExit?: (event: MetadataEvent) => void): () => void {
    if (this.disposed) return () => {};
    const subscription: Subscription = { onEvent, onExit };
    let set = this.subscriptions.get(track);
    if (!set) this.subscriptions.set(track, (set = new Set()));
    set.add(subscription);
    return () => {
      this.subscriptions.get(track)?.delete(subscription);
    };
  }

  setInfo(info: StreamInfo): void {
    if (this.disposed) return;
    const start = info.timeline.startUnixMs;
    // A new publish starts a new timeline: the held events' times mean nothing on it.
    if (start && this.timelineStart && start !== this.timelineStart) {
      this.scheduler.clear();
      this.eventTrackNames.clear();
    }
    if (start) this.timelineStart = start;
    const window = info.timeline.dvrWindowMs;
    this.scheduler.retainMs =
      window > 0 ? Math.max(window, MIN_RETAIN_MS) : info.type === 'vod' ? Infinity : MIN_RETAIN_MS;
    this.infoTracks = metadataTracksOf(info);
    this.updateTracks();
  }

  /** A new engine plays: media time may mean something else, and playback starts a new run. */
  attach(engine: Engine): void {
    if (this.disposed) return;
    this.detach();
    this.engine = engine;
    this.cuesMapped = false;
    this.textTracks?.remap(this.scheduler.events());
    if (!this.options.frameDriven) {
      this.timer = new PlayheadTimer(
        this.video,
        () => this.playheadMs(),
        this.scheduler,
        this.options.timers,
      );
    }
  }

  detach(): void {
    this.timer?.dispose();
    this.timer = undefined;
    this.engine = undefined;
    this.lastFrame = undefined;
    this.scheduler.rearm();
  }

  /** Events from the current engine, in any order, possibly repeated. */
  add(events: readonly MetadataEvent[]): void {
    if (this.disposed || !events.length) return;
    for (const event of events) this.eventTrackNames.add(event.track);
    this.updateTracks();
    const accepted = this.scheduler.add(events);
    this.textTracks?.add(accepted);
    // A new event may be due before the one the timer waits for.
    this.timer?.check();
  }

  /** A frame is on screen: `streamMs` is its stream time (`undefined` when the engine cannot tell). */
  frame(mediaTime: number, streamMs: number | undefined): void {
    if (this.disposed || streamMs === undefined) return;
    const video = this.video;
    if (video.seeking && Math.abs(mediaTime - video.currentTime) > SEEK_FRAME_SLACK_S) return;
    this.lastFrame = { at: this.options.now(), mediaTime, streamMs };
    if (!this.cuesMapped) this.textTracks?.remap(this.scheduler.events());
    else this.textTracks?.flush();
    this.cuesMapped = true;
    this.scheduler.advance(streamMs);
  }

  /** The viewer jumped (seek, live edge): what lies between is skipped, not fired. */
  rearm(): void {
    this.viewerJumpAt = this.options.now();
    this.scheduler.rearm();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.subscriptions.clear();
    this.detach();
    this.textTracks?.dispose();
    for (const cleanup of this.cleanups.splice(0)) cleanup();
  }

  private updateTracks(): void {
    const tracks = withTrackNames(this.infoTracks, this.eventTrackNames);
    if (sameTracks(tracks, this.trackList)) return;
    this.trackList = tracks;
    this.textTracks?.setTracks(tracks);
    // A track that (re)appears gets the cues of the events already held for it.
    this.textTracks?.add(this.scheduler.events());
    this.options.onTracks(tracks);
  }

  private deliver(event: MetadataEvent, call: (subscription: Subscription) => void): void {
    const targets = [...(this.subscriptions.get(event.track) ?? []), ...(this.subscriptions.get('*') ?? [])];
    for (const subscription of targets) {
      try {
        call(subscription);
      } catch (error) {
        this.options.onCallbackError(error, event.track);
      }
    }
  }

  /** The playhead's stream time, from `currentTime` (the timer's clock). */
  private playheadMs(): number | undefined {
    return this.engine?.mediaTimeToStreamMs(this.video.currentTime);
  }

  /** With frames as the clock, `timeupdate` only fires events when frames stopped coming. */
  private onSilentTimeUpdate(): void {
    const video = this.video;
    if (!this.engine || video.paused || video.seeking) return;
    if (this.lastFrame && this.options.now() - this.lastFrame.at < FRAME_SILENCE_MS) return;
    const ms = this.playheadMs();
    if (ms !== undefined) this.scheduler.advance(ms);
  }

  /**
   * Stream ms → media time (s): the engine's own inverse where it has one, else the forward mapping
   * inverted around the last frame (every engine's mapping is an offset over a stretch of media).
   */
  private toMediaTime(streamMs: number): number | undefined {
    const engine = this.engine;
    if (!engine) return undefined;
    if (engine.streamMsToMediaTime) return engine.streamMsToMediaTime(streamMs);
    const frame = this.lastFrame;
    return frame ? frame.mediaTime + (streamMs - frame.streamMs) / 1000 : undefined;
  }
}
