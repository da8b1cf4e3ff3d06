import { expect, type Page } from '@playwright/test';
import type { Layer, PublisherStats, SceneCollection, StudioTestBridge } from '@brume/studio';
import { sampleVideoColors, type Rgb } from './video-pixels';

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

  /** The scene collection as the app holds it (through the test bridge). */
  async collection(): Promise<SceneCollection> {
    const collection = await this.page.evaluate(() =>
      (window as { __brumeStudio?: StudioTestBridge }).__brumeStudio?.getCollection(),
    );
    if (!collection) throw new Error('the studio has no scene collection yet');
    return collection;
  }

  /** The layers of the scene on air. */
  async programLayers(): Promise<Layer[]> {
    const c = await this.collection();
    return c.scenes.find((s) => s.id === c.programSceneId)?.layers ?? [];
  }

  /** Adds a source from the "+ Source" menu (choices that need no file or name). */
  async addSource(choice: string): Promise<void> {
    await this.page.getByTestId('add-source').click();
    await this.page.getByTestId('add-source-menu').locator(`[data-choice="${choice}"]`).click();
  }

  /** Adds an image or video file as a source, as the file picker would. */
  async addFile(path: string): Promise<void> {
    await this.page.getByTestId('source-file').setInputFiles(path);
  }

  async applyLayout(preset: string): Promise<void> {
    await this.page.getByTestId(`layout-${preset}`).click();
  }

  /** The scene list's row for a scene name. */
  sceneRow(name: string) {
    return this.page.getByTestId('scene-row').filter({ hasText: name });
  }

  get program() {
    return this.page.getByTestId('program');
  }

  /** Colours of the studio's own program output at frame fractions. */
  async programColors(points: readonly [number, number][]): Promise<Rgb[]> {
    return sampleVideoColors(this.program, points);
  }
}
