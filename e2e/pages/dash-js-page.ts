import type { Locator, Page } from '@playwright/test';
import { createRequire } from 'node:module';
import type * as Dashjs from 'dashjs';
import { readProbe, type ProbeReading } from '../probe/probe-script';
import { openServerDocumentWithVideo } from './server-document';
import { countPresentedFrames } from './video-frames';
import { readVideoState, type VideoState } from './video-state';

/** dash.js's browser (UMD) build, what its `exports` map gives a `require`. */
const DASH_JS = createRequire(import.meta.url).resolve('dashjs');

export interface DashJsError {
  event: string;
  code: number | null;
  message: string;
}

/** What dash.js reports, next to what the element reports. */
export interface DashJsState extends VideoState {
  errors: DashJsError[];
  /** `player.isDynamic()`: false once the MPD went static. */
  dynamic: boolean;
  /** dash.js saw the MPD turn from dynamic to static (its `dynamicToStatic` event). */
  wentStatic: boolean;
  /** dash.js decided on low-latency playback (from the MPD: ServiceDescription, availabilityTimeOffset). */
  lowLatency: boolean;
  audioTracks: number;
  /** `player.getCurrentLiveLatency()` (s), NaN when not live. */
  latency: number;
  targetLatency: number;
}

interface DashJsBridge {
  player: Dashjs.MediaPlayerClass;
  errors: DashJsError[];
  wentStatic: boolean;
}

type DashJsWindow = Window & { dashjs: typeof Dashjs; __dashJs: DashJsBridge };

/**
 * dash.js (its UMD build from node_modules, no Brume code) on a server document, set up for low
 * latency the way its docs say: no fixed live delay (the MPD's ServiceDescription decides) and live
 * catch-up on, playing `/dash/NAME/index.mpd`.
 */
export class DashJsPage {
  constructor(readonly page: Page) {}

  get video(): Locator {
    return this.page.getByTestId('dash-js-video');
  }

  async open(url: string): Promise<this> {
    await openServerDocumentWithVideo(this.page, 'dash-js-video');
    await this.page.addScriptTag({ path: DASH_JS });
    await this.video.evaluate((element, src) => {
      const { dashjs } = window as unknown as DashJsWindow;
      const player = dashjs.MediaPlayer().create();
      const bridge: DashJsBridge = { player, errors: [], wentStatic: false };
      (window as unknown as DashJsWindow).__dashJs = bridge;
      player.updateSettings({ streaming: { liveCatchup: { enabled: true } } });
      const { events } = dashjs.MediaPlayer;
      for (const name of [events.ERROR, events.PLAYBACK_ERROR] as const) {
        player.on(name, (event: unknown) => {
          const error = (event as { error?: { code?: number; message?: string } | MediaError }).error;
          bridge.errors.push({
            event: name,
            code: error?.code ?? null,
            message: error?.message ?? '',
          });
        });
      }
      player.on(events.DYNAMIC_TO_STATIC, () => {
        bridge.wentStatic = true;
      });
      player.initialize(element as HTMLVideoElement, src, true);
    }, url);
    return this;
  }

  async state(): Promise<DashJsState> {
    const element = await readVideoState(this.video);
    const client = await this.page.evaluate(() => {
      const { player, errors, wentStatic } = (window as unknown as DashJsWindow).__dashJs;
      const ready = player.isReady();
      return {
        errors,
        wentStatic,
        dynamic: ready && player.isDynamic() === true,
        lowLatency: ready && player.getLowLatencyModeEnabled() === true,
        audioTracks: ready ? player.getTracksFor('audio').length : 0,
        latency: ready ? player.getCurrentLiveLatency() : NaN,
        targetLatency: ready ? player.getTargetLiveDelay() : NaN,
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
