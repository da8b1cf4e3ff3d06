/** How long before a boundary the keyframe is asked for: a PLI's round trip plus an encoded frame. */
const DEFAULT_LEAD_MS = 150;

/**
 * Asks a WebRTC publisher for a keyframe just before every `intervalMs` boundary of stream time
 * (0: never). WebRTC encoders send keyframes only when asked, so without this a GOP lasts the
 * whole publish. Boundaries on the stream-time grid are where the LL-HLS / LL-DASH segmenter cuts
 * (segment N ≈ [N s, N+1 s)), so every segment — packaged now or later from the DVR ring — starts
 * on a keyframe, and a new reader or a DVR seek never starts more than one interval back.
 */
export class GopCadence {
  private askedFor: number | undefined;

  constructor(
    private readonly intervalMs: number,
    private readonly ask: () => void,
    private readonly leadMs = DEFAULT_LEAD_MS,
  ) {}

  /** Call with the stream time of each video frame (or packet) as it arrives. */
  observe(streamMs: number): void {
    if (this.intervalMs <= 0) return;
    const next = (Math.floor(streamMs / this.intervalMs) + 1) * this.intervalMs;
    if (next - streamMs > this.leadMs || this.askedFor === next) return;
    this.askedFor = next;
    this.ask();
  }
}
