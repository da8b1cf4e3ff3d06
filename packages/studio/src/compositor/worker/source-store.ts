import type { ColorSpec } from '../../scene/scene-types';
import type { WorkerVisual } from '../compositor-messages';

/** Something with a `close()`: a VideoFrame or an ImageBitmap, whose memory is not the GC's to free. */
export type FrameImage = (VideoFrame | ImageBitmap) & { close(): void };

/**
 * What a renderer draws for a source right now. `version` changes whenever the picture does (it is
 * unique across sources and replacements), so a renderer uploads a texture only when it must.
 */
export type Drawable =
  | { type: 'image'; image: FrameImage; width: number; height: number; version: number }
  | { type: 'fill'; fill: ColorSpec; version: number };

interface Entry {
  visual: WorkerVisual['type'];
  drawable: Drawable | undefined;
  reader: ReadableStreamDefaultReader<VideoFrame> | undefined;
}

let versions = 0;

function imageDrawable(image: FrameImage): Drawable {
  const width = 'displayWidth' in image ? image.displayWidth : image.width;
  const height = 'displayHeight' in image ? image.displayHeight : image.height;
  versions += 1;
  return { type: 'image', image, width, height, version: versions };
}

function closeDrawable(drawable: Drawable | undefined): void {
  if (drawable?.type === 'image') drawable.image.close();
}

/**
 * The latest picture of every source, in the worker. A track's frames are read as fast as they
 * come and only the newest is kept (older ones are closed at once: a camera's frame pool is small,
 * and a held frame stalls it). A stream that ends (the track ended) leaves the source with nothing
 * to draw, like one whose frames have not arrived.
 */
export class SourceStore {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly onReadError: (sourceId: string, error: unknown) => void) {}

  /** Sets or clears (undefined) what `sourceId` shows, releasing what it showed before. */
  set(sourceId: string, visual: WorkerVisual | undefined): void {
    this.release(sourceId);
    if (!visual) return;
    const entry: Entry = { visual: visual.type, drawable: undefined, reader: undefined };
    this.entries.set(sourceId, entry);
    switch (visual.type) {
      case 'bitmap':
        entry.drawable = imageDrawable(visual.bitmap);
        break;
      case 'fill':
        versions += 1;
        entry.drawable = { type: 'fill', fill: visual.fill, version: versions };
        break;
      case 'stream':
        entry.reader = visual.stream.getReader();
        void this.pump(sourceId, entry, entry.reader);
        break;
      case 'pushed':
        break;
    }
  }

  /** A frame for a `pushed` source (the page's fallback feed); closed if the source is not one. */
  push(sourceId: string, frame: FrameImage): void {
    const entry = this.entries.get(sourceId);
    if (entry?.visual !== 'pushed') {
      frame.close();
      return;
    }
    closeDrawable(entry.drawable);
    entry.drawable = imageDrawable(frame);
  }

  get(sourceId: string): Drawable | undefined {
    return this.entries.get(sourceId)?.drawable;
  }

  has(sourceId: string): boolean {
    return this.entries.has(sourceId);
  }

  dispose(): void {
    for (const sourceId of [...this.entries.keys()]) this.release(sourceId);
  }

  private release(sourceId: string): void {
    const entry = this.entries.get(sourceId);
    if (!entry) return;
    this.entries.delete(sourceId);
    entry.reader?.cancel().catch(() => undefined);
    closeDrawable(entry.drawable);
    entry.drawable = undefined;
  }

  private async pump(
    sourceId: string,
    entry: Entry,
    reader: ReadableStreamDefaultReader<VideoFrame>,
  ): Promise<void> {
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        if (this.entries.get(sourceId) !== entry) {
          value.close();
          break;
        }
        closeDrawable(entry.drawable);
        entry.drawable = imageDrawable(value);
      }
    } catch (error) {
      // A cancelled reader (the source was replaced) is not an error.
      if (this.entries.get(sourceId) === entry) this.onReadError(sourceId, error);
    }
    if (this.entries.get(sourceId) === entry) {
      closeDrawable(entry.drawable);
      entry.drawable = undefined;
    }
  }
}
