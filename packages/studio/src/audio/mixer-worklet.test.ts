import { describe, expect, it } from 'vitest';
import { LIMITER_PROCESSOR, METER_PROCESSOR, mixerWorkletSource, type MeterMessage } from './mixer-worklet';

interface FakeProcessor {
  port: { messages: unknown[] };
  process(inputs: Float32Array[][], outputs: Float32Array[][]): boolean;
}
type ProcessorClass = new (options: { processorOptions?: unknown }) => FakeProcessor;

/**
 * Evaluates the generated module text against a fake AudioWorkletGlobalScope, as the browser would:
 * with nothing from this module's scope in reach. A processor that referred to an import would
 * throw here.
 */
function loadModule(sampleRate = 48000) {
  const processors = new Map<string, ProcessorClass>();
  const scope = {
    sampleRate,
    currentTime: 0,
    AudioWorkletProcessor: class {
      port = {
        messages: [] as unknown[],
        postMessage(message: unknown) {
          this.messages.push(message);
        },
      };
    },
    registerProcessor(name: string, processor: ProcessorClass) {
      processors.set(name, processor);
    },
  };
  new Function('globalThis', mixerWorkletSource())(scope);
  return { processors, scope };
}

describe('mixer worklet module', () => {
  it('registers the meter and limiter processors from its own source text', () => {
    const { processors } = loadModule();
    expect([...processors.keys()].sort()).toEqual([LIMITER_PROCESSOR, METER_PROCESSOR].sort());
  });

  it('meters 30 windows a second with the audio clock time', () => {
    const { processors, scope } = loadModule();
    const Meter = processors.get(METER_PROCESSOR)!;
    const meter = new Meter({ processorOptions: { windowSeconds: 1 / 30 } });
    const block = new Float32Array(128).map((_, i) => 0.25 * Math.sin(i / 3));
    for (let q = 0; q < 375; q++) {
      scope.currentTime = (q * 128) / 48000;
      expect(meter.process([[block, block]], [])).toBe(true);
    }
    const messages = meter.port.messages as MeterMessage[];
    expect(messages).toHaveLength(30);
    expect(messages[0]!.peak).toBeCloseTo(0.25, 2);
    expect(messages[29]!.time).toBeGreaterThan(0.95);
  });

  it('limits in place of the graph node', () => {
    const { processors } = loadModule();
    const Limiter = processors.get(LIMITER_PROCESSOR)!;
    const limiter = new Limiter({ processorOptions: { ceilingDb: -1, lookaheadMs: 5, releaseMs: 80 } });
    let peak = 0;
    for (let q = 0; q < 100; q++) {
      const input = new Float32Array(128).map((_, i) => 2 * Math.sin(((q * 128 + i) * 2 * Math.PI) / 48));
      const output = [new Float32Array(128)];
      limiter.process([[input]], [output]);
      for (const sample of output[0]!) peak = Math.max(peak, Math.abs(sample));
    }
    expect(peak).toBeGreaterThan(0.85);
    expect(peak).toBeLessThanOrEqual(10 ** (-1 / 20) + 1e-6);
  });
});
