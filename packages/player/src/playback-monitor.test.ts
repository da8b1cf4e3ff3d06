import { describe, expect, it } from 'vitest';
import { PlaybackMonitor } from './playback-monitor';

function feed(monitor: PlaybackMonitor, steps: { advance: number; idle?: boolean }[], every = 500): string[] {
  let at = 0;
  let time = 0;
  const verdicts: string[] = [monitor.add({ at, currentTime: time, idle: false })];
  for (const step of steps) {
    at += every;
    time += step.advance;
    verdicts.push(monitor.add({ at, currentTime: time, idle: step.idle ?? false }));
  }
  return verdicts;
}

describe('PlaybackMonitor', () => {
  const options = { windowMs: 4000, maxStallRatio: 0.5 };

  it('stays ok while media time advances', () => {
    const monitor = new PlaybackMonitor(options);
    const verdicts = feed(
      monitor,
      Array.from({ length: 20 }, () => ({ advance: 0.5 })),
    );
    expect(verdicts.every((v) => v === 'ok')).toBe(true);
    expect(monitor.stallRatio()).toBe(0);
  });

  it('says poor when playback stalls most of a full window', () => {
    const monitor = new PlaybackMonitor(options);
    // 1 s playing, then stuck: poor only once the window (4 s) is covered and > 50 % stalled.
    const verdicts = feed(monitor, [
      { advance: 0.5 },
      { advance: 0.5 },
      ...Array.from({ length: 10 }, () => ({ advance: 0 })),
    ]);
    expect(verdicts.slice(0, 8).every((v) => v === 'ok')).toBe(true);
    expect(verdicts.at(-1)).toBe('poor');
  });

  it('tolerates short rebuffering', () => {
    const monitor = new PlaybackMonitor(options);
    const steps = Array.from({ length: 24 }, (_, i) => ({ advance: i % 4 === 0 ? 0 : 0.5 }));
    expect(feed(monitor, steps).every((v) => v === 'ok')).toBe(true);
    expect(monitor.stallRatio()).toBeCloseTo(0.25, 1);
  });

  it('does not count paused or seeking time as stalled', () => {
    const monitor = new PlaybackMonitor(options);
    const verdicts = feed(
      monitor,
      Array.from({ length: 20 }, () => ({ advance: 0, idle: true })),
    );
    expect(verdicts.every((v) => v === 'ok')).toBe(true);
  });
});
