import { expect, type Locator, type Page } from '@playwright/test';
import type { PlayerState, PlayerStats, PlayerStatus, PlayerTestBridge } from '@brume/player';
import { countPresentedFrames } from './video-frames';

export interface VideoElementInfo {
  width: number;
  height: number;
  videoTrackLive: boolean;
  audioTrackLive: boolean;
}

/** A viewer: the demo page at `/?stream=NAME`, or any page holding a Brume player. */
export class PlayerPage {
  constructor(readonly page: Page) {}

  /** `params`: the demo's player options from the address (`engine`, `protocol`, `latency`, `src`). */
  async openDemo(stream: string, params: Record<string, string> = {}): Promise<this> {
    const query = new URLSearchParams({ stream, ...params });
    if (!stream) query.delete('stream');
    await this.page.goto(`/?${query}`);
    await expect(this.root).toBeVisible();
    return this;
  }

  async videoSize(): Promise<{ width: number; height: number }> {
    return this.video.evaluate((element) => {
      const video = element as HTMLVideoElement;
      return { width: video.videoWidth, height: video.videoHeight };
    });
  }

  /** The player core's state through the demo's test bridge. */
  async state(): Promise<PlayerState> {
    const state = await this.page.evaluate(() =>
      (window as { __brume?: PlayerTestBridge }).__brume?.player?.getState(),
    );
    if (!state) throw new Error('no player on the page bridge');
    return state;
  }

  async openEmbedExample(stream: string): Promise<this> {
    await this.page.goto(`/embed-example.html?stream=${encodeURIComponent(stream)}`);
    await expect(this.root).toBeVisible();
    return this;
  }

  get root(): Locator {
    return this.page.getByTestId('brume-player');
  }

  get stateLine(): Locator {
    return this.page.getByTestId('player-state');
  }

  get video(): Locator {
    return this.page.getByTestId('player-video');
  }

  async expectStatus(status: PlayerStatus, timeout = 20_000): Promise<void> {
    await expect(this.root).toHaveAttribute('data-state', status, { timeout });
  }

  /** The player core's stats through the demo's test bridge. */
  async stats(): Promise<PlayerStats> {
    const stats = await this.page.evaluate(() =>
      (window as { __brume?: PlayerTestBridge }).__brume?.player?.getStats(),
    );
    if (!stats) throw new Error('no player on the page bridge');
    return stats;
  }

  /** What the <video> element itself reports, independent of the player's bookkeeping. */
  async videoInfo(): Promise<VideoElementInfo> {
    return this.video.evaluate((element) => {
      const video = element as HTMLVideoElement;
      const stream = video.srcObject instanceof MediaStream ? video.srcObject : undefined;
      return {
        width: video.videoWidth,
        height: video.videoHeight,
        videoTrackLive: !!stream?.getVideoTracks().some((t) => t.readyState === 'live'),
        audioTrackLive: !!stream?.getAudioTracks().some((t) => t.readyState === 'live'),
      };
    });
  }

  /**
   * Counts frames presented by the <video> element over `ms` with requestVideoFrameCallback, on the
   * page itself: an independent check that pictures are really advancing.
   */
  async countPresentedFrames(ms: number): Promise<number> {
    return countPresentedFrames(this.video, ms);
  }

  /** Waits until the latency meter has decoded at least `count` timecodes. */
  async waitForLatencySamples(count: number, timeout = 60_000): Promise<PlayerStats> {
    await expect
      .poll(async () => (await this.stats()).latency.count, { timeout, intervals: [250] })
      .toBeGreaterThanOrEqual(count);
    return this.stats();
  }
}
