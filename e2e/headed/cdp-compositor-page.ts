import type { CompositorHarness } from '../compositor-harness/harness';
import { compositorScripts } from '../compositor-harness/compositor-harness-script';
import type { CdpTab } from './cdp-browser';

type Method = keyof CompositorHarness;
type Args<M extends Method> = Parameters<CompositorHarness[M]>;
type Result<M extends Method> = Awaited<ReturnType<CompositorHarness[M]>>;

/**
 * The compositor harness (as `pages/compositor-page.ts` runs it under Playwright) in a tab of a
 * headed Chromium driven over CDP, so the tab can really be hidden behind another one. The tab must
 * show a server document (a secure localhost context for MediaStreamTrackProcessor and workers).
 */
export class CdpCompositorPage {
  constructor(readonly tab: CdpTab) {}

  async open(): Promise<this> {
    const { harness, worker } = await compositorScripts();
    await this.tab.evaluate(
      `document.body.replaceChildren(); window.__compositorWorkerSource = ${JSON.stringify(worker)}; 0`,
    );
    await this.tab.evaluate(`${harness}\n0`);
    // Counts main-thread animation frames: they stop in a hidden tab, which shows it really is one.
    await this.tab.evaluate(
      `window.__animationFrames = 0;
       (function count() { window.__animationFrames++; requestAnimationFrame(count); })(); 0`,
    );
    return this;
  }

  call<M extends Method>(method: M, ...args: Args<M>): Promise<Result<M>> {
    return this.tab.call<Result<M>>('__compositorHarness', method, ...args);
  }

  animationFrames(): Promise<number> {
    return this.tab.evaluate<number>('window.__animationFrames');
  }
}
