/**
 * Runs one player engine on its own, without the player core: the e2e specs use it to prove each
 * engine plays Brume's live outputs (and VoD fixtures) through the same `Engine` contract the core
 * uses. Bundled by esbuild into an IIFE (engine-harness-script.ts) and added to a server document.
 */
import { defaultEngineLoaders, detectEngineEnv, type Engine, type EngineEvents } from '@brume/player';
import type { SourceInfo, StreamInfo } from '@brume/protocol';

export interface HarnessState {
  engine: string | undefined;
  started: boolean;
  events: { type: keyof EngineEvents; at: number; detail?: string }[];
  isLive: boolean | undefined;
  liveLatency: number | undefined;
  seekRange: { start: number; end: number } | undefined;
  tracks: ReturnType<Engine['getTracks']> | undefined;
  startError: string | undefined;
  /**
   * Wall-clock now minus the stream time of the displayed frame (`mediaTimeToStreamMs` of
   * `currentTime`), ms: close to the glass-to-glass latency when the engine maps media time right.
   */
  streamLagMs: number | undefined;
}

export interface EngineHarness {
  /** Plays `source` (or the stream's first source the engine accepts) with the named engine. */
  play(options: {
    engine: string;
    stream?: string;
    source?: SourceInfo;
    video: HTMLVideoElement;
  }): Promise<void>;
  state(): HarnessState;
  seek(time: number): void;
  goLive(): void;
  setQuality(id: string): void;
  stats(): Promise<unknown>;
  /** The element's current time, its `mediaTimeToStreamMs`, and the wall clock when they were read. */
  streamTime(): { mediaTime: number | undefined; streamMs: number | undefined; unixMs: number };
  dispose(): void;
}

/** A synthetic info for plain URL sources (VoD fixtures), as the core builds it. */
function plainInfo(source: SourceInfo): StreamInfo {
  return {
    name: 'url',
    state: 'live',
    type: 'vod',
    tracks: [],
    sources: [source],
    timeline: { startUnixMs: 0, firstMs: 0, lastMs: 0, dvrWindowMs: 0 },
  };
}

let engine: Engine | undefined;
let element: HTMLVideoElement | undefined;
let playing: { video: HTMLVideoElement; info: StreamInfo } | undefined;
const state: HarnessState = {
  engine: undefined,
  started: false,
  events: [],
  isLive: undefined,
  liveLatency: undefined,
  seekRange: undefined,
  tracks: undefined,
  startError: undefined,
  streamLagMs: undefined,
};

const harness: EngineHarness = {
  async play({ engine: name, stream, source, video }) {
    const loader = defaultEngineLoaders.find((l) => l.name === name);
    if (!loader) throw new Error(`no engine named ${name}`);
    const env = detectEngineEnv();
    let info: StreamInfo;
    if (stream) {
      info = (await (await fetch(`/api/streams/${encodeURIComponent(stream)}`)).json()) as StreamInfo;
    } else if (source) {
      info = plainInfo(source);
    } else {
      throw new Error('play() needs a stream or a source');
    }
    const chosen = source ?? info.sources.find((s) => loader.canPlay(s, env, info).ok);
    if (!chosen)
      throw new Error(`${name} can play none of ${info.sources.map((s) => s.protocol).join(', ')}`);
    const verdict = loader.canPlay(chosen, env, info);
    if (!verdict.ok) throw new Error(`${name} refuses ${chosen.url}: ${verdict.reason}`);
    const module = await loader.load();
    engine = module.createEngine({ video, source: chosen, info, latency: 'lowest' });
    element = video;
    playing = { video, info };
    state.engine = engine.name;
    for (const type of ['playing', 'stalled', 'ended', 'complete', 'error', 'tracks'] as const) {
      engine.on(type, (payload) => {
        const detail =
          'error' in payload ? payload.error.message : 'reason' in payload ? payload.reason : undefined;
        state.events.push({ type, at: performance.now(), detail });
      });
    }
    try {
      await engine.start();
      state.started = true;
      video.play().catch(() => undefined);
    } catch (error) {
      state.startError = error instanceof Error ? error.message : String(error);
      throw error;
    }
  },
  state() {
    return {
      ...state,
      isLive: engine?.isLive(),
      liveLatency: engine?.getLiveLatency(),
      seekRange: engine?.getSeekRange(),
      tracks: engine?.getTracks(),
      streamLagMs: streamLagMs(),
    };
  },
  seek: (time) => engine?.seek(time),
  goLive: () => engine?.goLive(),
  setQuality: (id) => engine?.setQuality(id),
  stats: async () => engine?.getTransportStats(),
  streamTime: () => ({
    mediaTime: element?.currentTime,
    streamMs: engine && element ? engine.mediaTimeToStreamMs(element.currentTime) : undefined,
    unixMs: Date.now(),
  }),
  dispose() {
    engine?.dispose();
    engine = undefined;
  },
};

function streamLagMs(): number | undefined {
  if (!engine || !playing || playing.info.timeline.startUnixMs === 0) return undefined;
  const streamMs = engine.mediaTimeToStreamMs(playing.video.currentTime);
  if (streamMs === undefined) return undefined;
  return Math.round(Date.now() - playing.info.timeline.startUnixMs - streamMs);
}

(window as unknown as { __engineHarness: EngineHarness }).__engineHarness = harness;
