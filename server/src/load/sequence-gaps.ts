/**
 * Lost RTP packets of one SSRC, by 16-bit sequence number. A hole is not lost at once: NACK may
 * repair it (a retransmission arrives late, with the same number), so a missing number is counted
 * lost only once the stream has moved `window` packets past it, or at `finish()`.
 */
export class SequenceGaps {
  private highest: number | undefined;
  /** Extended sequence numbers not received yet, newer than `highest - window`. */
  private readonly missing = new Set<number>();
  private lostCount = 0;
  private repairedCount = 0;
  private receivedCount = 0;

  constructor(private readonly window = 1024) {}

  /** One received packet's sequence number (0–65535). */
  add(sequenceNumber: number): void {
    this.receivedCount++;
    if (this.highest === undefined) {
      this.highest = sequenceNumber;
      return;
    }
    const extended = this.extend(sequenceNumber, this.highest);
    if (extended > this.highest) {
      // A jump bigger than the window is a restart (a new publish, an SSRC reuse), not a loss.
      if (extended - this.highest <= this.window)
        for (let n = this.highest + 1; n < extended; n++) this.missing.add(n);
      this.highest = extended;
      this.expire();
    } else if (this.missing.delete(extended)) this.repairedCount++;
  }

  /** Ends the run: what is still missing is lost. */
  finish(): void {
    this.lostCount += this.missing.size;
    this.missing.clear();
  }

  get received(): number {
    return this.receivedCount;
  }

  /** Missing numbers not repaired in time (so far). */
  get lost(): number {
    return this.lostCount;
  }

  /** Holes filled late (retransmissions, reordering). */
  get repaired(): number {
    return this.repairedCount;
  }

  /** The extended number closest to `reference` with these low 16 bits (wrap-around). */
  private extend(sequenceNumber: number, reference: number): number {
    const base = reference - (reference & 0xffff);
    let candidate = base + sequenceNumber;
    if (candidate - reference > 0x8000) candidate -= 0x10000;
    else if (reference - candidate > 0x8000) candidate += 0x10000;
    return candidate;
  }

  private expire(): void {
    const oldest = this.highest! - this.window;
    for (const n of this.missing) {
      if (n < oldest) {
        this.missing.delete(n);
        this.lostCount++;
      }
    }
  }
}
