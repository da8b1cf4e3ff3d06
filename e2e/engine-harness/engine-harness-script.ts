import type { Locator, Page } from '@playwright/test';
import type { SourceInfo } from '@brume/protocol';
import type { EngineHarness, HarnessState } from './harness';
import { readVideoState, type VideoState } from '../pages/video-state';
import { countPresentedFrames } from '../pages/video-frames';
import { openServerDocumentWithVideo } from '../pages/server-document';
import { readProbe, type ProbeReading } from '../probe/probe-script';
import { pageBundle } from '../page-bundle';

export type { HarnessState } from './harness';

/** harness.ts with @brume/player and every engine library, as one IIFE; built once per worker. */
function harnessScript(): Promise<string> {
  return pageBundle(new URL('./harness.ts', import.meta.url), {
    define: { 'process.env.NODE_ENV': '"production"' },
  });
}

type HarnessWindow = Window & { __engineHarness: EngineHarness };

/** A server document with one <video>, the latency probe and one engine driving it. */
export class EnginePage {
  video!: Locator;

  constructor(readonly page: Page) {}

  async open(): Promise<this> {
    this.video = await openServerDocumentWithVideo(this.page, 'engine-video');
    await this.page.addScriptTag({ content: await harnessScript() });
    return this;
  }

  /** Starts `engine` on the stream's first source it accepts, or on `source`. */
  async play(engine: string, target: { stream: string } | { source: SourceInfo }): Promise<void> {
    await this.video.evaluate(
      (video, args) =>
        (window as unknown as HarnessWindow).__engineHarness.play({
          ...args,
          video: video as HTMLVideoElement,
        }),
      { engine, ...target },
    );
  }

  harness(): Promise<HarnessState> {
    return this.page.evaluate(() => (window as unknown as HarnessWindow).__engineHarness.state());
  }

  async state(): Promise<VideoState & { harness: HarnessState }> {
    return { ...(await readVideoState(this.video)), harness: await this.harness() };
  }

  seek(time: number): Promise<void> {
    return this.page.evaluate((t) => (window as unknown as HarnessWindow).__engineHarness.seek(t), time);
  }

  goLive(): Promise<void> {
    return this.page.evaluate(() => (window as unknown as HarnessWindow).__engineHarness.goLive());
  }

  setQuality(id: string): Promise<void> {
    return this.page.evaluate((q) => (window as unknown as HarnessWindow).__engineHarness.setQuality(q), id);
  }

  stats(): Promise<unknown> {
    return this.page.evaluate(() => (window as unknown as HarnessWindow).__engineHarness.stats());
  }

  streamTime(): Promise<{ mediaTime: number | undefined; streamMs: number | undefined; unixMs: number }> {
    return this.page.evaluate(() => (window as unknown as HarnessWindow).__engineHarness.streamTime());
  }

  dispose(): Promise<void> {
    return this.page.evaluate(() => (window as unknown as HarnessWindow).__engineHarness.dispose());
  }

  countPresentedFrames(ms: number): Promise<number> {
    return countPresentedFrames(this.video, ms);
  }

  latency(): Promise<ProbeReading> {
    return readProbe(this.page);
  }
}
