/**
 * Serial-number arithmetic for RTP's wrapping counters (u16 sequence numbers, u32 timestamps).
 */

/** Signed distance from `from` to `to` on a `bits`-wide circle: 1 means `to` is the next value. */
export function serialDelta(from: number, to: number, bits: 16 | 32): number {
  const range = 2 ** bits;
  let delta = (to - from) % range;
  if (delta < 0) delta += range;
  return delta >= range / 2 ? delta - range : delta;
}

/**
 * Extends a wrapping counter to a monotonic number (safe up to 2^53): each value is placed on the
 * cycle closest to the highest value seen so far, so reordered packets just before a wrap still land
 * before it rather than 2^bits later.
 */
export class RtpUnwrapper {
  private highest: number | undefined;

  constructor(private readonly bits: 16 | 32) {}

  unwrap(value: number): number {
    if (this.highest === undefined) {
      this.highest = value;
      return value;
    }
    const extended = this.highest + serialDelta(this.highest, value, this.bits);
    if (extended > this.highest) this.highest = extended;
    return extended;
  }
}
