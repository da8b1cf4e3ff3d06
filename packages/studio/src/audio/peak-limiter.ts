export interface PeakLimiterOptions {
  /** The highest sample value allowed out, dBFS. */
  ceilingDb: number;
  /** How far ahead the limiter looks (and so how much it delays the audio), ms. */
  lookaheadMs: number;
  /** Time constant of the gain's return to unity after a peak, ms. */
  releaseMs: number;
}

/**
 * A look-ahead brick-wall limiter: no sample leaves above the ceiling, by construction.
 *
 * For each input sample it computes the gain that sample needs (ceiling / |x|, or 1). The gain
 * applied to the sample leaving the delay line (L samples later) is the moving average, over L
 * samples, of the running minimum of the needed gain over the last L + 1 samples. Every term of that
 * average spans the sample being output, so each is ≤ its needed gain, and so is their mean: the
 * ceiling holds exactly, and the gain still glides down over the look-ahead instead of jumping
 * (no clicks). Release is a one-pole rise back toward unity.
 *
 * Why not a DynamicsCompressorNode with a hard knee: its attack is a smoothing, not a look-ahead
 * guarantee, and the spec's algorithm adds make-up gain, so a +6 dB input still comes out above
 * −1 dBFS (the e2e spec measures both).
 *
 * Runs inside the AudioWorklet: the class is stringified into the worklet module (mixer-worklet.ts),
 * so it must not refer to anything outside its own body.
 */
export class PeakLimiter {
  private readonly ceiling: number;
  private readonly lookahead: number;
  private readonly releaseCoefficient: number;
  /** Per output channel, the last `lookahead` input samples. */
  private readonly delay: Float32Array[] = [];
  /** Monotonic deque (increasing values) of needed gains with their sample numbers: the running min. */
  private readonly minValues: Float64Array;
  private readonly minIndices: Float64Array;
  private minHead = 0;
  private minLength = 0;
  /** The last `lookahead` held minimums and their sum: the moving average. */
  private readonly box: Float64Array;
  private boxSum: number;
  private position = 0;
  private sample = 0;
  private gain = 1;

  constructor(sampleRate: number, options: PeakLimiterOptions) {
    this.ceiling = 10 ** (options.ceilingDb / 20);
    this.lookahead = Math.max(1, Math.round((sampleRate * options.lookaheadMs) / 1000));
    this.releaseCoefficient = 1 - Math.exp(-1000 / (sampleRate * options.releaseMs));
    this.minValues = new Float64Array(this.lookahead + 2);
    this.minIndices = new Float64Array(this.lookahead + 2);
    this.box = new Float64Array(this.lookahead).fill(1);
    this.boxSum = this.lookahead;
  }

  /** The delay the limiter adds, in samples. */
  get latencySamples(): number {
    return this.lookahead;
  }

  /** The gain reduction applied to the latest output sample, dB (0 when not limiting). */
  get reductionDb(): number {
    return -20 * Math.log10(this.gain);
  }

  /**
   * Limits one block. `input` may have fewer channels than `output` (missing ones are silence);
   * all output arrays have the same length.
   */
  process(input: readonly Float32Array[], output: Float32Array[]): void {
    const frames = output[0]?.length ?? 0;
    const lookahead = this.lookahead;
    const capacity = this.minValues.length;
    while (this.delay.length < output.length) this.delay.push(new Float32Array(lookahead));
    for (let i = 0; i < frames; i++) {
      let peak = 0;
      for (let c = 0; c < input.length; c++) {
        const x = input[c]![i]!;
        const magnitude = x < 0 ? -x : x;
        if (magnitude > peak) peak = magnitude;
      }
      const needed = peak > this.ceiling ? this.ceiling / peak : 1;
      const n = this.sample++;

      // Running minimum of `needed` over samples n − lookahead .. n.
      while (this.minLength > 0) {
        const last = (this.minHead + this.minLength - 1) % capacity;
        if (this.minValues[last]! < needed) break;
        this.minLength--;
      }
      const tail = (this.minHead + this.minLength) % capacity;
      this.minValues[tail] = needed;
      this.minIndices[tail] = n;
      this.minLength++;
      while (this.minIndices[this.minHead]! < n - lookahead) {
        this.minHead = (this.minHead + 1) % capacity;
        this.minLength--;
      }
      const held = this.minValues[this.minHead]!;

      this.boxSum += held - this.box[this.position]!;
      this.box[this.position] = held;
      const smooth = this.boxSum / lookahead;
      this.gain = smooth < this.gain ? smooth : this.gain + (smooth - this.gain) * this.releaseCoefficient;

      for (let c = 0; c < output.length; c++) {
        const line = this.delay[c]!;
        const delayed = line[this.position]!;
        line[this.position] = input[c]?.[i] ?? 0;
        output[c]![i] = delayed * this.gain;
      }
      this.position = (this.position + 1) % lookahead;
    }
  }
}
