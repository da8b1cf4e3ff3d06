import { describe, expect, it } from 'vitest';
import { MeterWindow, type MeterWindowReading } from './meter-window';

const QUANTUM = 128;

function sine(amplitude: number, frequency: number, sampleRate: number, start: number): Float32Array {
  const data = new Float32Array(QUANTUM);
  for (let i = 0; i < QUANTUM; i++)
    data[i] = amplitude * Math.sin((2 * Math.PI * frequency * (start + i)) / sampleRate);
  return data;
}

/** Feeds `quanta` quanta from `make(start)`; returns each completed window and after which quantum. */
function run(meter: MeterWindow, quanta: number, make: (start: number) => Float32Array[]) {
  const readings: { reading: MeterWindowReading; quantum: number }[] = [];
  for (let q = 0; q < quanta; q++) {
    const reading = meter.add(make(q * QUANTUM), QUANTUM);
    if (reading) readings.push({ reading, quantum: q });
  }
  return readings;
}

describe('MeterWindow', () => {
  it('measures a sine: peak = amplitude, RMS = amplitude / √2', () => {
    const readings = run(new MeterWindow(1600), 100, (start) => [sine(0.5, 1000, 48000, start)]);
    expect(readings.length).toBeGreaterThan(5);
    for (const { reading } of readings) {
      expect(reading.peak).toBeCloseTo(0.5, 2);
      expect(reading.rms).toBeCloseTo(0.5 / Math.SQRT2, 2);
    }
  });

  it('averages exactly 30 windows a second, fractional lengths included', () => {
    for (const rate of [48000, 44100]) {
      const quanta = Math.round((rate * 10) / QUANTUM);
      const readings = run(new MeterWindow(rate / 30), quanta, () => [new Float32Array(QUANTUM)]);
      expect(Math.abs(readings.length - 300)).toBeLessThanOrEqual(1);
    }
  });

  it('takes the peak over channels and the RMS of the loudest channel', () => {
    const left = new Float32Array(QUANTUM).fill(0.25);
    const right = new Float32Array(QUANTUM).fill(-0.75);
    const readings = run(new MeterWindow(QUANTUM * 2), 2, () => [left, right]);
    expect(readings).toHaveLength(1);
    expect(readings[0]!.reading.peak).toBe(0.75);
    expect(readings[0]!.reading.rms).toBeCloseTo(0.75, 6);
  });

  it('starts each window afresh', () => {
    const meter = new MeterWindow(QUANTUM);
    expect(meter.add([new Float32Array(QUANTUM).fill(0.9)], QUANTUM)?.peak).toBeCloseTo(0.9, 6);
    expect(meter.add([new Float32Array(QUANTUM).fill(0.1)], QUANTUM)?.peak).toBeCloseTo(0.1, 6);
  });

  it('reads an unconnected input (no channels) as silence', () => {
    const readings = run(new MeterWindow(QUANTUM * 4), 8, () => []);
    expect(readings.map((r) => r.reading)).toEqual([
      { peak: 0, rms: 0 },
      { peak: 0, rms: 0 },
    ]);
  });
});
