import { describe, expect, it } from 'vitest';
import { shakaConfig } from './shaka-config';

describe('shakaConfig', () => {
  it('puts the latency mode’s target into the presentation delay of low-latency sources', () => {
    const delays = (['lowest', 'balanced', 'compatible'] as const).map(
      (mode) => shakaConfig(mode, true).manifest.defaultPresentationDelay,
    );
    expect(delays).toEqual([1.5, 2.5, 4]);
    const lowest = shakaConfig('lowest', true);
    expect(lowest.manifest.dash.ignoreSuggestedPresentationDelay).toBe(true);
    expect(lowest.streaming.lowLatencyMode).toBe(true);
    expect(lowest.streaming.liveSync).toMatchObject({ enabled: true, targetLatency: 0 });
  });

  it('leaves plain HLS/DASH at the manifest’s delay, without low-latency fetching', () => {
    const plain = shakaConfig('lowest', false);
    expect(plain.manifest).toEqual({
      defaultPresentationDelay: 0,
      dash: { ignoreSuggestedPresentationDelay: false },
    });
    expect(plain.streaming.lowLatencyMode).toBe(false);
  });

  it('dispatches every emsg: LL-HLS cannot declare the metadata scheme as an MPD does', () => {
    expect(shakaConfig('lowest', true).mediaSource.dispatchAllEmsgBoxes).toBe(true);
    expect(shakaConfig('compatible', false).mediaSource.dispatchAllEmsgBoxes).toBe(true);
  });

  it('catches up within 0.95–1.1× in every mode', () => {
    for (const mode of ['lowest', 'balanced', 'compatible'] as const) {
      for (const lowLatency of [true, false]) {
        const { liveSync } = shakaConfig(mode, lowLatency).streaming;
        expect(liveSync.minPlaybackRate).toBe(0.95);
        expect(liveSync.maxPlaybackRate).toBe(1.1);
        expect(liveSync.enabled).toBe(true);
      }
    }
  });
});
