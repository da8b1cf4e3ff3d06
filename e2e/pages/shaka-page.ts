import type { Locator, Page } from '@playwright/test';
import { createRequire } from 'node:module';
import { readProbe, type ProbeReading } from '../probe/probe-script';
import { openServerDocumentWithVideo } from './server-document';
import { countPresentedFrames } from './video-frames';
import { readVideoState, type VideoState } from './video-state';

const SHAKA = createRequire(import.meta.url).resolve('shaka-player/dist/shaka-player.compiled.js');

/** shaka.util.Error, as data. */
export interface ShakaError {
  code: number;
  category: number;
  /** 1 recoverable, 2 critical. */
  severity: number;
  message: string;
}

/** What shaka-player reports, next to what the element reports. */
export interface ShakaState extends VideoState {
  errors: ShakaError[];
  /** `player.load()` resolved. */
  loaded: boolean;
  /** `HLS` or `DASH`, as shaka parsed it. */
  manifestType: string | null;
  /** `player.isLive()`: false once the playlist ended or the MPD went static. */
  live: boolean;
  /** Variants carrying audio. */
  audioVariants: number;
  /** `getStats().liveLatency` (s). */
  latency: number;
}

/**
 * The part of shaka-player's API used here. Its shipped .d.ts declares a global `shaka` namespace
 * that would leak into every e2e file, so it is not imported.
 */
interface ShakaPlayer {
  attach(media: HTMLMediaElement): Promise<void>;
  configure(config: object): boolean;
  load(uri: string): Promise<void>;
  addEventListener(type: 'error', listener: (event: Event & { detail: ShakaErrorObject }) => void): void;
  getManifestType(): string | null;
  isLive(): boolean;
  getVariantTracks(): { audioCodec: string | null }[];
  getStats(): { liveLatency: number };
}
interface ShakaErrorObject {
  code: number;
  category: number;
  severity: number;
  message?: string;
  /** Per code: for network errors (1001) the URI, then the HTTP status. */
  data?: unknown[];
}
interface ShakaBridge {
  player: ShakaPlayer;
  errors: ShakaError[];
  loaded: boolean;
}
type ShakaWindow = Window & {
  shaka: { Player: new () => ShakaPlayer; polyfill: { installAll(): void } };
  __shaka: ShakaBridge;
};

/**
 * shaka-player (its compiled build from node_modules, no Brume code) in low-latency mode on a server
 * document: the LL-HLS multivariant playlist by default, or the LL-DASH MPD.
 */
export class ShakaPage {
  constructor(readonly page: Page) {}

  get video(): Locator {
    return this.page.getByTestId('shaka-video');
  }

  /** `url`: `/hls/NAME/index.m3u8` or `/dash/NAME/index.mpd`; shaka picks the parser from it. */
  async open(url: string): Promise<this> {
    await openServerDocumentWithVideo(this.page, 'shaka-video');
    await this.page.addScriptTag({ path: SHAKA });
    await this.video.evaluate((element, src) => {
      const { shaka } = window as unknown as ShakaWindow;
      shaka.polyfill.installAll();
      const player = new shaka.Player();
      const bridge: ShakaBridge = { player, errors: [], loaded: false };
      (window as unknown as ShakaWindow).__shaka = bridge;
      const record = (error: unknown): void => {
        const shakaError = error as Partial<ShakaErrorObject>;
        bridge.errors.push({
          code: shakaError.code ?? -1,
          category: shakaError.category ?? -1,
          severity: shakaError.severity ?? 2,
          message: `${shakaError.message ?? String(error)} ${JSON.stringify(shakaError.data?.slice(0, 2) ?? [])}`,
        });
      };
      player.addEventListener('error', (event) => record(event.detail));
      player.configure({ streaming: { lowLatencyMode: true } });
      // load() rejects with the error its `error` event already carried, or one raised before.
      void player
        .attach(element as HTMLVideoElement)
        .then(() => player.load(src))
        .then(() => {
          bridge.loaded = true;
          return (element as HTMLVideoElement).play();
        })
        .catch((error: unknown) => {
          const code = (error as Partial<ShakaErrorObject>).code;
          if (code === undefined || !bridge.errors.some((seen) => seen.code === code)) record(error);
        });
    }, url);
    return this;
  }

  async state(): Promise<ShakaState> {
    const element = await readVideoState(this.video);
    const client = await this.page.evaluate(() => {
      const { player, errors, loaded } = (window as unknown as ShakaWindow).__shaka;
      return {
        errors,
        loaded,
        manifestType: player.getManifestType(),
        live: player.isLive(),
        audioVariants: player.getVariantTracks().filter((track) => track.audioCodec).length,
        latency: player.getStats().liveLatency,
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
