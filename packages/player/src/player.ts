import { isValidStreamName, type StreamInfo } from '@brume/protocol';
import { DEFAULT_BACKOFF, backoffDelay, type BackoffPolicy } from './backoff';
import { Emitter } from '@brume/protocol';
import { detectEngineEnv } from './engines/engine-env';
import { defaultEngineLoaders } from './engines/registry';
import type { Engine, EngineEnv, EngineLoader, TransportStats } from './engines/types';
import { FpsMeter } from './fps-meter';
import { FrameClock, type FrameInfo } from './frame-clock';
import { LatencyMeter, emptyLatencyStats } from './latency-meter';
import { PlayerError } from './player-error';
import type { PlayerEvents } from './player-events';
import type { PlayerState, PlayerStatus } from './player-state';
import type { PlayerStats } from './player-stats';
import { selectSources, type Candidate } from './source-selector';
import { StreamInfoClient, type StreamInfoSource } from './stream-info-client';
import { Store } from './store';

export interface PlayerOptions {
  /** The element frames are rendered into. The player owns its source while it lives. */
  video: HTMLVideoElement;
  stream: string;
  /** Origin of the Brume server (`http://host:8080`); defaults to the page's origin. */
  server?: string;
  /** Sent as a Bearer token on WHEP requests. */
  token?: string;
  /** Read the test-pattern timecode off each frame to measure latency (default true). */
  latencyMeter?: boolean;
  /** Start playback as soon as media is attached (default true). */
  autoPlay?: boolean;
  /** Sets `video.muted` at start (browsers only autoplay muted video without a user gesture). */
  muted?: boolean;
}

/** Seams for tests and embedders; everything defaults to the real thing. */
export interface PlayerDeps {
  infoSource?: StreamInfoSource;
  loaders?: readonly EngineLoader[];
  env?: EngineEnv;
  backoff?: BackoffPolicy;
  random?: () => number;
  /** The clock of `requestVideoFrameCallback` timestamps; defaults to `performance.now()`. */
  now?: () => number;
}

/** The headless player. Read it with `getState()`/`subscribe()`; steer it with the methods. */
export interface Player {
  readonly stream: string;
  readonly server: string;
  getState(): Readonly<PlayerState>;
  /** Called after every state change; returns the unsubscribe function (fits `useSyncExternalStore`). */
  subscribe(listener: () => void): () => void;
  on<K extends keyof PlayerEvents>(type: K, listener: (payload: PlayerEvents[K]) => void): () => void;
  getStats(): PlayerStats;
  play(): Promise<void>;
  pause(): void;
  setMuted(muted: boolean): void;
  /** Tries again now, forgetting earlier failures (e.g. from an error screen's button). */
  retry(): void;
  /** Ends the media session (WHEP DELETE), closes the info feed, releases every timer and listener. */
  dispose(): void;
}

/** Failed attempts in a row (while the stream is live) before the player gives up with `error`. */
export const MAX_RECONNECT_ATTEMPTS = 6;
/** How long an engine may report `stalled` before the attempt counts as failed. */
export const STALL_TIMEOUT_MS = 5000;
export const STATS_INTERVAL_MS = 1000;
/** Info-feed failures in a row before a waiting player shows the server as unreachable. */
const FEED_FAILURES_BEFORE_ERROR = 3;
/** A frame clock silent for this long means 0 fps (paused, or media stopped). */
const FPS_STALE_MS = 2000;

interface Attempt {
  candidate: Candidate;
  engine: Engine | undefined;
  startedAt: number;
  firstFrameSeen: boolean;
  unsubscribe: (() => void)[];
}

export function createPlayer(options: PlayerOptions, deps: PlayerDeps = {}): Player {
  return new PlayerCore(options, deps);
}

/**
 * The one place that owns player state. The info source says what the stream is doing; engines say
 * what the media is doing; this class decides what the player does (start, retry, give up, wait) and
 * publishes it. Every async step checks that its attempt is still current, so late answers from a
 * disposed engine or an old request never change state.
 */
class PlayerCore implements Player {
  readonly stream: string;
  readonly server: string;
  private readonly video: HTMLVideoElement;
  private readonly token: string | undefined;
  private readonly store: Store<PlayerState>;
  private readonly events: Emitter<PlayerEvents>;
  private readonly infoSource: StreamInfoSource | undefined;
  private readonly loaders: readonly EngineLoader[];
  private readonly env: EngineEnv;
  private readonly backoff: BackoffPolicy;
  private readonly random: () => number;
  private readonly now: () => number;
  private readonly autoPlay: boolean;
  private readonly frameClock: FrameClock;
  private readonly latency: LatencyMeter | undefined;
  private readonly fps = new FpsMeter();
  private readonly cleanups: (() => void)[] = [];
  private readonly failedCombos = new Set<string>();

  private info: StreamInfo | undefined;
  private attempt: Attempt | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private stallTimer: ReturnType<typeof setTimeout> | undefined;
  private statsTimer: ReturnType<typeof setInterval> | undefined;
  private failures = 0;
  /** Whether this player showed the stream since it last waited: an offline stream then means "ended". */
  private hadPlayback = false;
  private userPaused: boolean;
  private disposed = false;

  private framesRendered = 0;
  private width = 0;
  private height = 0;
  private lastFrameAt = 0;
  private timeToFirstFrameMs: number | undefined;
  private transport: TransportStats | undefined;

  constructor(options: PlayerOptions, deps: PlayerDeps) {
    this.video = options.video;
    this.stream = options.stream;
    this.server = (options.server ?? globalThis.location?.origin ?? '').replace(/\/+$/, '');
    this.loaders = deps.loaders ?? defaultEngineLoaders;
    this.env = deps.env ?? detectEngineEnv();
    this.backoff = deps.backoff ?? DEFAULT_BACKOFF;
    this.random = deps.random ?? Math.random;
    this.now = deps.now ?? (() => performance.now());
    this.autoPlay = options.autoPlay ?? true;
    this.userPaused = !this.autoPlay;
    this.token = options.token;

    this.events = new Emitter<PlayerEvents>((error, type) => {
      if (type === 'error') console.error('Brume player: an error listener threw', error);
      else
        this.events.emit('error', {
          error: new PlayerError('player/listener-threw', `A "${String(type)}" listener threw.`, {
            cause: error,
          }),
          fatal: false,
        });
    });
    if (options.muted !== undefined) this.video.muted = options.muted;
    this.store = new Store<PlayerState>(
      {
        status: 'idle',
        stream: this.stream,
        info: undefined,
        engine: undefined,
        sourceUrl: undefined,
        error: undefined,
        muted: this.video.muted,
        paused: this.video.paused,
      },
      (error) => console.error('Brume player: a state subscriber threw', error),
    );
    this.frameClock = new FrameClock(this.video, (frame) => this.onFrame(frame));
    this.latency = options.latencyMeter === false ? undefined : new LatencyMeter(this.video);
    this.listenToVideo();

    if (!isValidStreamName(this.stream)) {
      this.infoSource = undefined;
      this.fail(PlayerError.invalidStreamName(this.stream));
      return;
    }
    this.infoSource = deps.infoSource ?? new StreamInfoClient({ server: this.server, stream: this.stream });
    this.cleanups.push(
      this.infoSource.on('info', ({ info }) => this.onInfo(info)),
      this.infoSource.on('error', ({ error, failures }) => this.onInfoError(error, failures)),
    );
    this.commit({ status: 'waiting' });
    this.infoSource.start();
  }

  getState = (): Readonly<PlayerState> => this.store.getState();

  subscribe = (listener: () => void): (() => void) => this.store.subscribe(listener);

  on<K extends keyof PlayerEvents>(type: K, listener: (payload: PlayerEvents[K]) => void): () => void {
    return this.events.on(type, listener);
  }

  getStats(): PlayerStats {
    const fresh = this.now() - this.lastFrameAt < FPS_STALE_MS;
    return {
      framesRendered: this.framesRendered,
      width: this.width,
      height: this.height,
      fps: fresh ? Math.round(this.fps.fps * 10) / 10 : 0,
      timeToFirstFrameMs: this.timeToFirstFrameMs,
      audioLive: this.attempt?.engine?.hasLiveAudio() ?? false,
      transport: this.transport,
      latency: this.latency?.stats() ?? emptyLatencyStats(),
    };
  }

  async play(): Promise<void> {
    if (this.disposed) return;
    this.userPaused = false;
    await this.playVideo();
  }

  pause(): void {
    if (this.disposed) return;
    this.userPaused = true;
    this.video.pause();
  }

  setMuted(muted: boolean): void {
    if (this.disposed) return;
    // State follows on `volumechange`, once the element has really changed.
    this.video.muted = muted;
  }

  retry(): void {
    if (this.disposed || !this.infoSource) return;
    this.failures = 0;
    this.failedCombos.clear();
    this.clearRetry();
    this.stopAttempt();
    if (this.info) this.reconcile();
    this.infoSource.refresh();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.clearRetry();
    this.stopAttempt();
    this.infoSource?.dispose();
    this.latency?.dispose();
    for (const cleanup of this.cleanups.splice(0)) cleanup();
    this.commit({ status: 'idle', engine: undefined, sourceUrl: undefined });
    this.events.clear();
    this.store.clear();
  }

  // ── stream info ────────────────────────────────────────────────────────────

  private onInfo(info: StreamInfo): void {
    if (this.disposed) return;
    this.info = info;
    this.commit({ info });
    this.events.emit('info', { info });
    this.reconcile();
  }

  private onInfoError(error: PlayerError, failures: number): void {
    const status = this.store.getState().status;
    // Media already playing does not need the feed; a player that has nothing to show says why.
    if (failures < FEED_FAILURES_BEFORE_ERROR || this.attempt || this.retryTimer) return;
    if (status !== 'waiting' && status !== 'error') return;
    this.events.emit('error', { error, fatal: false });
    this.commit({ status: 'error', error: error.toJSON() });
  }

  /** Brings playback in line with what the stream is doing. Idempotent: called on every info. */
  private reconcile(): void {
    const info = this.info;
    if (!info || this.disposed) return;
    switch (info.state) {
      case 'live':
        if (!info.sources.length) {
          // Live without outputs yet: the next info will list them.
          this.stopPlayback();
          this.setStatus('waiting');
          return;
        }
        // Already playing, connecting, or backing off: the attempt in flight decides.
        if (this.attempt || this.retryTimer) return;
        if (this.store.getState().status === 'error') this.failures = 0;
        void this.startAttempt(info);
        return;
      case 'starting':
        this.stopPlayback();
        this.setStatus('waiting');
        return;
      case 'ended':
        this.stopPlayback();
        this.setStatus('ended');
        return;
      case 'offline':
        this.stopPlayback();
        this.setStatus(this.hadPlayback ? 'ended' : 'waiting');
        return;
    }
  }

  // ── attempts ───────────────────────────────────────────────────────────────

  private async startAttempt(info: StreamInfo): Promise<void> {
    const { candidates, rejected } = selectSources(info, this.loaders, this.env, {
      failed: this.failedCombos,
    });
    const candidate = candidates[0];
    if (!candidate) {
      this.fail(PlayerError.noCompatibleSource(rejected.map((r) => `${r.engine}: ${r.reason}`)));
      return;
    }
    const attempt: Attempt = {
      candidate,
      engine: undefined,
      startedAt: this.now(),
      firstFrameSeen: false,
      unsubscribe: [],
    };
    this.attempt = attempt;
    this.resetConnectionStats();
    const reconnecting = this.store.getState().status === 'reconnecting';
    this.commit({
      status: reconnecting ? 'reconnecting' : 'connecting',
      engine: candidate.loader.name,
      sourceUrl: candidate.source.url,
      error: reconnecting ? this.store.getState().error : undefined,
    });

    const name = candidate.loader.name;
    let engine: Engine;
    try {
      const module = await candidate.loader.load();
      if (this.attempt !== attempt) return;
      engine = module.createEngine({ video: this.video, source: candidate.source, info, token: this.token });
    } catch (error) {
      this.attemptFailed(attempt, PlayerError.engineLoadFailed(name, error));
      return;
    }
    attempt.engine = engine;
    attempt.unsubscribe.push(
      engine.on('playing', () => this.onEnginePlaying(attempt)),
      engine.on('stalled', () => this.onEngineStalled(attempt)),
      engine.on('ended', ({ reason }) => this.attemptFailed(attempt, PlayerError.connectionLost(reason))),
      engine.on('error', ({ error }) => this.attemptFailed(attempt, error)),
    );
    // Listen for frames before media can arrive, so the first one is not missed.
    this.frameClock.start();
    try {
      await engine.start();
    } catch (error) {
      this.attemptFailed(attempt, PlayerError.from(error, name));
      return;
    }
    if (this.attempt !== attempt) return;
    if (!this.userPaused) void this.playVideo();
  }

  private attemptFailed(attempt: Attempt, error: PlayerError): void {
    if (this.attempt !== attempt || this.disposed) return;
    this.stopAttempt();
    this.failedCombos.add(attempt.candidate.key);
    if (error.code === 'player/unauthorized' || error.code === 'player/no-compatible-source') {
      this.fail(error);
      return;
    }
    // The media may have stopped because the publisher did: ask now rather than wait for the feed,
    // so the retry below is cancelled by an `ended` answer instead of hitting a 404.
    if (error.code !== 'player/engine-load-failed') this.infoSource?.refresh();
    if (this.failures >= MAX_RECONNECT_ATTEMPTS) {
      this.fail(error);
      return;
    }
    const delay = backoffDelay(this.failures, this.backoff, this.random);
    this.failures++;
    this.events.emit('error', { error, fatal: false });
    this.commit({ status: 'reconnecting', error: error.toJSON() });
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      if (this.info?.state === 'live' && this.info.sources.length) void this.startAttempt(this.info);
      else this.reconcile();
    }, delay);
  }

  private onEnginePlaying(attempt: Attempt): void {
    if (this.attempt !== attempt) return;
    this.clearStall();
    // Without requestVideoFrameCallback, `playing` is the nearest thing to "a frame is on screen".
    if (!this.frameClock.supported && !attempt.firstFrameSeen) {
      attempt.firstFrameSeen = true;
      this.timeToFirstFrameMs = this.now() - attempt.startedAt;
      this.reachedLive(attempt);
    }
  }

  private onEngineStalled(attempt: Attempt): void {
    if (this.attempt !== attempt || this.stallTimer) return;
    this.stallTimer = setTimeout(() => {
      this.stallTimer = undefined;
      this.attemptFailed(attempt, PlayerError.stalled(STALL_TIMEOUT_MS));
    }, STALL_TIMEOUT_MS);
  }

  private onFrame(frame: FrameInfo): void {
    const attempt = this.attempt;
    if (!attempt || this.disposed) return;
    this.framesRendered++;
    this.width = frame.width;
    this.height = frame.height;
    this.lastFrameAt = frame.now;
    this.fps.frame(frame.now);
    if (!attempt.firstFrameSeen) {
      attempt.firstFrameSeen = true;
      this.timeToFirstFrameMs = Math.max(0, frame.now - attempt.startedAt);
      this.reachedLive(attempt);
    }
    const latencyMs = this.latency?.measure(frame);
    if (this.events.hasListeners('frame')) {
      const streamMs = attempt.engine?.mediaTimeToStreamMs(frame.mediaTime);
      this.events.emit('frame', { ...frame, latencyMs, streamMs });
    }
  }

  private reachedLive(attempt: Attempt): void {
    this.failures = 0;
    this.failedCombos.delete(attempt.candidate.key);
    this.hadPlayback = true;
    this.clearStall();
    this.setStatus('live');
    this.startStatsPolling(attempt);
  }

  private startStatsPolling(attempt: Attempt): void {
    if (this.statsTimer) clearInterval(this.statsTimer);
    this.statsTimer = setInterval(() => {
      const engine = attempt.engine;
      if (this.attempt !== attempt || !engine) return;
      engine.getTransportStats().then(
        (transport) => {
          if (this.attempt !== attempt) return;
          this.transport = transport;
          this.events.emit('stats', { stats: this.getStats() });
        },
        () => {
          // A closing connection has no stats; the next poll (or the attempt's end) settles it.
        },
      );
    }, STATS_INTERVAL_MS);
  }

  private stopAttempt(sessionGone = false): void {
    const attempt = this.attempt;
    this.attempt = undefined;
    this.frameClock.stop();
    this.clearStall();
    if (this.statsTimer) clearInterval(this.statsTimer);
    this.statsTimer = undefined;
    if (!attempt) return;
    for (const off of attempt.unsubscribe) off();
    attempt.engine?.dispose({ sessionGone });
  }

  /**
   * Stops everything because the stream itself is not live: no retry is pending afterwards, and the
   * server has already closed its viewers' sessions.
   */
  private stopPlayback(): void {
    this.clearRetry();
    this.stopAttempt(true);
    this.failures = 0;
    if (this.info?.state === 'starting') this.hadPlayback = false;
  }

  private fail(error: PlayerError): void {
    this.clearRetry();
    this.stopAttempt();
    this.events.emit('error', { error, fatal: true });
    this.commit({ status: 'error', error: error.toJSON() });
  }

  private resetConnectionStats(): void {
    this.framesRendered = 0;
    this.width = 0;
    this.height = 0;
    this.lastFrameAt = 0;
    this.timeToFirstFrameMs = undefined;
    this.transport = undefined;
    this.fps.clear();
    this.latency?.reset();
  }

  private clearRetry(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
  }

  private clearStall(): void {
    if (this.stallTimer) clearTimeout(this.stallTimer);
    this.stallTimer = undefined;
  }

  // ── media element ──────────────────────────────────────────────────────────

  private async playVideo(): Promise<void> {
    try {
      await this.video.play();
    } catch (error) {
      // AbortError: a new source or pause() interrupted play(); not a failure.
      if (error instanceof Error && error.name === 'NotAllowedError') {
        this.events.emit('error', { error: PlayerError.autoplayBlocked(error), fatal: false });
      }
    }
  }

  private listenToVideo(): void {
    const video = this.video;
    const onVolume = (): void => this.commit({ muted: video.muted });
    const onPlayPause = (): void => this.commit({ paused: video.paused });
    video.addEventListener('volumechange', onVolume);
    video.addEventListener('play', onPlayPause);
    video.addEventListener('pause', onPlayPause);
    this.cleanups.push(() => {
      video.removeEventListener('volumechange', onVolume);
      video.removeEventListener('play', onPlayPause);
      video.removeEventListener('pause', onPlayPause);
    });
  }

  // ── state ──────────────────────────────────────────────────────────────────

  /** Sets a status that carries no error (every status but `reconnecting` and `error`). */
  private setStatus(status: Exclude<PlayerStatus, 'reconnecting' | 'error'>): void {
    this.commit({ status, error: undefined });
  }

  private commit(patch: Partial<PlayerState>): void {
    const previous = this.store.update(patch);
    if (previous) this.events.emit('statechange', { state: this.store.getState(), previous });
  }
}
