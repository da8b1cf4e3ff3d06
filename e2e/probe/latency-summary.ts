import { median, percentile } from '../fixtures';
import type { ProbeReading } from './probe-script';

/** A probe reading in a line: printed by the specs and tabled by the benches. */
export interface LatencySummary {
  /** Frames presented since the probe started. */
  frames: number;
  /** Of those, frames whose timecode was read. */
  samples: number;
  medianMs: number | undefined;
  p95Ms: number | undefined;
  minMs: number | undefined;
  maxMs: number | undefined;
  /** Navigation start → first presented frame. */
  firstFrameMs: number | undefined;
}

/** Summarizes the last `last` samples (all by default). */
export function summarizeLatency(reading: ProbeReading, last = Infinity): LatencySummary {
  const samples = reading.samples.slice(-Math.min(last, reading.samples.length));
  const round = (value: number): number | undefined => (samples.length ? Math.round(value) : undefined);
  return {
    frames: reading.frames,
    samples: samples.length,
    medianMs: round(median(samples)),
    p95Ms: round(percentile(samples, 95)),
    minMs: round(Math.min(...samples)),
    maxMs: round(Math.max(...samples)),
    firstFrameMs: reading.firstFrameAt === undefined ? undefined : Math.round(reading.firstFrameAt),
  };
}
