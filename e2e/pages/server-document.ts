import type { Locator, Page } from '@playwright/test';
import { injectProbe, startProbe } from '../probe/probe-script';

/**
 * Opens a document the server itself answers (its JSON stream list), empties it and adds one muted
 * autoplay <video> with the latency probe already watching it, for a client script to feed.
 * Chromium's local-network-access checks block requests to localhost from a page Playwright
 * fulfilled itself (it has no address space), so MSE clients need a real server document.
 */
export async function openServerDocumentWithVideo(page: Page, testId: string): Promise<Locator> {
  await page.goto('/api/streams');
  await page.evaluate((id) => {
    document.body.replaceChildren();
    const video = document.createElement('video');
    video.muted = true;
    video.autoplay = true;
    video.playsInline = true;
    video.dataset.testid = id;
    document.body.append(video);
  }, testId);
  const video = page.getByTestId(testId);
  await injectProbe(page);
  await startProbe(video);
  return video;
}
