import { describe, expect, it } from 'vitest';
import { hlsLiveConfig, liveSyncTargets, type PlaylistHoldBacks } from './live-sync';

/** What Brume's LL-HLS media playlists declare. */
const BRUME: PlaylistHoldBacks = { partHoldBack: 0.75, holdBack: 3, partTarget: 0.25, targetDuration: 1 };
/** A plain HLS playlist: 6-s segments, no parts, no HOLD-BACK. */
const PLAIN: PlaylistHoldBacks = { partHoldBack: 0, holdBack: 0, partTarget: 0, targetDuration: 6 };

describe('hlsLiveConfig', () => {
  it('loads parts and catches up except in compatible mode', () => {
    expect(hlsLiveConfig('lowest')).toEqual({ lowLatencyMode: true, maxLiveSyncPlaybackRate: 1.1 });
    expect(hlsLiveConfig('balanced')).toEqual({ lowLatencyMode: true, maxLiveSyncPlaybackRate: 1.05 });
    expect(hlsLiveConfig('compatible')).toEqual({ lowLatencyMode: false, maxLiveSyncPlaybackRate: 1 });
  });
});

describe('liveSyncTargets', () => {
  it('sits at PART-HOLD-BACK in lowest mode and seeks back past 2.5 s on Brume (before stalls)', () => {
    expect(liveSyncTargets('lowest', BRUME, true)).toEqual({ targetLatency: 0.75, seekBackSlack: 1.75 });
  });

  it('keeps three more parts in balanced mode', () => {
    expect(liveSyncTargets('balanced', BRUME, true)).toEqual({ targetLatency: 1.5, seekBackSlack: 3 });
  });

  it('never sits further back than the segment hold-back in balanced mode', () => {
    const coarseParts = { ...BRUME, partHoldBack: 2, partTarget: 1 };
    expect(liveSyncTargets('balanced', coarseParts, true).targetLatency).toBe(3);
  });

  it('uses the segment HOLD-BACK and never seeks back in compatible mode', () => {
    expect(liveSyncTargets('compatible', BRUME, false)).toEqual({
      targetLatency: 3,
      seekBackSlack: undefined,
    });
  });

  it('ignores parts hls.js does not load', () => {
    expect(liveSyncTargets('lowest', BRUME, false).targetLatency).toBe(3);
  });

  it('falls back to three target durations without hold-backs', () => {
    expect(liveSyncTargets('lowest', PLAIN, true)).toEqual({ targetLatency: 18, seekBackSlack: 1.75 });
    expect(liveSyncTargets('compatible', PLAIN, false).targetLatency).toBe(18);
  });
});
