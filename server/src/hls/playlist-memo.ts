/** Playlists remembered per packager: a few variants (rendition × viewer token), not one per viewer. */
const DEFAULT_MAX_ENTRIES = 64;

/**
 * The last text written for each kind of playlist request, reused while its inputs are the very
 * same objects. Hundreds of LL-HLS viewers blocked on the same part are all answered when it
 * lands, each with the same playlist: written once, not once per viewer (writing it — dates,
 * decimals, URIs for the whole window — was a third of the relay's CPU at 200 viewers). Inputs are
 * compared by identity: the rendition store hands out the same snapshot until its window changes.
 */
export class PlaylistMemo {
  private readonly entries = new Map<string, { inputs: readonly unknown[]; text: string }>();

  constructor(private readonly maxEntries = DEFAULT_MAX_ENTRIES) {}

  /** `render()`'s text for `key`, from memory while every input is identical to last time. */
  text(key: string, inputs: readonly unknown[], render: () => string): string {
    const entry = this.entries.get(key);
    if (entry && sameInputs(entry.inputs, inputs)) return entry.text;
    const text = render();
    // Oldest first out: a Map iterates in insertion order, and a rewritten key moves to the end.
    this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(key, { inputs, text });
    return text;
  }

  get size(): number {
    return this.entries.size;
  }
}

function sameInputs(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
