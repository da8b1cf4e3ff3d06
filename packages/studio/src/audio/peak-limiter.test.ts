import { describe, expect, it } from 'vitest';
import { PeakLimiter } from './peak-limiter';

const RATE = 48000;
const QUANTUM = 128;
const OPTIONS = { ceilingDb: -1, lookaheadMs: 5, releaseMs: 80 };
const CEILING = 10 ** (-1 / 20);

/** Runs `signal` (one function of the sample number per channel) through a limiter in quanta. */
function limit(limiter: PeakLimiter, seconds: number, signal: (n: number) => number, channels = 2) {
  const total = Math.round(RATE * seconds);
  const out: Float32Array[] = Array.from({ length: channels }, () => new Float32Array(total));
  for (let start = 0; start < total; start += QUANTUM) {
    const input = Array.from({ length: channels }, (_, c) => {
      const block = new Float32Array(QUANTUM);
      for (let i = 0; i < QUANTUM; i++) block[i] = signal(start + i) * (c === 0 ? 1 : 0.5);
      return block;
    });
    const output = Array.from({ length: channels }, () => new Float32Array(QUANTUM));
    limiter.process(input, output);
    for (let c = 0; c < channels; c++)
      out[c]!.set(output[c]!.subarray(0, Math.min(QUANTUM, total - start)), start);
  }
  return out;
}

const peakOf = (data: Float32Array, from = 0, to = data.length) => {
  let peak = 0;
  for (let i = from; i < to; i++) peak = Math.max(peak, Math.abs(data[i]!));
  return peak;
};

const sine = (amplitude: number, frequency: number) => (n: number) =>
  amplitude * Math.sin((2 * Math.PI * frequency * n) / RATE);

describe('PeakLimiter', () => {
  it('holds a +6 dBFS sine under the −1 dBFS ceiling, and close to it', () => {
    const [left] = limit(new PeakLimiter(RATE, OPTIONS), 1, sine(2, 1000));
    expect(peakOf(left!)).toBeLessThanOrEqual(CEILING * (1 + 1e-6));
    // Steady state: limited to the ceiling, not far below it (a limiter, not a mute).
    expect(peakOf(left!, RATE / 2)).toBeGreaterThan(CEILING * 0.97);
  });

  it('catches a sudden spike in quiet audio, with no overshoot', () => {
    const signal = (n: number) => (n === 20000 ? 4 : n % 7 === 0 ? 0.1 : 0);
    const [left] = limit(new PeakLimiter(RATE, OPTIONS), 1, signal);
    expect(peakOf(left!)).toBeLessThanOrEqual(CEILING * (1 + 1e-6));
    expect(peakOf(left!)).toBeGreaterThan(CEILING * 0.99);
  });

  it('passes audio under the ceiling unchanged, delayed by the look-ahead', () => {
    const limiter = new PeakLimiter(RATE, OPTIONS);
    const signal = sine(0.5, 440);
    const [left, right] = limit(limiter, 0.5, signal);
    const delay = limiter.latencySamples;
    expect(delay).toBe(240);
    for (let n = delay; n < left!.length; n += 97) {
      expect(left![n]).toBeCloseTo(signal(n - delay), 6);
      expect(right![n]).toBeCloseTo(signal(n - delay) * 0.5, 6);
    }
    expect(limiter.reductionDb).toBeCloseTo(0, 9);
  });

  it('limits all channels by the loudest one, keeping the stereo balance', () => {
    const [left, right] = limit(new PeakLimiter(RATE, OPTIONS), 0.5, sine(3, 500));
    expect(peakOf(left!, RATE / 4)).toBeCloseTo(CEILING, 2);
    expect(peakOf(right!, RATE / 4)).toBeCloseTo(CEILING / 2, 2);
  });

  it('releases back to unity after the loud part', () => {
    const limiter = new PeakLimiter(RATE, OPTIONS);
    limit(limiter, 0.5, sine(2, 1000));
    expect(limiter.reductionDb).toBeGreaterThan(6);
    limit(limiter, 1, sine(0.1, 1000));
    expect(limiter.reductionDb).toBeLessThan(0.01);
  });

  it('treats missing input channels as silence', () => {
    const limiter = new PeakLimiter(RATE, OPTIONS);
    const output = [new Float32Array(QUANTUM), new Float32Array(QUANTUM)];
    for (let q = 0; q < 4; q++) limiter.process([], output);
    expect(peakOf(output[0]!)).toBe(0);
    expect(peakOf(output[1]!)).toBe(0);
  });
});
