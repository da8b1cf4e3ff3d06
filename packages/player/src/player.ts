import { Emitter, isValidStreamName, type StreamInfo } from '@brume/protocol';
import { climbAutoplay } from './autoplay-ladder';
import { DEFAULT_BACKOFF, backoffDelay, type BackoffPolicy } from './backoff';
import type { CastCore, CastLink, RemoteControls } from './cast/cast-api';
import { detectEngineEnv } from './engines/engine-env';
import { defaultEngineLoaders } from './engines/registry';
import {
  NO_TRACKS,
  type Engine,
  type EngineEnv,
  type EngineLoader,
  type LatencyMode,
  type TimeRange,
  type TransportStats,
} from './engines/types';
import { FpsMeter } from './fps-meter';
import { FrameClock, type FrameInfo } from './frame-clock';
import type { LatencyMeter } from './latency-meter';
import { emptyLatencyStats } from './latency-stats';
import { LIVE_TARGET_S, catchUp } from './live-catch-up';
import type { PlayerMetadata } from './metadata/metadata-api';
import { LazyMetadata } from './metadata/lazy-metadata';
import { PlaybackMonitor } from './playback-monitor';
import type { Player, PlayerOptions } from './player-api';
import { PlayerError } from './player-error';
import type { PlayerEvents } from './player-events';
import type { ComboInfo, PlayerState, PlayerStatus } from './player-state';
import type { PlayerStats } from './player-stats';
import { QoETracker } from './qoe';
import { selectSources, type Candidate, type SelectOptions } from './source-selector';
import { plainStreamInfo, resolveSources } from './source-sniffer';
import { StreamInfoClient, type StreamInfoSource } from './stream-info-client';
import { infoWithViewerToken, isAccessRefusal } from './viewer-token';
import { Store } from './store';

export type { Player, PlayerOptions } from './player-api';

/** Seams for tests and embedders; everything defaults to the real thing. */
export interface PlayerDeps {
  infoSource?: StreamInfoSource;
  loaders?: readonly EngineLoader[];
  env?: EngineEnv;
  backoff?: BackoffPolicy;
  random?: () => number;
  /** The clock of `requestVideoFrameCallback` timestamps; defaults to `performance.now()`. */
  now?: () => number;
  /** For sniffing plain sources. */
  fetch?: typeof fetch;
}

/** Retry rounds (every combination failed, then a backoff) before the player gives up with `error`. */
export const MAX_RECONNECT_ATTEMPTS = 6;
/** How long an engine may report `stalled` before the attempt counts as failed. */
export const STALL_TIMEOUT_MS = 5000;
export const STATS_INTERVAL_MS = 1000;
/** An attempt with no frame on screen after this long fails over (option `startTimeoutMs`). */
export const START_TIMEOUT_MS = 8000;
/** The longest the core waits for a disposed engine to let go of the element. */
const RELEASE_WAIT_MS = 1000;
/** At most one catch-up jump to the live edge per this long. */
const JUMP_INTERVAL_MS = 10_000;
/** How often the playback monitor samples the element. */
const MONITOR_INTERVAL_MS = 500;
/** A QoE report every this many stats ticks. */
const QOE_EVERY_TICKS = 10;
/** Info-feed failures in a row before a waiting player shows the server as unreachable. */
const FEED_FAILURES_BEFORE_ERROR = 3;
/** A frame clock silent for this long means 0 fps (paused, or media stopped). */
const FPS_STALE_MS = 2000;
/** Within target + this many seconds of the edge, the UI says LIVE rather than "-0:12". */
const LIVE_EDGE_SLACK_S = 1.5;

interface Attempt {
  candidate: Candidate;
  engine: Engine | undefined;
  startedAt: number;
  firstFrameSeen: boolean;
  unsubscribe: (() => void)[];
}

/**
 * `createPlayer(container, options)`: `container` is the element the player lives in. A `<video>`
 * itself is used as the media element; otherwise the first `<video>` inside it, or a new one.
 */
export function createPlayer(container: HTMLElement, options: PlayerOptions, deps: PlayerDeps = {}): Player {
  return new PlayerCore(container, options, deps);
}

function findVideo(container: HTMLElement): HTMLVideoElement {
  if (typeof (container as Partial<HTMLVideoElement>).play === 'function')
    return container as HTMLVideoElement;
  const found = container.querySelector('video');
  if (found) return found;
  const video = container.ownerDocument.createElement('video');
  video.playsInline = true;
  video.className = 'brume-video';
  container.append(video);
  return video;
}

function sameRange(a: TimeRange | undefined, b: TimeRange | undefined): boolean {
  return a === b || (!!a && !!b && a.start === b.start && a.end === b.end);
}

/** `next` unless it equals `previous`, so an unchanged value keeps its identity (no re-render). */
function keepRanges(previous: TimeRange[], next: TimeRange[]): TimeRange[] {
  return previous.length === next.length && previous.every((r, i) => sameRange(r, next[i])) ? previous : next;
}

function rangesOf(ranges: TimeRanges | undefined): TimeRange[] {
  const out: TimeRange[] = [];
  if (!ranges) return out;
  for (let i = 0; i < ranges.length; i++) out.push({ start: ranges.start(i), end: ranges.end(i) });
  return out;
}

/**
 * The one place that owns player state. The info source says what the stream is doing; engines say
 * what the media is doing; this class decides what the player does (start, fall back, retry, give up,
 * wait) and publishes it. Every async step checks that its attempt is still current, so late answers
 * from a disposed engine or an old request never change state.
 *
 * Failure policy: an attempt that never showed a frame (error, start timeout) marks its combination
 * failed and the next one starts at once; one that played and then broke (publisher blip, network)
 * is retried once on the same combination after a backoff, then also marked failed; when every
 * combination has failed, a backoff round starts over from the best. A monitor that sees playback
 * mostly stalled over its window fails the combination over too.
 */
class PlayerCore implements Player, CastCore {
  readonly stream: string | undefined;
  readonly server: string;
  readonly container: HTMLElement;
  readonly video: HTMLVideoElement;
  readonly metadata: PlayerMetadata;
  private readonly options: PlayerOptions;
  private readonly latencyMode: LatencyMode;
  private readonly store: Store<PlayerState>;
  private readonly events: Emitter<PlayerEvents>;
  private readonly infoSource: StreamInfoSource | undefined;
  private readonly loaders: readonly EngineLoader[];
  private readonly env: EngineEnv;
  private readonly backoff: BackoffPolicy;
  private readonly random: () => number;
  private readonly now: () => number;
  private readonly autoPlay: boolean;
  private readonly startTimeoutMs: number;
  private readonly frameClock: FrameClock;
  private readonly metadataController: LazyMetadata;
  /** Loaded on demand (`latencyMeter` option): most pages never show a test pattern. */
  private latency: LatencyMeter | undefined;
  castLink: CastLink | undefined;
  // The members `CastCore` lists are not private: the lazily loaded cast code drives them, which
  // keeps that code out of the embed's up-front bundle.
  /**
   * Set while a Cast receiver plays: no local attempt starts, and the control methods are the
   * receiver's (`cast/cast-host.ts` shadows them with own properties, so none of it costs bytes here).
   */
  remote: RemoteControls | undefined;
  private readonly fps = new FpsMeter();
  private readonly monitor = new PlaybackMonitor();
  private readonly qoe: QoETracker;
  readonly cleanups: (() => void)[] = [];
  private readonly failedCombos = new Set<string>();
  private readonly abort = new AbortController();

  private info: StreamInfo | undefined;
  private attempt: Attempt | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  /** Set while a retry waits for the tab to become visible. */
  private cancelVisibilityWait: (() => void) | undefined;
  private stallTimer: ReturnType<typeof setTimeout> | undefined;
  private startTimer: ReturnType<typeof setTimeout> | undefined;
  private statsTimer: ReturnType<typeof setInterval> | undefined;
  private monitorTimer: ReturnType<typeof setInterval> | undefined;
  private statsTicks = 0;
  /** Settles when the last disposed engine has let go of the element. */
  private released: Promise<void> | undefined;
  private lastJumpAt = -Infinity;
  /** Backoff rounds since something last played. */
  private failures = 0;
  /** The combination that played and broke, retried once before it counts as failed. */
  private reconnectKey: string | undefined;
  /** Whether this player showed the stream since it last waited: an offline stream then means "ended". */
  private hadPlayback = false;
  userPaused: boolean;
  /** Set by the user through `setPlaybackRate`: the catch-up controller leaves the rate alone. */
  private userRate = false;
  /** Media time to resume at after a fallback (VoD / DVR), taken when the failed attempt stopped. */
  resumeAt: number | undefined;
  disposed = false;

  private framesRendered = 0;
  private width = 0;
  private height = 0;
  private lastFrameAt = 0;
  private timeToFirstFrameMs: number | undefined;
  private transport: TransportStats | undefined;

  constructor(container: HTMLElement, options: PlayerOptions, deps: PlayerDeps) {
    this.container = container;
    this.video = findVideo(container);
    this.options = options;
    this.stream = options.stream;
    this.server = (options.host ?? options.server ?? globalThis.location?.origin ?? '').replace(/\/+$/, '');
    this.latencyMode = options.latency ?? 'lowest';
    this.loaders = deps.loaders ?? defaultEngineLoaders;
    this.env = deps.env ?? detectEngineEnv();
    this.backoff = deps.backoff ?? DEFAULT_BACKOFF;
    this.random = deps.random ?? Math.random;
    this.now = deps.now ?? (() => performance.now());
    this.autoPlay = options.autoPlay ?? true;
    this.userPaused = !this.autoPlay;
    this.startTimeoutMs = options.startTimeoutMs ?? START_TIMEOUT_MS;
    this.qoe = new QoETracker(this.now);

    this.events = new Emitter<PlayerEvents>((error, type) => {
      if (type === 'error') console.error('Brume player: an error listener threw', error);
      else
        this.emit('error', {
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
        protocol: undefined,
        sourceUrl: undefined,
        error: undefined,
        muted: this.video.muted,
        volume: this.video.volume ?? 1,
        paused: this.video.paused,
        buffering: false,
        live: !options.sources || Boolean(options.stream),
        autoplay: 'pending',
        currentTime: 0,
        duration: NaN,
        seekable: undefined,
        buffered: [],
        liveLatency: undefined,
        atLiveEdge: true,
        playbackRate: 1,
        tracks: NO_TRACKS,
        combos: [],
      },
      (error) => console.error('Brume player: a state subscriber threw', error),
    );
    this.frameClock = new FrameClock(this.video, (frame) => this.onFrame(frame));
    this.metadataController = new LazyMetadata({
      video: this.video,
      frameDriven: this.frameClock.supported,
      now: this.now,
      onTracks: (tracks) => this.emit('metadatatracks', { tracks }),
      onCallbackError: (error, track) =>
        this.emit('error', {
          error: new PlayerError(
            'player/listener-threw',
            `A metadata callback for track "${track}" threw; fix the page's handler (see the cause).`,
            { cause: error },
          ),
          fatal: false,
        }),
    });
    this.metadata = this.metadataController;
    for (const [track, callback] of Object.entries(options.onMetadata ?? {})) {
      this.metadataController.subscribe(track, callback);
    }
    if (options.latencyMeter !== false) {
      void import('./latency-meter').then(
        ({ LatencyMeter: Meter }) => {
          if (!this.disposed) this.latency = new Meter(this.video);
        },
        (error: unknown) => console.warn('Brume player: the latency meter did not load', error),
      );
    }
    this.listenToVideo();
    // Casting sets itself up in its own chunk (it stores its link in `castLink`), off the up-front
    // bundle, and only where it could work: an element in a window that has the Remote Playback API
    // or is a secure context (the Cast SDK's only home; the chunk checks for Chromium itself).
    const win = (this.video.ownerDocument as Document | undefined)?.defaultView;
    if (options.cast !== false && win && ('remote' in this.video || win.isSecureContext))
      void import('./cast/cast-link').then((m) => m.linkCast(this, options.cast || {}));

    if (this.stream !== undefined) {
      if (!isValidStreamName(this.stream)) {
        this.infoSource = undefined;
        this.fail(PlayerError.invalidStreamName(this.stream));
        return;
      }
      this.infoSource =
        deps.infoSource ??
        new StreamInfoClient({ server: this.server, stream: this.stream, token: options.token });
      this.cleanups.push(
        this.infoSource.on('info', ({ info }) => this.onInfo(info)),
        this.infoSource.on('error', ({ error, failures }) => this.onInfoError(error, failures)),
      );
      this.commit({ status: 'waiting' });
      this.infoSource.start();
      return;
    }
    this.infoSource = undefined;
    if (!options.sources?.length) {
      this.fail(new PlayerError('player/no-source', 'Nothing to play: pass a `stream` name or `sources`.'));
      return;
    }
    this.commit({ status: 'connecting' });
    void this.loadPlainSources(deps.fetch ?? globalThis.fetch?.bind(globalThis));
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
    if (this.attempt) this.armStartTimeout(this.attempt);
    const state = await climbAutoplay(this.video, this.video.muted);
    if (state !== 'pending') this.commit({ autoplay: state });
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
    if (!muted && this.store.getState().autoplay === 'muted') this.commit({ autoplay: 'unmuted' });
  }

  setVolume(volume: number): void {
    if (this.disposed) return;
    this.video.volume = Math.min(1, Math.max(0, volume));
    if (volume > 0 && this.video.muted) this.setMuted(false);
  }

  seek(time: number): void {
    const engine = this.attempt?.engine;
    if (this.disposed || !engine) return;
    this.metadataController.rearm();
    engine.seek(time);
    this.refreshTimes();
  }

  goLive(): void {
    const engine = this.attempt?.engine;
    if (this.disposed || !engine) return;
    this.userRate = false;
    this.video.playbackRate = 1;
    this.metadataController.rearm();
    engine.goLive();
    if (this.video.paused) void this.play();
    this.refreshTimes();
  }

  setPlaybackRate(rate: number): void {
    if (this.disposed || !(rate > 0)) return;
    this.userRate = rate !== 1;
    this.video.playbackRate = rate;
  }

  getTracks() {
    return this.attempt?.engine?.getTracks() ?? NO_TRACKS;
  }

  setQuality(id: string): void {
    this.attempt?.engine?.setQuality(id);
    this.onEngineTracks();
  }

  setAudioTrack(id: string): void {
    this.attempt?.engine?.setAudioTrack(id);
    this.onEngineTracks();
  }

  setTextTrack(id: string | undefined): void {
    this.attempt?.engine?.setTextTrack(id);
    this.onEngineTracks();
  }

  nextCombo(): void {
    if (this.disposed) return;
    const attempt = this.attempt;
    if (attempt) this.failedCombos.add(attempt.candidate.key);
    this.resumeAt = this.resumePosition();
    this.clearRetry();
    this.stopAttempt();
    if (this.info?.state === 'live' && this.info.sources.length) void this.startAttempt(this.info, 'user');
    else this.reconcile();
  }

  retry(): void {
    if (this.disposed) return;
    this.failures = 0;
    this.reconnectKey = undefined;
    this.failedCombos.clear();
    this.clearRetry();
    this.stopAttempt();
    if (this.info) this.reconcile();
    this.infoSource?.refresh();
  }

  startCast(): Promise<void> {
    return this.castLink?.start() ?? Promise.resolve();
  }

  stopCast(): void {
    this.castLink?.stop();
  }

  dispose(): void {
    if (this.disposed) return;
    const final = this.qoeReport('final');
    this.disposed = true;
    this.abort.abort();
    this.clearRetry();
    this.stopAttempt();
    this.metadataController.dispose();
    this.infoSource?.dispose();
    this.latency?.dispose();
    for (const cleanup of this.cleanups.splice(0)) cleanup();
    this.deliverQoE(final);
    this.commit({ status: 'idle', engine: undefined, protocol: undefined, sourceUrl: undefined });
    this.events.clear();
    this.store.clear();
  }

  // ── sources ────────────────────────────────────────────────────────────────

  private async loadPlainSources(fetcher: typeof fetch | undefined): Promise<void> {
    const inputs = this.options.sources ?? [];
    const noFetch = (async () => new Response(null, { status: 599 })) as unknown as typeof fetch;
    let resolved: Awaited<ReturnType<typeof resolveSources>>;
    try {
      resolved = await resolveSources(inputs, fetcher ?? noFetch, this.abort.signal);
    } catch {
      return; // disposed while sniffing
    }
    if (this.disposed) return;
    if (!resolved.sources.length) {
      this.fail(
        new PlayerError(
          'player/no-compatible-source',
          `Could not tell what ${resolved.unknown.join(', ')} is: give each source a \`type\`.`,
        ),
      );
      return;
    }
    this.onInfo(plainStreamInfo(resolved.sources));
  }

  // ── stream info ────────────────────────────────────────────────────────────

  private onInfo(given: StreamInfo): void {
    if (this.disposed) return;
    // Every source the engines open carries the viewer token (the relay checks it on every output).
    const info = infoWithViewerToken(given, this.options.token);
    const wasLive = this.info?.state === 'live';
    this.info = info;
    this.metadataController.setInfo(info);
    if (info.state === 'live' && !wasLive) this.qoe.startupBegins();
    this.commit({ info, combos: this.combos(info) });
    this.emit('info', { info });
    if (isAccessRefusal(info.error?.code)) {
      // The relay will refuse every output: say why now rather than after every engine failed. A
      // session it already admitted (a token that expired while playing) plays on until it breaks.
      if (this.store.getState().status !== 'error' && !this.attempt?.firstFrameSeen) this.fail(refusal(info));
      return;
    }
    this.reconcile();
  }

  private onInfoError(error: PlayerError, failures: number): void {
    const status = this.store.getState().status;
    // Media already playing does not need the feed; a player that has nothing to show says why.
    if (failures < FEED_FAILURES_BEFORE_ERROR || this.attempt || this.retryPending()) return;
    if (status !== 'waiting' && status !== 'error') return;
    this.emit('error', { error, fatal: false });
    this.commit({ status: 'error', error: error.toJSON() });
  }

  /** Brings playback in line with what the stream is doing. Idempotent: called on every info. */
  reconcile(): void {
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
        // Already playing, connecting, backing off, or casting: that decides.
        if (this.attempt || this.retryPending() || this.remote) return;
        if (this.store.getState().status === 'error') this.failures = 0;
        // A VoD that played to its end stays ended until the viewer asks again.
        if (this.store.getState().status === 'ended' && !this.infoSource) return;
        void this.startAttempt(info, 'start');
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

  private selectOptions(): SelectOptions {
    return {
      failed: this.failedCombos,
      latency: this.latencyMode,
      forceEngine: this.options.forceEngine,
      forceSource: this.options.forceSource,
      forceProtocol: this.options.forceProtocol,
      priority: this.options.priority,
    };
  }

  private combos(info: StreamInfo): ComboInfo[] {
    const current = this.attempt?.candidate.key;
    return selectSources(info, this.loaders, this.env, this.selectOptions()).candidates.map((c) => ({
      key: c.key,
      engine: c.loader.name,
      protocol: c.source.protocol,
      url: c.source.url,
      failed: this.failedCombos.has(c.key),
      current: c.key === current,
    }));
  }

  // ── attempts ───────────────────────────────────────────────────────────────

  private async startAttempt(info: StreamInfo, reason: PlayerEvents['engine']['reason']): Promise<void> {
    const { candidates, rejected } = selectSources(info, this.loaders, this.env, this.selectOptions());
    // The combination being reconnected goes first again; otherwise the ranking decides.
    const candidate =
      (this.reconnectKey && candidates.find((c) => c.key === this.reconnectKey)) || candidates[0];
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
      protocol: candidate.source.protocol,
      sourceUrl: candidate.source.url,
      error: reconnecting ? this.store.getState().error : undefined,
      tracks: NO_TRACKS,
      buffering: false,
      combos: this.combos(info),
    });
    this.emit('engine', {
      engine: candidate.loader.name,
      protocol: candidate.source.protocol,
      url: candidate.source.url,
      reason,
    });
    // A viewer who has not pressed play yet sees no frame on some engines (WebRTC): not a failure.
    if (!this.userPaused) this.armStartTimeout(attempt);

    const name = candidate.loader.name;
    let engine: Engine;
    try {
      const module = await candidate.loader.load();
      // The previous engine may still be letting go of the element (see Engine.dispose).
      if (this.released) await this.released;
      if (this.attempt !== attempt) return;
      engine = module.createEngine({
        video: this.video,
        source: candidate.source,
        info,
        token: this.options.token,
        latency: this.latencyMode,
        startTime: this.resumeAt,
      });
    } catch (error) {
      this.attemptFailed(attempt, PlayerError.engineLoadFailed(name, error));
      return;
    }
    this.resumeAt = undefined;
    attempt.engine = engine;
    attempt.unsubscribe.push(
      engine.on('playing', () => this.onEnginePlaying(attempt)),
      engine.on('stalled', () => this.onEngineStalled(attempt)),
      engine.on('ended', ({ reason: why }) => this.attemptFailed(attempt, PlayerError.connectionLost(why))),
      engine.on('complete', () => this.onEngineComplete(attempt)),
      engine.on('error', ({ error }) => this.attemptFailed(attempt, error)),
      engine.on('tracks', () => {
        if (this.attempt === attempt) this.onEngineTracks();
      }),
      engine.on('metadata', ({ events }) => {
        if (this.attempt === attempt) this.metadataController.add(events);
      }),
    );
    this.metadataController.attach(engine);
    // Listen for frames before media can arrive, so the first one is not missed.
    this.frameClock.start();
    try {
      await engine.start();
    } catch (error) {
      this.attemptFailed(attempt, PlayerError.from(error, name));
      return;
    }
    if (this.attempt !== attempt) return;
    this.commit({ live: engine.isLive(), tracks: engine.getTracks() });
    if (!this.userPaused) await this.startPlayback();
  }

  private armStartTimeout(attempt: Attempt): void {
    if (this.startTimer || attempt.firstFrameSeen) return;
    this.startTimer = setTimeout(() => {
      this.startTimer = undefined;
      if (this.attempt === attempt && !attempt.firstFrameSeen) {
        this.attemptFailed(
          attempt,
          PlayerError.startTimeout(attempt.candidate.loader.name, this.startTimeoutMs),
        );
      }
    }, this.startTimeoutMs);
  }

  private attemptFailed(attempt: Attempt, error: PlayerError): void {
    if (this.attempt !== attempt || this.disposed) return;
    const key = attempt.candidate.key;
    const played = attempt.firstFrameSeen;
    this.resumeAt = this.resumePosition();
    this.stopAttempt();
    this.qoe.error(error.code);
    if (error.code === 'player/unauthorized' || error.code === 'player/no-compatible-source') {
      this.fail(error);
      return;
    }
    if (this.info && isAccessRefusal(this.info.error?.code)) {
      this.fail(refusal(this.info));
      return;
    }
    // The media may have stopped because the publisher did: ask now rather than wait for the feed,
    // so a retry below is cancelled by an `ended` answer instead of hitting a 404.
    if (error.code !== 'player/engine-load-failed') this.infoSource?.refresh();
    this.emit('error', { error, fatal: false });

    const retrySame = played && this.reconnectKey !== key && error.code !== 'player/stalled-playback';
    if (retrySame) {
      // It played, then broke: most often the publisher or the network blinked. Same combination once.
      this.reconnectKey = key;
      this.scheduleRetry(error, backoffDelay(0, this.backoff, this.random));
      return;
    }
    this.reconnectKey = undefined;
    this.failedCombos.add(key);
    const info = this.info;
    const untried =
      info &&
      selectSources(info, this.loaders, this.env, this.selectOptions()).candidates.some(
        (c) => !this.failedCombos.has(c.key),
      );
    if (untried && info) {
      // Fall back now: the next combination starts within this tick.
      this.qoe.fallback();
      this.commit({ status: 'reconnecting', error: error.toJSON() });
      void this.startAttempt(info, 'fallback');
      return;
    }
    // Everything failed: back off, then start over from the best (failures are forgotten).
    if (this.failures >= MAX_RECONNECT_ATTEMPTS) {
      this.fail(error);
      return;
    }
    const delay = backoffDelay(this.failures, this.backoff, this.random);
    this.failures++;
    this.failedCombos.clear();
    this.scheduleRetry(error, delay);
  }

  private scheduleRetry(error: PlayerError, delay: number): void {
    this.commit({ status: 'reconnecting', error: error.toJSON() });
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.whenVisible(() => {
        if (this.info?.state === 'live' && this.info.sources.length)
          void this.startAttempt(this.info, 'retry');
        else this.reconcile();
      });
    }, delay);
  }

  /**
   * Runs `go` now, or once the page is visible again: a hidden tab does not hammer the server with
   * reconnects nobody watches. While it waits, `pendingRetry` holds the slot (so nothing else
   * starts) and `clearRetry()` cancels it.
   */
  private whenVisible(go: () => void): void {
    const doc = (this.container as Partial<HTMLElement>).ownerDocument ?? undefined;
    if (!doc || doc.visibilityState !== 'hidden') {
      go();
      return;
    }
    const onVisible = (): void => {
      if (doc.visibilityState === 'hidden') return;
      this.cancelVisibilityWait?.();
      if (!this.disposed) go();
    };
    doc.addEventListener('visibilitychange', onVisible);
    this.cancelVisibilityWait = () => {
      doc.removeEventListener('visibilitychange', onVisible);
      this.cancelVisibilityWait = undefined;
    };
  }

  /** Where a replacement attempt should start: the playhead of a VoD or of a DVR position. */
  private resumePosition(): number | undefined {
    const engine = this.attempt?.engine;
    if (!engine || !this.attempt?.firstFrameSeen || engine.isLive()) return undefined;
    const time = this.video.currentTime;
    return Number.isFinite(time) && time > 0 ? time : undefined;
  }

  private onEnginePlaying(attempt: Attempt): void {
    if (this.attempt !== attempt) return;
    this.clearStall();
    // Without requestVideoFrameCallback, `playing` is the nearest thing to "a frame is on screen".
    if (!this.frameClock.supported && !attempt.firstFrameSeen) {
      attempt.firstFrameSeen = true;
      this.timeToFirstFrameMs = this.now() - attempt.startedAt;
      this.reachedPlaying(attempt);
    }
  }

  private onEngineStalled(attempt: Attempt): void {
    if (this.attempt !== attempt || this.stallTimer) return;
    this.stallTimer = setTimeout(() => {
      this.stallTimer = undefined;
      this.attemptFailed(attempt, PlayerError.stalled(STALL_TIMEOUT_MS));
    }, STALL_TIMEOUT_MS);
  }

  private onEngineComplete(attempt: Attempt): void {
    if (this.attempt !== attempt) return;
    this.clearStall();
    this.stopMonitors();
    this.qoe.idle();
    this.setStatus('ended');
    this.emit('ended', {});
  }

  private onEngineTracks(): void {
    const engine = this.attempt?.engine;
    if (!engine || this.disposed) return;
    const tracks = engine.getTracks();
    this.commit({ tracks });
    this.emit('tracks', { tracks });
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
      this.reachedPlaying(attempt);
    }
    const latencyMs = this.latency?.measure(frame);
    // Mapped on every frame, not only while events wait: one arriving behind the playhead must
    // know where the playhead is to fire at once (late).
    const streamMs = attempt.engine?.mediaTimeToStreamMs(frame.mediaTime);
    this.metadataController.frame(frame.mediaTime, streamMs);
    if (this.events.hasListeners('frame')) this.events.emit('frame', { ...frame, latencyMs, streamMs });
  }

  private reachedPlaying(attempt: Attempt): void {
    this.failures = 0;
    this.reconnectKey = undefined;
    this.failedCombos.delete(attempt.candidate.key);
    this.hadPlayback = true;
    this.clearStall();
    if (this.startTimer) clearTimeout(this.startTimer);
    this.startTimer = undefined;
    this.qoe.firstFrame();
    if (!this.video.paused) this.qoe.playing();
    this.setStatus('playing');
    this.emit('ready', {
      engine: attempt.candidate.loader.name,
      protocol: attempt.candidate.source.protocol,
      timeToFirstFrameMs: this.timeToFirstFrameMs ?? 0,
    });
    this.startMonitors(attempt);
  }

  private startMonitors(attempt: Attempt): void {
    this.stopMonitors();
    this.monitor.reset();
    this.statsTicks = 0;
    this.statsTimer = setInterval(() => this.tick(attempt), STATS_INTERVAL_MS);
    this.monitorTimer = setInterval(() => {
      if (this.attempt !== attempt) return;
      const video = this.video;
      const verdict = this.monitor.add({
        at: this.now(),
        currentTime: video.currentTime ?? 0,
        idle: video.paused || video.seeking || video.ended,
      });
      if (verdict === 'poor') {
        this.attemptFailed(
          attempt,
          new PlayerError(
            'player/stalled-playback',
            `Playback over ${attempt.candidate.loader.name} kept stalling (${Math.round(this.monitor.stallRatio() * 100)} % of the last seconds).`,
          ),
        );
      }
    }, MONITOR_INTERVAL_MS);
  }

  private tick(attempt: Attempt): void {
    const engine = attempt.engine;
    if (this.attempt !== attempt || !engine) return;
    this.refreshTimes();
    this.controlLatency(attempt, engine);
    this.statsTicks++;
    if (this.statsTicks % QOE_EVERY_TICKS === 0) this.deliverQoE(this.qoeReport('periodic'));
    engine.getTransportStats().then(
      (transport) => {
        if (this.attempt !== attempt) return;
        this.transport = transport;
        this.emit('stats', { stats: this.getStats() });
      },
      () => {
        // A closing connection has no stats; the next poll (or the attempt's end) settles it.
      },
    );
  }

  /** The core's live sync, for engines that leave it to the core; reports latency for all. */
  private controlLatency(attempt: Attempt, engine: Engine): void {
    if (!engine.isLive()) return;
    const latencyS = engine.getLiveLatency();
    const targetS = this.liveTarget(attempt);
    if (
      engine.liveSync === 'core' &&
      latencyS !== undefined &&
      targetS !== undefined &&
      !this.userRate &&
      !this.video.paused
    ) {
      const decision = catchUp(latencyS, targetS, this.bufferAhead());
      if (decision.kind === 'jump') {
        // One jump per window: an engine that cannot get closer must not be sent to the edge every second.
        if (this.now() - this.lastJumpAt > JUMP_INTERVAL_MS) {
          this.lastJumpAt = this.now();
          engine.goLive();
        }
      } else if (this.video.playbackRate !== decision.rate) {
        this.video.preservesPitch = true;
        this.video.playbackRate = decision.rate;
      }
    }
    this.emit('latency', { latencyS, targetS, playbackRate: this.video.playbackRate });
  }

  private liveTarget(attempt: Attempt): number | undefined {
    return LIVE_TARGET_S[this.latencyMode][attempt.candidate.source.protocol];
  }

  private bufferAhead(): number {
    const { buffered, currentTime } = this.video;
    if (!buffered) return 0;
    for (let i = 0; i < buffered.length; i++) {
      if (buffered.start(i) <= currentTime + 0.1 && currentTime <= buffered.end(i))
        return buffered.end(i) - currentTime;
    }
    return 0;
  }

  private stopMonitors(): void {
    if (this.statsTimer) clearInterval(this.statsTimer);
    if (this.monitorTimer) clearInterval(this.monitorTimer);
    this.statsTimer = undefined;
    this.monitorTimer = undefined;
  }

  stopAttempt(sessionGone = false): void {
    const attempt = this.attempt;
    this.attempt = undefined;
    this.frameClock.stop();
    this.clearStall();
    this.stopMonitors();
    if (this.startTimer) clearTimeout(this.startTimer);
    this.startTimer = undefined;
    this.qoe.idle();
    if (!attempt) return;
    this.metadataController.detach();
    for (const off of attempt.unsubscribe) off();
    const released = attempt.engine?.dispose({ sessionGone });
    if (released) {
      const settled = Promise.race([
        released.catch(() => undefined),
        new Promise<void>((resolve) => setTimeout(resolve, RELEASE_WAIT_MS)),
      ]);
      this.released = settled;
      void settled.then(() => {
        if (this.released === settled) this.released = undefined;
      });
    }
    if (!this.userRate && this.video.playbackRate !== 1) this.video.playbackRate = 1;
  }

  /**
   * Stops everything because the stream itself is not live: no retry is pending afterwards, and the
   * server has already closed its viewers' sessions.
   */
  private stopPlayback(): void {
    this.clearRetry();
    this.stopAttempt(true);
    this.failures = 0;
    this.reconnectKey = undefined;
    if (this.info?.state === 'starting') this.hadPlayback = false;
  }

  private fail(error: PlayerError): void {
    this.clearRetry();
    this.stopAttempt();
    this.qoe.error(error.code);
    this.emit('error', { error, fatal: true });
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

  clearRetry(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.cancelVisibilityWait?.();
  }

  /** A retry is scheduled (timer running, or waiting for the tab to show). */
  private retryPending(): boolean {
    return this.retryTimer !== undefined || this.cancelVisibilityWait !== undefined;
  }

  private clearStall(): void {
    if (this.stallTimer) clearTimeout(this.stallTimer);
    this.stallTimer = undefined;
  }

  // ── QoE ────────────────────────────────────────────────────────────────────

  private qoeReport(kind: 'periodic' | 'final') {
    const state = this.store.getState();
    return this.qoe.report(kind, {
      engine: state.engine,
      protocol: state.protocol,
      bitrate: this.transport?.bitrate,
      droppedFrames: this.transport?.framesDropped,
    });
  }

  private deliverQoE(report: ReturnType<QoETracker['report']>): void {
    try {
      this.options.onQoE?.(report);
    } catch (error) {
      console.error('Brume player: onQoE threw', error);
    }
    this.emit('qoe', { report });
  }

  // ── media element ──────────────────────────────────────────────────────────

  /** Plays through the autoplay ladder (sound, else muted, else wait for a click). */
  private async startPlayback(): Promise<void> {
    const state = await climbAutoplay(this.video, this.video.muted);
    if (this.disposed) return;
    if (state !== 'pending') this.commit({ autoplay: state });
    if (state === 'blocked') {
      this.emit('error', {
        error: PlayerError.autoplayBlocked(new Error('play() was refused, even muted')),
        fatal: false,
      });
    }
  }

  private refreshTimes(): void {
    const video = this.video;
    const engine = this.attempt?.engine;
    const live = engine ? engine.isLive() : this.store.getState().live;
    const liveLatency = live ? engine?.getLiveLatency() : undefined;
    const attempt = this.attempt;
    const target = attempt ? (this.liveTarget(attempt) ?? 0) : 0;
    const previous = this.store.getState();
    const seekable = engine?.getSeekRange();
    this.commit({
      currentTime: video.currentTime ?? 0,
      duration: live ? Infinity : (video.duration ?? NaN),
      seekable: sameRange(previous.seekable, seekable) ? previous.seekable : seekable,
      buffered: keepRanges(previous.buffered, rangesOf(video.buffered)),
      live,
      liveLatency,
      atLiveEdge: live && (liveLatency === undefined || liveLatency <= target + LIVE_EDGE_SLACK_S),
      playbackRate: video.playbackRate ?? 1,
    });
  }

  private listenToVideo(): void {
    const video = this.video;
    const on = (type: string, handler: () => void): void => {
      video.addEventListener(type, handler);
      this.cleanups.push(() => video.removeEventListener(type, handler));
    };
    on('volumechange', () => this.commit({ muted: video.muted, volume: video.volume ?? 1 }));
    on('play', () => {
      this.commit({ paused: false });
      this.emit('play', {});
    });
    on('pause', () => {
      this.commit({ paused: true });
      this.qoe.idle();
      this.emit('pause', {});
    });
    on('waiting', () => {
      if (!this.attempt?.firstFrameSeen) return;
      this.qoe.stalled();
      this.commit({ buffering: true });
      this.emit('waiting', {});
    });
    on('playing', () => {
      if (this.attempt?.firstFrameSeen) this.qoe.playing();
      // A VoD (or ended playlist) played again after its end: playing, not ended any more.
      if (this.attempt?.firstFrameSeen && this.store.getState().status === 'ended') {
        this.setStatus('playing');
        this.startMonitors(this.attempt);
      }
      if (this.store.getState().buffering) this.commit({ buffering: false });
      this.emit('playing', {});
    });
    for (const type of ['timeupdate', 'durationchange', 'progress', 'seeked', 'ratechange']) {
      on(type, () => {
        if (!this.disposed) this.refreshTimes();
      });
    }
  }

  // ── state ──────────────────────────────────────────────────────────────────

  /** Sets a status that carries no error (every status but `reconnecting` and `error`). */
  private setStatus(status: Exclude<PlayerStatus, 'reconnecting' | 'error'>): void {
    this.commit({ status, error: undefined });
  }

  commit(patch: Partial<PlayerState>): void {
    const previous = this.store.update(patch);
    if (previous) this.emit('statechange', { state: this.store.getState(), previous });
  }

  /** Emits to `on()` listeners and as a `brume:<type>` DOM event on the container. */
  emit<K extends keyof PlayerEvents>(type: K, payload: PlayerEvents[K]): void {
    this.events.emit(type, payload);
    if (typeof CustomEvent === 'function' && typeof this.container.dispatchEvent === 'function') {
      this.container.dispatchEvent(new CustomEvent(`brume:${type}`, { detail: payload }));
    }
  }
}

/** The player's error for a stream info in which the relay refuses this viewer (`auth/...`). */
function refusal(info: StreamInfo): PlayerError {
  return new PlayerError(
    'player/unauthorized',
    `The server refused to play this stream: ${info.error?.message ?? info.error?.code ?? 'no reason given'}`,
  );
}
