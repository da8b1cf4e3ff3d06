import type { Locator } from '@playwright/test';

export type Rgb = [number, number, number];

/**
 * The colour of a `<video>`'s current frame at points given as fractions of the frame (0..1), each
 * averaged over a small square so codec noise at one pixel does not decide. Reads the decoded frame
 * at its own resolution, whatever size the element is shown at.
 */
export async function sampleVideoColors(video: Locator, points: readonly [number, number][]): Promise<Rgb[]> {
  return video.evaluate((element, pts) => {
    const v = element as HTMLVideoElement;
    const canvas = document.createElement('canvas');
    canvas.width = v.videoWidth;
    canvas.height = v.videoHeight;
    const context = canvas.getContext('2d', { willReadFrequently: true });
    if (!context || !canvas.width) return pts.map((): [number, number, number] => [-1, -1, -1]);
    context.drawImage(v, 0, 0);
    const half = 4;
    return pts.map(([fx, fy]): [number, number, number] => {
      const x = Math.round(fx * canvas.width) - half;
      const y = Math.round(fy * canvas.height) - half;
      const { data } = context.getImageData(x, y, half * 2, half * 2);
      let r = 0;
      let g = 0;
      let b = 0;
      for (let i = 0; i < data.length; i += 4) {
        r += data[i]!;
        g += data[i + 1]!;
        b += data[i + 2]!;
      }
      const n = data.length / 4;
      return [Math.round(r / n), Math.round(g / n), Math.round(b / n)];
    });
  }, points);
}

/** Largest per-channel difference between two colours. */
export function colorDistance(a: Rgb, b: Rgb): number {
  return Math.max(Math.abs(a[0] - b[0]), Math.abs(a[1] - b[1]), Math.abs(a[2] - b[2]));
}
