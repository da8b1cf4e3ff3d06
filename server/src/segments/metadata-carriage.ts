import type { MetadataTrack } from '@brume/protocol';
import { metadataEmsg } from '../cmaf';
import type { MetadataListener, StoredMetadataEvent } from '../metadata/metadata-store';

/** What the packaging reads of a stream's `MetadataStore`. */
export interface MetadataSource {
  tracks(): MetadataTrack[];
  between(fromMs: number, toMs: number, options?: { track?: string }): readonly StoredMetadataEvent[];
  subscribe(listener: MetadataListener): () => void;
}

/**
 * Which metadata events go into which video part, as ID3 `emsg` boxes in front of its `moof`.
 *
 * Parts are immutable once listed, so an event is attached when the part is made and never later:
 * every part takes the events not carried yet whose time is before the part's end. An event whose
 * time falls in the part lands on its frame; a late one (POSTed with a time in a part already made,
 * or arriving after its part was cut) goes into the next part made, with its own earlier
 * `presentation_time`, so players still get it once, just behind its frame. Events of every track
 * travel this way, subtitles included: the player's scheduler is the one source of timing for all
 * of them, whatever the engine (the WebVTT / `wvtt` renditions serve other players).
 */
export class MetadataCarriage {
  private pending: StoredMetadataEvent[];
  private readonly unsubscribe: () => void;

  constructor(
    source: MetadataSource,
    private readonly timescale: number,
    /** An event `metadataEmsg` refused (it cannot be carried); the others go on. */
    private readonly onRefused: (error: unknown) => void,
  ) {
    // The events held when packaging starts (the DVR window) go out with the first parts.
    this.pending = [...source.between(0, Number.MAX_SAFE_INTEGER)];
    this.unsubscribe = source.subscribe((event) => this.pending.push(event));
  }

  /** The `emsg` boxes of the events due in a part that ends at `endMs` (stream ms), by time. */
  take(endMs: number): Uint8Array[] {
    if (this.pending.length === 0) return [];
    const due = this.pending.filter((event) => event.time < endMs);
    if (due.length === 0) return [];
    this.pending = this.pending.filter((event) => event.time >= endMs);
    const boxes: Uint8Array[] = [];
    for (const event of due.sort((a, b) => a.time - b.time || a.id - b.id)) {
      try {
        boxes.push(metadataEmsg(event, this.timescale));
      } catch (error) {
        this.onRefused(error);
      }
    }
    return boxes;
  }

  dispose(): void {
    this.unsubscribe();
    this.pending = [];
  }
}
