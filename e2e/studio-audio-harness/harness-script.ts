import type { JSHandle, Page } from '@playwright/test';
import type { AudioMixer, MixerLevels } from '@brume/studio';
import type { AudioHarness, LimiterComparison, RecordingOutcome } from './harness';
import { pageBundle } from '../page-bundle';

export type { LimiterComparison, RecordingOutcome } from './harness';

/**
 * harness.ts with the studio's mixer, recorder and mediabunny as one IIFE; built once per worker.
 * Minified as in a production build: the worklet module is generated from function source text, so
 * it must survive renaming.
 */
function harnessScript(): Promise<string> {
  return pageBundle(new URL('./harness.ts', import.meta.url), { minify: true });
}

type HarnessWindow = Window & { __audioHarness: AudioHarness };

/** A blank document the server answers, with the audio harness on `window.__audioHarness`. */
export class AudioHarnessPage {
  constructor(readonly page: Page) {}

  async open(): Promise<this> {
    await this.page.goto('/api/streams');
    await this.page.evaluate(() => document.body.replaceChildren());
    await this.page.addScriptTag({ content: await harnessScript() });
    await this.page.evaluate(() => (window as unknown as HarnessWindow).__audioHarness.createMixer());
    return this;
  }

  addTone(id: string, frequency: number, levelDb: number): Promise<void> {
    return this.page.evaluate(
      (args) => (window as unknown as HarnessWindow).__audioHarness.addTone(args.id, args),
      { id, frequency, levelDb },
    );
  }

  addRemoteTone(id: string, frequency: number, levelDb: number): Promise<void> {
    return this.page.evaluate(
      (args) => (window as unknown as HarnessWindow).__audioHarness.addRemoteTone(args.id, args),
      { id, frequency, levelDb },
    );
  }

  levels(): Promise<MixerLevels> {
    return this.page.evaluate(() => (window as unknown as HarnessWindow).__audioHarness.levels());
  }

  countLevelEvents(ms: number): Promise<number> {
    return this.page.evaluate(
      (t) => (window as unknown as HarnessWindow).__audioHarness.countLevelEvents(t),
      ms,
    );
  }

  outputPeakDb(ms = 600): Promise<number> {
    return this.page.evaluate((t) => (window as unknown as HarnessWindow).__audioHarness.outputPeakDb(t), ms);
  }

  compareLimiters(): Promise<LimiterComparison> {
    return this.page.evaluate(() => (window as unknown as HarnessWindow).__audioHarness.compareLimiters());
  }

  record(options: Parameters<AudioHarness['record']>[0]): Promise<RecordingOutcome> {
    return this.page.evaluate((o) => (window as unknown as HarnessWindow).__audioHarness.record(o), options);
  }

  /** A handle on the page's mixer, to drive it with `handle.evaluate((mixer, arg) => …, arg)`. */
  mixer(): Promise<JSHandle<AudioMixer>> {
    return this.page.evaluateHandle(() => (window as unknown as HarnessWindow).__audioHarness.mixer());
  }

  dispose(): Promise<void> {
    return this.page.evaluate(() => (window as unknown as HarnessWindow).__audioHarness.dispose());
  }
}
