import { expect, type Locator, type Page } from '@playwright/test';
import type { PlayerStats, PlayerStatus, PlayerTestBridge } from '@brume/player';
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

  async openDemo(stream: string): Promise<this> {
    await this.page.goto(`/?stream=${encodeURIComponent(stream)}`);
    await expect(this.root).toBeVisible();
    return this;
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
