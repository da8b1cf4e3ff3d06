import type { Page } from '@playwright/test';
import type { SourceEntry, SourceSpec } from '@brume/studio';
import type { FrameCount, HarnessOpenOptions, OpenResult, SourceSummary, SourcesHarness } from './harness';
import { pageBundle } from '../page-bundle';

export type { FrameCount, OpenResult, SourceSummary } from './harness';

/** harness.ts with the studio's sources, as one IIFE; built once per worker. */
function harnessScript(): Promise<string> {
  return pageBundle(new URL('./harness.ts', import.meta.url));
}

type HarnessWindow = Window & { __sources: SourcesHarness };

/** A server document (a secure context on the relay's origin) with the sources harness loaded. */
export class SourcesPage {
  constructor(readonly page: Page) {}

  async open(): Promise<this> {
    await this.page.goto('/api/streams');
    await this.page.evaluate(() => document.body.replaceChildren());
    await this.page.addScriptTag({ content: await harnessScript() });
    return this;
  }

  openSource(id: string, spec: SourceSpec, options: HarnessOpenOptions = {}): Promise<OpenResult> {
    const entry: SourceEntry = { id, name: id, spec };
    return this.page.evaluate(([e, o]) => (window as unknown as HarnessWindow).__sources.open(e, o), [
      entry,
      options,
    ] as const);
  }

  update(id: string, spec: SourceSpec): Promise<OpenResult> {
    return this.page.evaluate(([i, s]) => (window as unknown as HarnessWindow).__sources.update(i, s), [
      id,
      spec,
    ] as const);
  }

  setOutputHeight(id: string, height: number): Promise<OpenResult> {
    return this.page.evaluate(
      ([i, h]) => (window as unknown as HarnessWindow).__sources.setOutputHeight(i, h),
      [id, height] as const,
    );
  }

  summary(id: string): Promise<SourceSummary> {
    return this.page.evaluate((i) => (window as unknown as HarnessWindow).__sources.summary(i), id);
  }

  countFrames(id: string, ms = 1500): Promise<FrameCount> {
    return this.page.evaluate(([i, m]) => (window as unknown as HarnessWindow).__sources.countFrames(i, m), [
      id,
      ms,
    ] as const);
  }

  audioPeak(id: string, ms = 1500): Promise<number> {
    return this.page.evaluate(([i, m]) => (window as unknown as HarnessWindow).__sources.audioPeak(i, m), [
      id,
      ms,
    ] as const);
  }

  pixels(id: string, points: [number, number][]): Promise<number[][]> {
    return this.page.evaluate(([i, p]) => (window as unknown as HarnessWindow).__sources.pixels(i, p), [
      id,
      points,
    ] as const);
  }

  countColor(id: string, rgb: [number, number, number], tolerance = 8): Promise<number> {
    return this.page.evaluate(
      ([i, c, t]) => (window as unknown as HarnessWindow).__sources.countColor(i, c, t),
      [id, rgb, tolerance] as const,
    );
  }

  dispose(id: string): Promise<{ tracksLive: number }> {
    return this.page.evaluate((i) => (window as unknown as HarnessWindow).__sources.dispose(i), id);
  }

  publish(stream: string): Promise<void> {
    return this.page.evaluate((s) => (window as unknown as HarnessWindow).__sources.publish(s), stream);
  }

  unpublish(): Promise<void> {
    return this.page.evaluate(() => (window as unknown as HarnessWindow).__sources.unpublish());
  }
}
