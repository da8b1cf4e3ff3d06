import { describe, expect, it } from 'vitest';
import type { AccessUnit, TrackConfig } from '../media/access-unit';
import { cutClip } from './clip-cut';

function config(tag: number): TrackConfig {
  return {
    kind: 'video',
    timescale: 90000,
    codec: 'avc1.42e01f',
    width: 320,
    height: 180,
    sps: Uint8Array.of(tag),
    pps: Uint8Array.of(tag),
    avcC: Uint8Array.of(1, tag),
  };
}

/** A picture every 100 ms, keyframe every second; audio every 20 ms arriving just after each picture. */
function stream(fromMs: number, toMs: number, configs: Record<number, TrackConfig> = {}): AccessUnit[] {
  const units: AccessUnit[] = [];
  for (let ms = fromMs; ms < toMs; ms += 100) {
    const video: AccessUnit = {
      kind: 'video',
      dts: ms * 90,
      cts: 0,
      duration: 9000,
      keyframe: ms % 1000 === 0,
      data: Uint8Array.of(1),
      streamMs: ms,
    };
    const change = configs[ms];
    units.push(change ? { ...video, config: change } : video);
    // Audio of the 100 ms before this picture arrives after it (jitter buffers differ).
    for (let a = ms - 100; a < ms; a += 20) {
      if (a >= fromMs)
        units.push({
          kind: 'audio',
          dts: a * 48,
          cts: 0,
          duration: 960,
          keyframe: true,
          data: Uint8Array.of(2),
          streamMs: a,
        });
    }
  }
  return units;
}

const times = (units: readonly AccessUnit[], kind: AccessUnit['kind']) =>
  units.filter((unit) => unit.kind === kind).map((unit) => unit.streamMs);

describe('cutClip', () => {
  it('starts at the keyframe at or before the start and stops before the end, with audio from that keyframe on', () => {
    const cut = cutClip(stream(0, 6000, { 0: config(1) }), { startMs: 2500, endMs: 4300 })!;
    expect(cut.startMs).toBe(2000);
    expect(cut.endMs).toBe(4300);
    expect(cut.truncated).toBe(false);
    expect(cut.video).toEqual(config(1));
    const video = times(cut.units, 'video');
    expect(video[0]).toBe(2000);
    expect(cut.units[0]).toMatchObject({ kind: 'video', keyframe: true });
    expect(video.at(-1)).toBe(4200);
    const audio = times(cut.units, 'audio');
    expect(audio[0]).toBe(2000);
    // Audio that arrived after the last picture but belongs before the end is kept.
    expect(audio.at(-1)).toBe(4280);
  });

  it('starts exactly on a keyframe asked for', () => {
    const cut = cutClip(stream(0, 4000, { 0: config(1) }), { startMs: 3000, endMs: 3500 })!;
    expect(cut.startMs).toBe(3000);
    expect(times(cut.units, 'video')).toEqual([3000, 3100, 3200, 3300, 3400]);
  });

  it('uses the configuration in effect at the keyframe, or the fallback when none came', () => {
    const changed = stream(0, 6000, { 0: config(1), 3000: config(2) });
    expect(cutClip(changed, { startMs: 1200, endMs: 2000 })?.video).toEqual(config(1));
    expect(cutClip(changed, { startMs: 3200, endMs: 4000 })?.video).toEqual(config(2));
    expect(cutClip(stream(0, 3000), { startMs: 1200, endMs: 2000 }, config(7))?.video).toEqual(config(7));
    expect(cutClip(stream(0, 3000), { startMs: 1200, endMs: 2000 })).toBeUndefined();
  });

  it('ends the clip at a video configuration change', () => {
    const cut = cutClip(stream(0, 6000, { 0: config(1), 3000: config(2) }), { startMs: 1500, endMs: 5000 })!;
    expect(cut.truncated).toBe(true);
    expect(cut.endMs).toBe(3000);
    expect(times(cut.units, 'video').at(-1)).toBe(2900);
    // The same configuration announced again is no change.
    const same = cutClip(stream(0, 6000, { 0: config(1), 3000: config(1) }), { startMs: 1500, endMs: 5000 })!;
    expect(same.truncated).toBe(false);
    expect(times(same.units, 'video').at(-1)).toBe(4900);
  });

  it('finds nothing when no keyframe is at or before the start', () => {
    expect(cutClip(stream(500, 3000, { 500: config(1) }), { startMs: 800, endMs: 2000 })).toBeUndefined();
  });
});
