import type { Locator, Page } from '@playwright/test';
import { injectProbe, readProbe, startProbe, type ProbeReading } from '../probe/probe-script';
import { countPresentedFrames } from './video-frames';
import { readVideoState, type VideoState } from './video-state';

/**
 * A bare page on the server's origin holding `<video muted autoplay src="/NAME.mp4">`: the browser's
 * own progressive MP4 playback, no player script. The page itself is served by Playwright, so no
 * app code runs on it; the latency probe watches the element.
 */
export class ProgressivePage {
  static readonly path = '/e2e-progressive.html';

  constructor(readonly page: Page) {}

  async open(stream: string): Promise<this> {
    await this.page.route(`**${ProgressivePage.path}`, (route) =>
      route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>progressive mp4</title>' }),
    );
    await this.page.goto(ProgressivePage.path);
    await this.page.evaluate(() => {
      const video = document.createElement('video');
      video.muted = true;
      video.autoplay = true;
      video.dataset.testid = 'progressive-video';
      document.body.append(video);
    });
    await injectProbe(this.page);
    await startProbe(this.video);
    await this.video.evaluate(
      (element, src) => {
        (element as HTMLVideoElement).src = src;
      },
      `/${encodeURIComponent(stream)}.mp4`,
    );
    return this;
  }

  get video(): Locator {
    return this.page.getByTestId('progressive-video');
  }

  /** Frames presented over `ms`, counted with requestVideoFrameCallback. */
  async countPresentedFrames(ms: number): Promise<number> {
    return countPresentedFrames(this.video, ms);
  }

  async state(): Promise<VideoState> {
    return readVideoState(this.video);
  }

  /** Glass-to-glass latency samples off the test-pattern timecode. */
  async latency(): Promise<ProbeReading> {
    return readProbe(this.page);
  }
}
