import { expect, type Locator, type Page } from '@playwright/test';
import type { LatencyProbe, ProbeReading } from './latency-probe';
import { pageBundle } from '../page-bundle';

export type { ProbeReading } from './latency-probe';

/** latency-probe.ts and the @brume/protocol code it uses as one IIFE, built once per worker. */
export function probeScript(): Promise<string> {
  return pageBundle(new URL('./latency-probe.ts', import.meta.url));
}

type ProbeWindow = Window & { __probe: LatencyProbe };

/** Adds the probe to the current document (again after each navigation). */
export async function injectProbe(page: Page): Promise<void> {
  await page.addScriptTag({ content: await probeScript() });
}

/**
 * Installs the probe before any script of every document the page loads from now on, watching every
 * <video> it gets: first-frame times then count from navigation start even when the page's own code
 * creates and plays the element.
 */
export async function installProbeOnNavigation(page: Page): Promise<void> {
  await page.addInitScript({
    content: `${await probeScript()}\nwindow.__probe.watch();`,
  });
}

export async function startProbe(video: Locator): Promise<void> {
  await video.evaluate((element) =>
    (window as unknown as ProbeWindow).__probe.start(element as HTMLVideoElement),
  );
}

export async function readProbe(page: Page): Promise<ProbeReading> {
  return page.evaluate(() => (window as unknown as ProbeWindow).__probe.read());
}

/** Waits until the probe has read at least `count` timecodes, then returns its reading. */
export async function waitForProbeSamples(
  page: Page,
  count: number,
  timeout = 60_000,
): Promise<ProbeReading> {
  await expect
    .poll(async () => (await readProbe(page)).samples.length, { timeout, intervals: [250] })
    .toBeGreaterThanOrEqual(count);
  return readProbe(page);
}
