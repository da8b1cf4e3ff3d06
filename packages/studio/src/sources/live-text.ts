import type { SourceEntry, TextSpec } from '../scene/scene-types';
import { LiveSourceBase } from './live-source';
import { renderText } from './text-painter';

/** Text or a lower third, rendered to a bitmap at the size the text needs for the output height. */
export class LiveText extends LiveSourceBase<TextSpec> {
  private constructor(
    entry: SourceEntry & { spec: TextSpec },
    private outputHeight: number,
  ) {
    super(entry);
  }

  static async open(entry: SourceEntry & { spec: TextSpec }, outputHeight = 1080): Promise<LiveText> {
    const source = new LiveText(entry, outputHeight);
    await source.render(entry.spec);
    return source;
  }

  /** The text keeps its size relative to the frame: 48 px at 1080p is 32 px at 720p. */
  setOutputHeight(height: number): Promise<void> {
    if (height === this.outputHeight) return Promise.resolve();
    this.outputHeight = height;
    return this.update(this.spec);
  }

  protected apply(next: TextSpec): Promise<void> {
    return this.render(next);
  }

  private async render(spec: TextSpec): Promise<void> {
    const { bitmap, layout } = await renderText(spec, { outputHeight: this.outputHeight });
    if (this.disposed) {
      bitmap.close();
      return;
    }
    this.publish({ visual: { type: 'bitmap', bitmap }, aspect: layout.width / layout.height });
  }
}
