/**
 * Pictures missing from a timeline, by cadence: each picture's time (any clock) and, when the
 * container says it, its duration. A step of k frame intervals between two pictures means k − 1
 * pictures never came. Without durations (RTP), the interval is the smallest step seen so far,
 * which for a constant-rate stream is the frame interval after two pictures; a variable-rate
 * source would be counted as gappy, which the report's fps column then shows for what it is.
 */
export class PictureGaps {
  private last: number | undefined;
  private lastDuration: number | undefined;
  private interval = Infinity;
  private missingCount = 0;
  private pictureCount = 0;

  /** One picture starting at `time`, lasting `duration` if known. Repeats and steps back are skipped. */
  add(time: number, duration?: number): void {
    this.pictureCount++;
    if (this.last !== undefined) {
      const step = time - this.last;
      if (step <= 0) {
        // Back in time: a new publish or a loop; start over from here.
        if (step < 0) this.reset(time, duration);
        return;
      }
      const expected = this.lastDuration ?? Math.min(this.interval, step);
      if (this.lastDuration === undefined) this.interval = Math.min(this.interval, step);
      if (expected > 0 && step > expected * 1.5) this.missingCount += Math.round(step / expected) - 1;
    }
    this.last = time;
    this.lastDuration = duration && duration > 0 ? duration : undefined;
  }

  get pictures(): number {
    return this.pictureCount;
  }

  get missing(): number {
    return this.missingCount;
  }

  private reset(time: number, duration?: number): void {
    this.last = time;
    this.lastDuration = duration && duration > 0 ? duration : undefined;
    this.interval = Infinity;
  }
}
