import { expect, type Page } from '@playwright/test';
import type { PublisherStats, StudioTestBridge } from '@brume/studio';

type StudioState = 'idle' | 'connecting' | 'live' | 'reconnecting' | 'error';

/** The studio at `/studio/`, driven the way a broadcaster would: pick a source, name, Go Live. */
export class StudioPage {
  constructor(readonly page: Page) {}

  /**
   * Opens the studio with a fresh one-scene collection of `source` (`?source=`) and waits until that
   * source is live in the sources panel (the compositor is then drawing it).
   */
  async open(stream: string, source: 'camera' | 'pattern' | 'screen'): Promise<this> {
    await this.page.goto(`/studio/?stream=${encodeURIComponent(stream)}&source=${source}`);
    await expect(this.page.getByTestId('stream-name')).toHaveValue(stream);
    await expect(this.sourceRow(source)).toHaveAttribute('data-status', 'live', { timeout: 20_000 });
    return this;
  }

  /** The sources panel's row of the first source of `kind`. */
  sourceRow(kind: string) {
    return this.page.locator(`[data-testid="source-row"][data-kind="${kind}"]`).first();
  }

  get stateLine() {
    return this.page.getByTestId('studio-state');
  }

  async expectState(state: StudioState, timeout = 20_000): Promise<void> {
    await expect(this.stateLine).toHaveAttribute('data-state', state, { timeout });
  }

  async goLive(): Promise<void> {
    await this.page.getByTestId('go-live').click();
    await this.expectState('live');
  }

  async stop(): Promise<void> {
    await this.page.getByTestId('stop').click();
    await this.expectState('idle');
  }

  /** The publisher's latest getStats sample, through the app's test bridge. */
  async stats(): Promise<PublisherStats | undefined> {
    return this.page.evaluate(() =>
      (window as { __brumeStudio?: StudioTestBridge }).__brumeStudio?.getStats(),
    );
  }
}
