import type { PlayerState } from '@brume/player';
import { formatBehindLive, formatTime } from './format-time';
import { secondsBehindLive } from './seek-bar-math';

/**
 * The control bar's clock: `1:23 / 4:56` for VoD (`1:23` while the duration is unknown), `-0:12`
 * behind live, and nothing at the live edge, where the LIVE badge says it all.
 */
export function timeDisplayText(
  state: Pick<PlayerState, 'live' | 'atLiveEdge' | 'currentTime' | 'duration' | 'seekable' | 'liveLatency'>,
): string | undefined {
  if (state.live) {
    const behind = secondsBehindLive(state);
    // Under a second behind reads as "-0:00": that is live, whatever the engine's estimate says.
    return state.atLiveEdge || behind < 1 ? undefined : formatBehindLive(behind);
  }
  const current = formatTime(state.currentTime);
  return Number.isFinite(state.duration) && state.duration > 0
    ? `${current} / ${formatTime(state.duration)}`
    : current;
}
