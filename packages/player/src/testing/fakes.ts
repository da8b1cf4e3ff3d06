import { offlineStreamInfo, type StreamInfo, type StreamState } from '@brume/protocol';
import { Emitter } from '@brume/protocol';
import {
  NO_TRACKS,
  type Engine,
  type EngineContext,
  type EngineEnv,
  type EngineEvents,
  type EngineLoader,
  type EngineTracks,
  type TimeRange,
} from '../engines/types';
import type { StreamInfoEvents, StreamInfoSource } from '../stream-info-client';

/** Test doubles for the player core's seams (unit tests only; never imported by the package). */

export function streamInfo(name: string, state: StreamState, withSource = state === 'live'): StreamInfo {
  const info = offlineStreamInfo(name);
  info.state = state;
  if (state === 'live') {
    info.tracks = [
      { id: 1, kind: 'video', codec: 'avc1.42e01f', width: 1280, height: 720 },
      { id: 2, kind: 'audio', codec: 'opus' },
    ];
    info.timeline.startUnixMs = 1_700_000_000_000;
  }
  if (withSource) {
    info.sources = [
      {
        protocol: 'whep',
        url: `http://server/whep/${name}`,
        mime: 'application/sdp',
        priority: 10,
        lowLatency: true,
        tracks: [1, 2],
      },
    ];
  }
  return info;
}

export class FakeInfoSource implements StreamInfoSource {
  readonly events = new Emitter<StreamInfoEvents>((error) => {
    throw error;
  });
  started = 0;
  refreshes = 0;
  disposed = false;

  start(): void {
    this.started++;
  }
  refresh(): void {
    this.refreshes++;
  }
  on<K extends keyof StreamInfoEvents>(
    type: K,
    listener: (payload: StreamInfoEvents[K]) => void,
  ): () => void {
    return this.events.on(type, listener);
  }
  dispose(): void {
    this.disposed = true;
    this.events.clear();
  }
  push(info: StreamInfo): void {
    this.events.emit('info', { info });
  }
}

export class FakeEngine implements Engine {
  readonly name = 'fake';
  liveSync: Engine['liveSync'] = 'none';
  live = true;
  latency: number | undefined;
  tracks: EngineTracks = NO_TRACKS;
  seeks: number[] = [];
  wentLive = 0;
  quality: string | undefined;
  readonly events = new Emitter<EngineEvents>((error) => {
    throw error;
  });
  disposed = false;
  /** Whether the core told the engine the server already ended the session. */
  sessionGone: boolean | undefined;
  private settle: { resolve: () => void; reject: (e: unknown) => void } | undefined;

  constructor(readonly context: EngineContext) {}

  start(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.settle = { resolve, reject };
    });
  }
  connect(): void {
    this.settle?.resolve();
  }
  refuse(error: unknown): void {
    this.settle?.reject(error);
  }
  on<K extends keyof EngineEvents>(type: K, listener: (payload: EngineEvents[K]) => void): () => void {
    return this.events.on(type, listener);
  }
  async getTransportStats() {
    return { packetsLost: 0, bitrate: 1_000_000, videoCodec: 'video/H264' };
  }
  hasLiveAudio(): boolean {
    return true;
  }
  /** Stream time = media time + this (ms), so tests can tell the two apart. */
  streamOffsetMs = 0;
  mediaTimeToStreamMs(mediaTime: number): number {
    return mediaTime * 1000 + this.streamOffsetMs;
  }
  streamMsToMediaTime(streamMs: number): number {
    return (streamMs - this.streamOffsetMs) / 1000;
  }
  isLive(): boolean {
    return this.live;
  }
  getLiveLatency(): number | undefined {
    return this.latency;
  }
  getSeekRange(): TimeRange | undefined {
    return this.live ? undefined : { start: 0, end: 60 };
  }
  seek(time: number): void {
    this.seeks.push(time);
  }
  goLive(): void {
    this.wentLive++;
  }
  getTracks(): EngineTracks {
    return this.tracks;
  }
  setQuality(id: string): void {
    this.quality = id;
  }
  setAudioTrack(): void {}
  setTextTrack(): void {}
  /** Set to make dispose() let go of the element later, as shaka's destroy() does. */
  release: Promise<void> | undefined;
  dispose(options: { sessionGone?: boolean } = {}): void | Promise<void> {
    this.disposed = true;
    this.sessionGone = options.sessionGone ?? false;
    return this.release;
  }
}

/** A loader for `whep` sources that hands out FakeEngines and remembers them. */
export class FakeLoader implements EngineLoader {
  readonly engines: FakeEngine[] = [];

  constructor(
    readonly name = 'fake',
    private readonly protocol = 'whep',
  ) {}

  canPlay(source: { protocol: string }) {
    return source.protocol === this.protocol
      ? ({ ok: true, score: 1 } as const)
      : ({ ok: false, reason: `not ${this.protocol}` } as const);
  }
  async load() {
    return {
      createEngine: (context: EngineContext) => {
        const engine = new FakeEngine(context);
        Object.defineProperty(engine, 'name', { value: this.name });
        this.engines.push(engine);
        return engine;
      },
    };
  }
  get last(): FakeEngine {
    const engine = this.engines[this.engines.length - 1];
    if (!engine) throw new Error('no engine created yet');
    return engine;
  }
}

export const fakeEnv: EngineEnv = {
  webrtc: true,
  mediaSource: false,
  webSocket: true,
  canPlayType: () => '',
  isTypeSupported: () => false,
  webrtcCodecs: () => [],
};

type FrameCallback = (now: number, metadata: VideoFrameCallbackMetadata) => void;

/** Enough of an HTMLVideoElement for the core: events, muted/paused, srcObject and rVFC. */
export class FakeVideo extends EventTarget {
  srcObject: unknown = null;
  paused = true;
  currentTime = 0;
  duration = NaN;
  volume = 1;
  playbackRate = 1;
  preservesPitch = true;
  seeking = false;
  ended = false;
  /** Plenty buffered ahead by default. */
  buffered = { length: 1, start: () => 0, end: () => 1e9 };
  /** What play() does: resolve, or refuse like an autoplay policy (`NotAllowedError`) unless muted. */
  autoplayPolicy: 'any' | 'muted-only' | 'none' = 'any';
  videoWidth = 0;
  videoHeight = 0;
  private mutedValue = false;
  private nextHandle = 1;
  readonly frameCallbacks = new Map<number, FrameCallback>();

  get muted(): boolean {
    return this.mutedValue;
  }
  set muted(value: boolean) {
    if (value === this.mutedValue) return;
    this.mutedValue = value;
    this.dispatchEvent(new Event('volumechange'));
  }
  async play(): Promise<void> {
    if (this.autoplayPolicy === 'none' || (this.autoplayPolicy === 'muted-only' && !this.muted)) {
      throw new DOMException('autoplay refused', 'NotAllowedError');
    }
    this.paused = false;
    this.dispatchEvent(new Event('play'));
  }
  pause(): void {
    this.paused = true;
    this.dispatchEvent(new Event('pause'));
  }
  requestVideoFrameCallback(callback: FrameCallback): number {
    const handle = this.nextHandle++;
    this.frameCallbacks.set(handle, callback);
    return handle;
  }
  cancelVideoFrameCallback(handle: number): void {
    this.frameCallbacks.delete(handle);
  }
  /** Presents one frame to whoever asked for one. */
  renderFrame(now: number, width = 1280, height = 720): void {
    const pending = [...this.frameCallbacks.values()];
    this.frameCallbacks.clear();
    for (const callback of pending) {
      callback(now, {
        expectedDisplayTime: now + 16,
        mediaTime: now / 1000,
        width,
        height,
        presentedFrames: 1,
        presentationTime: now,
      });
    }
  }
  asVideo(): HTMLVideoElement {
    return this as unknown as HTMLVideoElement;
  }
}
