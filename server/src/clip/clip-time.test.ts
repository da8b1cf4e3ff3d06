import { describe, expect, it } from 'vitest';
import { ClipError } from './clip-error';
import { resolveClipRange } from './clip-range';
import { parseClipTime, toStreamMs } from './clip-time';

const timeline = { startUnixMs: 1_732_500_000_000, window: { firstMs: 10_000, lastMs: 70_000 } };

function errorOf(run: () => unknown): { code: string; message: string } {
  try {
    run();
  } catch (error) {
    if (error instanceof ClipError) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('did not throw');
}

describe('parseClipTime', () => {
  it('reads stream ms, unix ms, ISO 8601 with a zone, now and relative offsets', () => {
    expect(parseClipTime('1234', 'start')).toEqual({ kind: 'stream', ms: 1234 });
    expect(parseClipTime('1234.5', 'start')).toEqual({ kind: 'stream', ms: 1234.5 });
    expect(parseClipTime('unix:1732500000000', 'start')).toEqual({ kind: 'unix', ms: 1_732_500_000_000 });
    expect(parseClipTime('2024-11-25T02:00:00Z', 'start')).toEqual({
      kind: 'unix',
      ms: Date.UTC(2024, 10, 25, 2),
    });
    expect(parseClipTime('2024-11-25T03:00:00.250+01:00', 'start')).toEqual({
      kind: 'unix',
      ms: Date.UTC(2024, 10, 25, 2, 0, 0, 250),
    });
    expect(parseClipTime('now', 'end')).toEqual({ kind: 'live', offsetMs: 0 });
    expect(parseClipTime('-30s', 'start')).toEqual({ kind: 'live', offsetMs: -30_000 });
    expect(parseClipTime('now-2m', 'start')).toEqual({ kind: 'live', offsetMs: -120_000 });
    expect(parseClipTime('-1.5s', 'start')).toEqual({ kind: 'live', offsetMs: -1500 });
    expect(parseClipTime('-500ms', 'start')).toEqual({ kind: 'live', offsetMs: -500 });
    expect(parseClipTime('-1h', 'start')).toEqual({ kind: 'live', offsetMs: -3_600_000 });
  });

  it('refuses anything else with clip/invalid-range naming the parameter', () => {
    for (const bad of [
      '',
      'yesterday',
      '-30',
      '30s',
      '+30s',
      '-1d',
      '1e3',
      'unix:',
      'unix:-5',
      '2024-11-25T02:00:00',
      '2024-11-25',
      'NaN',
      '-s',
    ]) {
      const error = errorOf(() => parseClipTime(bad, 'start'));
      expect(error.code).toBe('clip/invalid-range');
      expect(error.message).toContain('start=');
    }
  });

  it('places each kind on the stream timeline', () => {
    expect(toStreamMs({ kind: 'stream', ms: 5 }, timeline)).toBe(5);
    expect(toStreamMs({ kind: 'unix', ms: timeline.startUnixMs + 42_000 }, timeline)).toBe(42_000);
    expect(toStreamMs({ kind: 'live', offsetMs: -4000 }, timeline)).toBe(66_000);
  });
});

describe('resolveClipRange', () => {
  it('resolves start and end, end defaulting to the live edge', () => {
    expect(resolveClipRange({ start: '-4s' }, timeline, 600_000)).toEqual({ startMs: 66_000, endMs: 70_000 });
    expect(resolveClipRange({ start: '20000', end: '-10s' }, timeline, 600_000)).toEqual({
      startMs: 20_000,
      endMs: 60_000,
    });
    expect(
      resolveClipRange({ start: `unix:${timeline.startUnixMs + 15_000}`, end: '25000' }, timeline, 600_000),
    ).toEqual({ startMs: 15_000, endMs: 25_000 });
  });

  it('takes an end a little past the live edge as the live edge', () => {
    const end = `unix:${timeline.startUnixMs + 70_600}`;
    expect(resolveClipRange({ start: '60000', end }, timeline, 600_000)).toEqual({
      startMs: 60_000,
      endMs: 70_000,
    });
  });

  it('answers each bad range with its code and reason', () => {
    expect(errorOf(() => resolveClipRange({}, timeline, 600_000))).toMatchObject({
      code: 'clip/invalid-range',
      message: expect.stringContaining('start is required') as string,
    });
    expect(
      errorOf(() => resolveClipRange({ start: '30000', end: '20000' }, timeline, 600_000)),
    ).toMatchObject({
      code: 'clip/invalid-range',
      message: expect.stringContaining('must be after start') as string,
    });
    expect(errorOf(() => resolveClipRange({ start: '-50s' }, timeline, 10_000))).toMatchObject({
      code: 'clip/too-long',
      message: expect.stringContaining('10000 ms') as string,
    });
    expect(errorOf(() => resolveClipRange({ start: '5000', end: '8000' }, timeline, 600_000))).toMatchObject({
      code: 'clip/out-of-window',
      message: expect.stringContaining('10000..70000') as string,
    });
    expect(errorOf(() => resolveClipRange({ start: '70000', end: '75000' }, timeline, 600_000)).code).toBe(
      'clip/out-of-window',
    );
    expect(errorOf(() => resolveClipRange({ start: '60000', end: '71500' }, timeline, 600_000)).code).toBe(
      'clip/out-of-window',
    );
  });
});
