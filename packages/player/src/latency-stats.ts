/** The latency meter's figures, kept apart from the meter so the core can report them without
 * loading it (the meter is imported only when `latencyMeter` is on). */

/** Glass-to-glass latency measured from the test-pattern timecode. */
export interface LatencyStats {
  /** The latest sample (ms). */
  lastMs: number | undefined;
  /** Median of the samples held (ms). */
  medianMs: number | undefined;
  /** The last (up to) 600 samples in ms, oldest first. */
  samples: number[];
  /** Samples taken since playback started (can exceed `samples.length`). */
  count: number;
}

/** Samples kept: 10 s at 60 fps, 20 s at 30 fps. */
export const LATENCY_WINDOW = 600;

/** Latency stats with no samples (meter off or nothing measured yet). */
export function emptyLatencyStats(): LatencyStats {
  return { lastMs: undefined, medianMs: undefined, samples: [], count: 0 };
}
