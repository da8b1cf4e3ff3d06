/** A finished measurement window: linear peak and RMS (1 = full scale). */
export interface MeterWindowReading {
  peak: number;
  rms: number;
}

/**
 * Accumulates render quanta into fixed-length windows and measures each: the largest absolute
 * sample over all channels, and the RMS of the loudest channel (a hard-panned source reads the
 * same as a centred one). Window lengths may be fractional (44100 / 30); the remainder carries
 * over so the average rate is exact.
 *
 * Runs inside the AudioWorklet: the class is stringified into the worklet module (mixer-worklet.ts),
 * so it must not refer to anything outside its own body.
 */
export class MeterWindow {
  private peak = 0;
  private sums: number[] = [];
  private count = 0;
  private due: number;

  constructor(private readonly windowSamples: number) {
    this.due = windowSamples;
  }

  /**
   * Adds one quantum of `frames` samples per channel (no channels: an unconnected input, measured as
   * silence). Returns the window's reading when this quantum completes it.
   */
  add(channels: readonly Float32Array[], frames: number): MeterWindowReading | undefined {
    for (let c = 0; c < channels.length; c++) {
      const data = channels[c]!;
      let sum = 0;
      let peak = this.peak;
      for (let i = 0; i < data.length; i++) {
        const sample = data[i]!;
        sum += sample * sample;
        const magnitude = sample < 0 ? -sample : sample;
        if (magnitude > peak) peak = magnitude;
      }
      this.peak = peak;
      this.sums[c] = (this.sums[c] ?? 0) + sum;
    }
    this.count += frames;
    if (this.count < this.due) return undefined;
    let loudest = 0;
    for (const sum of this.sums) if (sum > loudest) loudest = sum;
    const reading = { peak: this.peak, rms: Math.sqrt(loudest / this.count) };
    this.due = this.windowSamples - (this.count - this.due);
    this.count = 0;
    this.peak = 0;
    this.sums = [];
    return reading;
  }
}
