import type { Page } from '@playwright/test';
import type { CompositorHarness } from '../compositor-harness/harness';
import { compositorScripts } from '../compositor-harness/compositor-harness-script';

export type { CompositorHarness, PictureSpec, Pixel, StartOptions } from '../compositor-harness/harness';

type HarnessWindow = Window & { __compositorHarness: CompositorHarness; __compositorWorkerSource: string };

type Method = keyof CompositorHarness;
type Args<M extends Method> = Parameters<CompositorHarness[M]>;
type Result<M extends Method> = Awaited<ReturnType<CompositorHarness[M]>>;

/**
 * A server document with the compositor harness (compositor-harness/harness.ts): `call(name, ...)`
 * runs one harness method in the page. A server document, not about:blank, because
 * MediaStreamTrackProcessor and OffscreenCanvas workers need a secure (localhost) context.
 */
export class CompositorPage {
  constructor(readonly page: Page) {}

  async open(): Promise<this> {
    const { harness, worker } = await compositorScripts();
    await this.page.goto('/api/streams');
    await this.page.evaluate((source) => {
      document.body.replaceChildren();
      (window as unknown as HarnessWindow).__compositorWorkerSource = source;
    }, worker);
    await this.page.addScriptTag({ content: harness });
    return this;
  }

  call<M extends Method>(method: M, ...args: Args<M>): Promise<Result<M>> {
    return this.page.evaluate(
      ([name, params]) => {
        const target = (window as unknown as HarnessWindow).__compositorHarness;
        return (target[name] as (...a: unknown[]) => unknown)(...params);
      },
      [method, args] as [M, Args<M>],
    ) as Promise<Result<M>>;
  }
}
