import type { ImageSpec, SourceEntry } from '../scene/scene-types';
import { StudioError } from '../studio-error';
import { LiveSourceBase } from './live-source';
import { describeUrl, fetchMedia, type ResolveUrl } from './media-url';

/** A still picture from a URL or a stored file, decoded once to a bitmap. */
export class LiveImage extends LiveSourceBase<ImageSpec> {
  private constructor(
    entry: SourceEntry & { spec: ImageSpec },
    private readonly resolveUrl: ResolveUrl | undefined,
  ) {
    super(entry);
  }

  /** Rejects with `studio/source-unavailable` (cannot fetch) or `studio/unsupported-media` (cannot decode). */
  static async open(entry: SourceEntry & { spec: ImageSpec }, resolveUrl?: ResolveUrl): Promise<LiveImage> {
    const source = new LiveImage(entry, resolveUrl);
    await source.load(entry.spec);
    return source;
  }

  protected apply(next: ImageSpec): Promise<void> {
    return this.load(next);
  }

  private async load(spec: ImageSpec): Promise<void> {
    const blob = await fetchMedia(spec.url, this.resolveUrl, 'the image');
    let bitmap: ImageBitmap;
    try {
      bitmap = await createImageBitmap(blob);
    } catch (error) {
      throw StudioError.unsupportedMedia(`the image ${describeUrl(spec.url)}`, error);
    }
    if (this.disposed) {
      bitmap.close();
      return;
    }
    this.publish({ visual: { type: 'bitmap', bitmap }, aspect: bitmap.width / bitmap.height });
  }
}
