import type { ColorSpec, SourceEntry } from '../scene/scene-types';
import { LiveSourceBase } from './live-source';

/** A colour or gradient: no frames, the renderer paints the fill over the layer's box. */
export class LiveColor extends LiveSourceBase<ColorSpec> {
  constructor(entry: SourceEntry & { spec: ColorSpec }) {
    super(entry);
    this.publish({ visual: { type: 'fill', fill: entry.spec } });
  }

  protected apply(next: ColorSpec): Promise<void> {
    this.publish({ visual: { type: 'fill', fill: next } });
    return Promise.resolve();
  }
}
