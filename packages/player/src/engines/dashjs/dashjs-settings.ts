import type { MediaPlayerSettingClass } from 'dashjs';
import type { LatencyMode } from '../types';

/** Where dash.js holds an LL-DASH stream behind the live edge, and when it stops catching up by rate. */
export interface DashjsLiveTarget {
  /** `streaming.delay.liveDelay`, seconds behind the live edge. */
  liveDelay: number;
  /** `streaming.liveCatchup.maxDrift`: seconds past `liveDelay` beyond which dash.js seeks to live. */
  maxDrift: number;
}

/**
 * Targets for Brume's LL-DASH (1-s segments in 250-ms chunks, `availabilityTimeOffset` 0.75: a
 * segment is announced once its first chunk exists). 1.0 s is about one chunk in flight plus one
 * buffered; measured in e2e it plays without stalls and saves ~0.4 s glass-to-glass over the MPD's
 * own 1.5-s target. At +10 % a drift of 2 s takes 20 s to win back by rate: past that, a seek.
 */
export const LL_DASH_TARGETS: Readonly<Record<LatencyMode, DashjsLiveTarget>> = {
  lowest: { liveDelay: 1.0, maxDrift: 2 },
  balanced: { liveDelay: 2.5, maxDrift: 3 },
  compatible: { liveDelay: 4, maxDrift: 4 },
};

/**
 * Catch-up playback rates as dash.js 5 takes them: offsets from 1 (+10 % to catch up, −5 % to
 * fall back), gentle enough that nobody hears the pitch change.
 */
export const CATCHUP_RATE = { min: -0.05, max: 0.1 } as const;

/**
 * dash.js 5 settings for one attempt. dash.js 5 has no low-latency switch any more (4.x's
 * `lowLatencyEnabled` is gone): it turns low-latency mode on by itself when a representation says
 * `availabilityTimeComplete="false"` (chunked CMAF, which Brume's MPD does), and then fetches
 * segments progressively. What we set is where to sit and how to get there.
 *
 * `lowLatency` (the source is LL-DASH): the viewer's latency mode overrides the MPD's
 * ServiceDescription target (Brume writes 1.5 s). dash.js always prefers a `liveDelay` set in its
 * settings over the ServiceDescription's, so `applyServiceDescription` stays on: it still carries
 * what we do not set (operating bandwidth, content steering of other servers' MPDs). For plain
 * DASH the MPD decides the delay (ServiceDescription, `suggestedPresentationDelay`, or dash.js's
 * four segment durations): a fixed target could sit inside a segment that does not exist yet.
 */
export function dashjsSettings(latency: LatencyMode, lowLatency: boolean): MediaPlayerSettingClass {
  const target = lowLatency ? LL_DASH_TARGETS[latency] : undefined;
  return {
    streaming: {
      applyServiceDescription: true,
      delay: { liveDelay: target?.liveDelay ?? NaN },
      liveCatchup: {
        enabled: true,
        maxDrift: target?.maxDrift ?? NaN,
        playbackRate: { ...CATCHUP_RATE },
      },
      // dash.js would show the MPD's first subtitle track by itself. The core shows subtitles from
      // the metadata events (carried in the video's `emsg`), so dash.js's copy stays off unless the
      // viewer picks it (`setTextTrack`).
      text: { defaultEnabled: false },
    },
  };
}
