import type { Page } from '@playwright/test';
import { countPresentedFrames } from './video-frames';

/**
 * A bare page on the server's origin holding `<video muted autoplay src="/NAME.mp4">`: the browser's
 * own progressive MP4 playback, no player script. The page itself is served by Playwright, so no
 * app code runs on it.
 */
export class ProgressivePage {
  static readonly path = '/e2e-progressive.html';

  constructor(readonly page: Page) {}

  async open(stream: string): Promise<this> {
    await this.page.route(`**${ProgressivePage.path}`, (route) =>
      route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>progressive mp4</title>' }),
    );
    await this.page.goto(ProgressivePage.path);
    await this.page.evaluate(
      (src) => {
        const video = document.createElement('video');
        video.muted = true;
        video.autoplay = true;
        video.src = src;
        video.dataset.testid = 'progressive-video';
        document.body.append(video);
      },
      `/${encodeURIComponent(stream)}.mp4`,
    );
    return this;
  }

  get video() {
    return this.page.getByTestId('progressive-video');
  }

  /** Frames presented over `ms`, counted with requestVideoFrameCallback. */
  async countPresentedFrames(ms: number): Promise<number> {
    return countPresentedFrames(this.video, ms);
  }

  async videoState(): Promise<{
    width: number;
    height: number;
    currentTime: number;
    paused: boolean;
    error: string | null;
  }> {
    return this.video.evaluate((element) => {
      const video = element as HTMLVideoElement;
      return {
        width: video.videoWidth,
        height: video.videoHeight,
        currentTime: video.currentTime,
        paused: video.paused,
        error: video.error ? `${video.error.code} ${video.error.message}` : null,
      };
    });
  }
}
