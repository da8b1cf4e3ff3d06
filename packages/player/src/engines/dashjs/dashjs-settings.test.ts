import { describe, expect, it } from 'vitest';
import { dashjsSettings } from './dashjs-settings';

describe('dashjsSettings', () => {
  it('holds LL-DASH at the latency mode’s target, overriding the ServiceDescription', () => {
    const delays = (['lowest', 'balanced', 'compatible'] as const).map(
      (mode) => dashjsSettings(mode, true).streaming?.delay?.liveDelay,
    );
    expect(delays).toEqual([1, 2.5, 4]);
    expect(dashjsSettings('lowest', true).streaming?.applyServiceDescription).toBe(true);
    expect(dashjsSettings('lowest', true).streaming?.liveCatchup?.maxDrift).toBe(2);
  });

  it('catches up by rate within +10 % / −5 % in every mode', () => {
    for (const lowLatency of [true, false]) {
      const catchup = dashjsSettings('balanced', lowLatency).streaming?.liveCatchup;
      expect(catchup?.enabled).toBe(true);
      expect(catchup?.playbackRate).toEqual({ min: -0.05, max: 0.1 });
    }
  });

  it('does not turn on a subtitle track by itself', () => {
    for (const lowLatency of [true, false]) {
      expect(dashjsSettings('lowest', lowLatency).streaming?.text?.defaultEnabled).toBe(false);
    }
  });

  it('leaves plain DASH’s delay to the MPD', () => {
    const streaming = dashjsSettings('lowest', false).streaming;
    expect(streaming?.delay?.liveDelay).toBeNaN();
    expect(streaming?.liveCatchup?.maxDrift).toBeNaN();
  });

  it('gives each attempt its own objects (dash.js keeps what it is given)', () => {
    const a = dashjsSettings('lowest', true).streaming?.liveCatchup?.playbackRate;
    const b = dashjsSettings('lowest', true).streaming?.liveCatchup?.playbackRate;
    expect(a).not.toBe(b);
  });
});
