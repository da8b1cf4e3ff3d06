/** What the catch-up controller looks at, all in seconds. */
export interface CatchUpInput {
  /** How far the playhead is behind the live edge. */
  latency: number;
  /** Media buffered ahead of the playhead. */
  bufferAhead: number;
  /** Where the latency should be (`LatencyTarget`). */
  target: number;
  /** A monotonic clock (ms), to see how long a catch-up has been going on. */
  nowMs: number;
}

/** Play at `rate`, or seek `by` seconds forward. */
export type CatchUpDecision = { kind: 'rate'; rate: number } | { kind: 'jump'; by: number };

/** Faster than this and speech sounds hurried. */
export const MAX_RATE = 1.1;
/** Slower than this and the slow-down is heard. */
export const MIN_RATE = 0.95;
/** Rate change per second of distance from the target: 0.4 s behind already plays at `MAX_RATE`. */
const GAIN = 0.25;
/** No rate change this close to the target (s): the latency estimate has a few tens of ms of jitter. */
const DEADBAND_S = 0.05;
/** Less buffered than this (s) and a stall is near: slow down whatever the latency. */
const DANGER_AHEAD_S = 0.04;
/** Once settled, only this far behind (s) is worth a jump (a seek is a visible glitch). */
const JUMP_BEHIND_S = 3;
/** Before settling (start, back to live), anything this far behind (s) is jumped at once. */
const STARTUP_JUMP_S = 0.25;
/** A jump shorter than this (s) is not worth a seek: the rate does it. */
const MIN_JUMP_S = 0.1;
/**
 * Behind by more than `STARTUP_JUMP_S` without a break for this long (ms), the rate is not
 * working (a starved CPU decodes slower than real time, stalls keep adding delay): jump.
 */
const PERSISTENT_BEHIND_MS = 8_000;

/**
 * Keeps a live stream at its target latency with the playback rate, proportionally and gently
 * (1.1 at most), slows to 0.95 when the buffer is about to run dry, and seeks forward when far
 * behind. Until it first reaches the target (after a start or a return to live) it jumps at any
 * real distance, since nobody is watching yet; afterwards only when more than 3 s behind, or when
 * the rate has failed to close the distance for 8 s.
 */
export class LiveCatchUp {
  private settled = false;
  /** Since when (ms) playback has been behind by more than `STARTUP_JUMP_S` without a break. */
  private behindSinceMs: number | undefined;

  /** The playhead was just placed (start, back to live): the next decisions may jump freely. */
  reset(): void {
    this.settled = false;
    this.behindSinceMs = undefined;
  }

  get isSettled(): boolean {
    return this.settled;
  }

  decide({ latency, bufferAhead, target, nowMs }: CatchUpInput): CatchUpDecision {
    const behind = latency - target;
    if (behind > STARTUP_JUMP_S) this.behindSinceMs ??= nowMs;
    else this.behindSinceMs = undefined;
    const stuck = this.behindSinceMs !== undefined && nowMs - this.behindSinceMs >= PERSISTENT_BEHIND_MS;
    if (behind > (this.settled && !stuck ? JUMP_BEHIND_S : STARTUP_JUMP_S)) {
      // Land on the target, but keep at least half of it buffered ahead (the edge estimate can
      // run ahead of the media that actually arrived).
      const by = Math.min(behind, bufferAhead - target / 2);
      if (by >= MIN_JUMP_S) {
        this.behindSinceMs = undefined;
        return { kind: 'jump', by };
      }
    } else {
      this.settled = true;
    }
    if (bufferAhead < DANGER_AHEAD_S) return { kind: 'rate', rate: MIN_RATE };
    if (Math.abs(behind) <= DEADBAND_S) return { kind: 'rate', rate: 1 };
    const rate = Math.min(MAX_RATE, Math.max(MIN_RATE, 1 + GAIN * behind));
    return { kind: 'rate', rate: Math.round(rate * 100) / 100 };
  }
}
