import { describe, expect, it } from 'vitest';
import { LiveCatchUp, MAX_RATE, MIN_RATE } from './live-catch-up';

function settled(): LiveCatchUp {
  const control = new LiveCatchUp();
  control.decide({ latency: 0.3, bufferAhead: 0.2, target: 0.3, nowMs: 0 });
  expect(control.isSettled).toBe(true);
  return control;
}

describe('LiveCatchUp', () => {
  it('plays at 1 on target', () => {
    expect(settled().decide({ latency: 0.32, bufferAhead: 0.2, target: 0.3, nowMs: 0 })).toEqual({
      kind: 'rate',
      rate: 1,
    });
  });

  it('speeds up in proportion to the distance, up to 1.1', () => {
    const control = settled();
    expect(control.decide({ latency: 0.5, bufferAhead: 0.4, target: 0.3, nowMs: 0 })).toEqual({
      kind: 'rate',
      rate: 1.05,
    });
    expect(control.decide({ latency: 2.3, bufferAhead: 2, target: 0.3, nowMs: 0 })).toEqual({
      kind: 'rate',
      rate: MAX_RATE,
    });
  });

  it('slows down when ahead of the target, down to 0.95', () => {
    const control = settled();
    expect(control.decide({ latency: 0.9, bufferAhead: 0.8, target: 1, nowMs: 0 })).toEqual({
      kind: 'rate',
      rate: 0.98,
    });
    expect(control.decide({ latency: 0.2, bufferAhead: 0.15, target: 1, nowMs: 0 })).toEqual({
      kind: 'rate',
      rate: MIN_RATE,
    });
  });

  it('slows down when the buffer is about to run dry, even when behind', () => {
    expect(settled().decide({ latency: 0.6, bufferAhead: 0.02, target: 0.3, nowMs: 0 })).toEqual({
      kind: 'rate',
      rate: MIN_RATE,
    });
  });

  it('jumps at start to the target, keeping half of it buffered', () => {
    const control = new LiveCatchUp();
    expect(control.decide({ latency: 1.2, bufferAhead: 1.1, target: 0.3, nowMs: 0 })).toEqual({
      kind: 'jump',
      by: expect.closeTo(0.9, 5),
    });
    expect(control.isSettled).toBe(false);
    expect(control.decide({ latency: 0.8, bufferAhead: 0.35, target: 0.3, nowMs: 0 })).toEqual({
      kind: 'jump',
      by: expect.closeTo(0.2, 5),
    });
    control.decide({ latency: 0.35, bufferAhead: 0.3, target: 0.3, nowMs: 0 });
    expect(control.isSettled).toBe(true);
  });

  it('uses the rate when the buffer does not allow a worthwhile jump', () => {
    const control = new LiveCatchUp();
    expect(control.decide({ latency: 1, bufferAhead: 0.2, target: 0.3, nowMs: 0 })).toEqual({
      kind: 'rate',
      rate: MAX_RATE,
    });
    expect(control.isSettled).toBe(false);
  });

  it('jumps when the rate has not closed the distance for 8 s', () => {
    const control = settled();
    const behind = (nowMs: number) => control.decide({ latency: 1.3, bufferAhead: 1.2, target: 0.3, nowMs });
    expect(behind(1_000)).toEqual({ kind: 'rate', rate: MAX_RATE });
    expect(behind(8_900).kind).toBe('rate');
    expect(behind(9_000)).toEqual({ kind: 'jump', by: expect.closeTo(1, 5) });
    // A break in the distance starts the count again.
    expect(behind(9_200).kind).toBe('rate');
    control.decide({ latency: 0.3, bufferAhead: 0.2, target: 0.3, nowMs: 10_000 });
    expect(behind(17_000).kind).toBe('rate');
  });

  it('once settled, jumps only when more than 3 s behind', () => {
    const control = settled();
    expect(control.decide({ latency: 2.5, bufferAhead: 2.4, target: 0.3, nowMs: 0 }).kind).toBe('rate');
    expect(control.decide({ latency: 3.5, bufferAhead: 3.4, target: 0.3, nowMs: 0 })).toEqual({
      kind: 'jump',
      by: expect.closeTo(3.2, 5),
    });
    control.reset();
    expect(control.decide({ latency: 1, bufferAhead: 0.9, target: 0.3, nowMs: 0 }).kind).toBe('jump');
  });
});
