import type { MetadataEvent, MetadataTrack } from '@brume/protocol';
import type {
  MetadataCallback,
  Player,
  PlayerEvents,
  PlayerMetadata,
  PlayerOptions,
  PlayerState,
  PlayerStats,
} from '@brume/player';

/** Test doubles for the UI's component tests (never imported by the package itself). */

export function fakeState(patch: Partial<PlayerState> = {}): PlayerState {
  return {
    status: 'idle',
    stream: 'demo',
    info: undefined,
    engine: undefined,
    protocol: undefined,
    sourceUrl: undefined,
    error: undefined,
    muted: false,
    volume: 1,
    paused: true,
    buffering: false,
    live: false,
    autoplay: 'pending',
    currentTime: 0,
    duration: Number.NaN,
    seekable: undefined,
    buffered: [],
    liveLatency: undefined,
    atLiveEdge: false,
    playbackRate: 1,
    tracks: { qualities: [], quality: 'auto', audio: [], text: [] },
    combos: [],
    cast: undefined,
    ...patch,
  };
}

export function fakeStats(patch: Partial<PlayerStats> = {}): PlayerStats {
  return {
    framesRendered: 0,
    width: 0,
    height: 0,
    fps: 0,
    timeToFirstFrameMs: undefined,
    audioLive: false,
    transport: undefined,
    latency: { lastMs: undefined, medianMs: undefined, samples: [], count: 0 },
    ...patch,
  };
}

type Listener = (payload: never) => void;

interface MetadataSubscription {
  track: string;
  onEvent: MetadataCallback;
  onExit: ((event: MetadataEvent) => void) | undefined;
}

/** `player.metadata` of the fake: tracks and events come from the test (`FakePlayer` methods). */
class FakeMetadata implements PlayerMetadata {
  tracks: readonly MetadataTrack[] = [];
  readonly subscriptions = new Set<MetadataSubscription>();

  constructor(private readonly log: (method: string, ...args: unknown[]) => void) {}

  subscribe(track: string, onEvent: MetadataCallback, onExit?: (event: MetadataEvent) => void): () => void {
    this.log('metadata.subscribe', track);
    const subscription = { track, onEvent, onExit };
    this.subscriptions.add(subscription);
    return () => {
      this.log('metadata.unsubscribe', track);
      this.subscriptions.delete(subscription);
    };
  }

  /** The subscriptions an event of `track` reaches (its own and `'*'`). */
  reaching(track: string): MetadataSubscription[] {
    return [...this.subscriptions].filter((s) => s.track === track || s.track === '*');
  }
}

/**
 * An in-memory `Player`: methods change its state the way the core would (synchronously, as if the
 * media element had confirmed at once) and are logged in `calls`, so tests can assert on either.
 */
export class FakePlayer implements Player {
  readonly server: string;
  readonly video: HTMLVideoElement;
  /** Every method call, in order, with its arguments. */
  readonly calls: { method: string; args: unknown[] }[] = [];
  stats: PlayerStats = fakeStats();
  /** Subscriptions are logged in `calls` as `metadata.subscribe` / `metadata.unsubscribe`. */
  readonly metadata = new FakeMetadata((method, ...args) => this.log(method, ...args));
  disposed = false;
  private state: PlayerState;
  private readonly subscribers = new Set<() => void>();
  private readonly listeners = new Map<string, Set<Listener>>();

  constructor(
    readonly container: HTMLElement,
    readonly options: PlayerOptions = {},
  ) {
    const video = container.querySelector('video');
    if (!video) throw new Error('FakePlayer: the container holds no <video>');
    this.video = video;
    this.server = options.host ?? options.server ?? 'http://localhost';
    this.state = fakeState({ stream: options.stream, muted: options.muted ?? false });
  }

  get stream(): string | undefined {
    return this.options.stream;
  }

  /** Moves the fake to a new state and notifies subscribers, like a core state commit. */
  setState(patch: Partial<PlayerState>): void {
    this.state = { ...this.state, ...patch };
    for (const subscriber of [...this.subscribers]) subscriber();
  }

  emit<K extends keyof PlayerEvents>(type: K, payload: PlayerEvents[K]): void {
    for (const listener of [...(this.listeners.get(type) ?? [])])
      (listener as (p: PlayerEvents[K]) => void)(payload);
  }

  /** Lists metadata tracks, as the core does when the stream info (or an event) brings them. */
  setMetadataTracks(tracks: readonly MetadataTrack[]): void {
    this.metadata.tracks = tracks;
    this.emit('metadatatracks', { tracks });
  }

  /** An event's frame is displayed: its subscribers' `onEvent` (the core passes a copy, as here). */
  enterMetadata(event: MetadataEvent): void {
    for (const s of this.metadata.reaching(event.track)) s.onEvent({ ...event, late: false });
  }

  /** An event ends (its duration passed, or playback left it). */
  exitMetadata(event: MetadataEvent): void {
    for (const s of this.metadata.reaching(event.track)) s.onExit?.(event);
  }

  /** The calls of one method, e.g. `callsTo('seek')` → `[[12]]`. */
  callsTo(method: string): unknown[][] {
    return this.calls.filter((call) => call.method === method).map((call) => call.args);
  }

  getState(): Readonly<PlayerState> {
    return this.state;
  }

  subscribe(listener: () => void): () => void {
    this.subscribers.add(listener);
    return () => this.subscribers.delete(listener);
  }

  on<K extends keyof PlayerEvents>(type: K, listener: (payload: PlayerEvents[K]) => void): () => void {
    const set = this.listeners.get(type) ?? new Set<Listener>();
    set.add(listener as Listener);
    this.listeners.set(type, set);
    return () => set.delete(listener as Listener);
  }

  getStats(): PlayerStats {
    return this.stats;
  }

  play(): Promise<void> {
    this.log('play');
    this.setState({ paused: false });
    return Promise.resolve();
  }

  pause(): void {
    this.log('pause');
    this.setState({ paused: true });
  }

  setMuted(muted: boolean): void {
    this.log('setMuted', muted);
    const autoplay = !muted && this.state.autoplay === 'muted' ? 'unmuted' : this.state.autoplay;
    this.setState({ muted, autoplay });
  }

  setVolume(volume: number): void {
    this.log('setVolume', volume);
    // Like the core: raising the volume of a muted player unmutes it.
    this.setState({ volume, muted: volume > 0 ? false : this.state.muted });
  }

  seek(time: number): void {
    this.log('seek', time);
    this.setState({ currentTime: time, atLiveEdge: false });
  }

  goLive(): void {
    this.log('goLive');
    this.setState({ atLiveEdge: true, currentTime: this.state.seekable?.end ?? this.state.currentTime });
  }

  setPlaybackRate(rate: number): void {
    this.log('setPlaybackRate', rate);
    this.setState({ playbackRate: rate });
  }

  getTracks() {
    return this.state.tracks;
  }

  setQuality(id: string): void {
    this.log('setQuality', id);
    this.setState({ tracks: { ...this.state.tracks, quality: id } });
  }

  setAudioTrack(id: string): void {
    this.log('setAudioTrack', id);
    this.setState({ tracks: { ...this.state.tracks, audioId: id } });
  }

  setTextTrack(id: string | undefined): void {
    this.log('setTextTrack', id);
    this.setState({ tracks: { ...this.state.tracks, textId: id } });
  }

  nextCombo(): void {
    this.log('nextCombo');
    this.setState({ status: 'connecting', error: undefined });
  }

  retry(): void {
    this.log('retry');
    this.setState({ status: 'connecting', error: undefined });
  }
  startCast(): Promise<void> {
    this.log('startCast');
    return Promise.resolve();
  }

  stopCast(): void {
    this.log('stopCast');
  }

  dispose(): void {
    this.log('dispose');
    this.disposed = true;
    this.subscribers.clear();
    this.listeners.clear();
  }

  private log(method: string, ...args: unknown[]): void {
    this.calls.push({ method, args });
  }
}
