import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import type { OutboundVideo, PublishHarness, PublishHarnessOptions } from './harness';

export type { OutboundVideo, PublishHarnessOptions } from './harness';

const entry = fileURLToPath(new URL('./harness.ts', import.meta.url));
let bundle: Promise<string> | undefined;

/** harness.ts with @brume/studio as one IIFE; built once per worker. */
function harnessScript(): Promise<string> {
  bundle ??= build({
    entryPoints: [entry],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    write: false,
    logLevel: 'silent',
  }).then((result) => result.outputFiles[0]!.text);
  return bundle;
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
