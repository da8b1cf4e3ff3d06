import type { Page } from '@playwright/test';
import type { OutboundVideo, PublishHarness, PublishHarnessOptions } from './harness';
import { pageBundle } from '../page-bundle';

export type { OutboundVideo, PublishHarnessOptions } from './harness';

/** harness.ts with @brume/studio as one IIFE; built once per worker. */
function harnessScript(): Promise<string> {
  return pageBundle(new URL('./harness.ts', import.meta.url));
}

type HarnessWindow = Window & { __publishHarness: PublishHarness };

/** A document the server answers, publishing the test pattern through `Publisher` directly. */
export class PublishPage {
  constructor(readonly page: Page) {}

  async open(): Promise<this> {
    // A server document, not a fulfilled one: Chromium's local-network checks would block the WHIP POST.
    await this.page.goto('/api/streams');
    await this.page.addScriptTag({ content: await harnessScript() });
    return this;
  }

  start(options: PublishHarnessOptions): Promise<void> {
    return this.page.evaluate((o) => (window as unknown as HarnessWindow).__publishHarness.start(o), options);
  }

  sdp(): Promise<{ offer?: string; answer?: string }> {
    return this.page.evaluate(() => (window as unknown as HarnessWindow).__publishHarness.sdp());
  }

  outboundVideo(): Promise<OutboundVideo[]> {
    return this.page.evaluate(() => (window as unknown as HarnessWindow).__publishHarness.outboundVideo());
  }

  maxBitrates(): Promise<(number | undefined)[]> {
    return this.page.evaluate(() => (window as unknown as HarnessWindow).__publishHarness.maxBitrates());
  }

  setMaxVideoBitrate(bitsPerSecond: number | undefined): Promise<void> {
    return this.page.evaluate(
      (b) => (window as unknown as HarnessWindow).__publishHarness.setMaxVideoBitrate(b),
      bitsPerSecond,
    );
  }

  stop(): Promise<void> {
    return this.page.evaluate(() => (window as unknown as HarnessWindow).__publishHarness.stop());
  }
}
