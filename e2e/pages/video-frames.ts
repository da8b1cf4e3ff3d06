import type { Locator } from '@playwright/test';

/**
 * Frames a `<video>` presents over `ms`, counted on the page with requestVideoFrameCallback: an
 * independent check that pictures advance, whatever plays them.
 */
export function countPresentedFrames(video: Locator, ms: number): Promise<number> {
  return video.evaluate(
    (element, duration) =>
      new Promise<number>((resolve) => {
        const target = element as HTMLVideoElement;
        let frames = 0;
        const onFrame = (): void => {
          frames++;
          target.requestVideoFrameCallback(onFrame);
        };
        target.requestVideoFrameCallback(onFrame);
        setTimeout(() => resolve(frames), duration);
      }),
    ms,
  );
}
