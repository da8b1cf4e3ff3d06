import { test as base, type BrowserContext } from '@playwright/test';
import { PlayerPage } from './pages/player-page';
import { StudioPage } from './pages/studio-page';

interface Fixtures {
  /** A stream name no other test uses. */
  stream: string;
  /** Opens a studio in its own browser context (its own "tab", as a broadcaster would). */
  openStudio: () => Promise<StudioPage>;
  /** Opens a viewer in its own browser context. */
  openPlayer: () => Promise<PlayerPage>;
}

let counter = 0;

export const test = base.extend<Fixtures>({
  // eslint-disable-next-line no-empty-pattern
  stream: async ({}, use, testInfo) => {
    counter += 1;
    await use(`e2e-${testInfo.workerIndex}-${counter}-${Date.now().toString(36)}`);
  },
  openStudio: async ({ browser }, use) => {
    const contexts: BrowserContext[] = [];
    await use(async () => {
      const context = await browser.newContext({ permissions: ['camera', 'microphone'] });
      contexts.push(context);
      return new StudioPage(await context.newPage());
    });
    for (const context of contexts) await context.close().catch(() => undefined);
  },
  openPlayer: async ({ browser }, use) => {
    const contexts: BrowserContext[] = [];
    await use(async () => {
      const context = await browser.newContext();
      contexts.push(context);
      return new PlayerPage(await context.newPage());
    });
    for (const context of contexts) await context.close().catch(() => undefined);
  },
});

export { expect } from '@playwright/test';

/** Median of numbers (not mutating the input). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
