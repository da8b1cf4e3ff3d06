import type { Locator, Page } from '@playwright/test';
import { createRequire } from 'node:module';
import type Hls from 'hls.js';
import { readProbe, type ProbeReading } from '../probe/probe-script';
import { openServerDocumentWithVideo } from './server-document';
import { countPresentedFrames } from './video-frames';
import { readVideoState, type VideoState } from './video-state';

const HLS_JS = createRequire(import.meta.url).resolve('hls.js/dist/hls.min.js');

export interface HlsJsError {
  type: string;
  details: string;
  fatal: boolean;
  message: string;
}

/** What hls.js reports, next to what the element reports. */
export interface HlsJsState extends VideoState {
  errors: HlsJsError[];
  /** SourceBuffers hls.js created: `video`, `audio` or `audiovideo`, with their codec. */
  sourceBuffers: { name: string; codec: string | null }[];
  /** Alternate audio renditions of the multivariant playlist. */
  audioTracks: number;
  /** Each media playlist loaded (its URL without delivery directives), `live` false once it ended. */
  playlists: { url: string; live: boolean }[];
  /** `hls.latency`: distance to the live edge (s) as hls.js estimates it. */
  latency: number;
  targetLatency: number | null;
}

interface HlsJsBridge {
  hls: Hls;
  errors: HlsJsError[];
  sourceBuffers: { name: string; codec: string | null }[];
  playlists: Record<string, boolean>;
}

type HlsJsWindow = Window & { Hls: typeof Hls; __hlsJs: HlsJsBridge };

/**
 * hls.js (its UMD build from node_modules, no Brume code) in low-latency mode on a server document:
 * what any site embedding hls.js would do with the multivariant playlist `/hls/NAME/index.m3u8`.
 */
export class HlsJsPage {
  constructor(readonly page: Page) {}

  get video(): Locator {
    return this.page.getByTestId('hls-js-video');
  }

  async open(url: string): Promise<this> {
    await openServerDocumentWithVideo(this.page, 'hls-js-video');
    await this.page.addScriptTag({ path: HLS_JS });
    await this.video.evaluate((element, src) => {
      const { Hls: HlsClass } = window as unknown as HlsJsWindow;
      // Live-edge control as a low-latency deployment configures it: hls.js defaults to no
      // catch-up (rate 1, no maximum latency), so a client that started behind would stay behind.
      // The sync target is the playlist's PART-HOLD-BACK (0.75 s); past 2.5 s it seeks to it.
      const hls = new HlsClass({
        lowLatencyMode: true,
        backBufferLength: 30,
        liveSyncDuration: 0.75,
        liveMaxLatencyDuration: 2.5,
        maxLiveSyncPlaybackRate: 1.1,
      });
      const bridge: HlsJsBridge = { hls, errors: [], sourceBuffers: [], playlists: {} };
      (window as unknown as HlsJsWindow).__hlsJs = bridge;
      hls.on(HlsClass.Events.ERROR, (_event, data) => {
        bridge.errors.push({
          type: data.type,
          details: data.details,
          fatal: data.fatal,
          message: data.error?.message ?? '',
        });
      });
      hls.on(HlsClass.Events.BUFFER_CREATED, (_event, data) => {
        for (const [name, track] of Object.entries(data.tracks)) {
          bridge.sourceBuffers.push({ name, codec: track?.codec ?? null });
        }
      });
      // One entry per media playlist, under its own URL: blocking reloads add `_HLS_` directives.
      const record = (details: { url: string; live: boolean }): void => {
        const url = new URL(details.url);
        for (const key of [...url.searchParams.keys()]) {
          if (key.startsWith('_HLS_')) url.searchParams.delete(key);
        }
        bridge.playlists[url.toString()] = details.live;
      };
      hls.on(HlsClass.Events.LEVEL_LOADED, (_event, data) => record(data.details));
      hls.on(HlsClass.Events.AUDIO_TRACK_LOADED, (_event, data) => record(data.details));
      const video = element as HTMLVideoElement;
      // As hls.js's own demo does: autoplay alone waits for HAVE_ENOUGH_DATA, a live edge may not give it.
      hls.on(HlsClass.Events.MANIFEST_PARSED, () => {
        video.play().catch((error: unknown) => {
          bridge.errors.push({ type: 'play', details: 'playRejected', fatal: false, message: String(error) });
        });
      });
      hls.attachMedia(video);
      hls.loadSource(src);
    }, url);
    return this;
  }

  async state(): Promise<HlsJsState> {
    const element = await readVideoState(this.video);
    const client = await this.page.evaluate(() => {
      const { hls, errors, sourceBuffers, playlists } = (window as unknown as HlsJsWindow).__hlsJs;
      return {
        errors,
        sourceBuffers,
        audioTracks: hls.audioTracks.length,
        playlists: Object.entries(playlists).map(([url, live]) => ({ url, live })),
        latency: hls.latency,
        targetLatency: hls.targetLatency,
      };
    });
    return { ...element, ...client };
  }

  /** Frames presented over `ms`, counted with requestVideoFrameCallback. */
  async countPresentedFrames(ms: number): Promise<number> {
    return countPresentedFrames(this.video, ms);
  }

  /** Glass-to-glass latency samples off the test-pattern timecode. */
  async latency(): Promise<ProbeReading> {
    return readProbe(this.page);
  }
}
