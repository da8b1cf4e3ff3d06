import type { PlayerState } from '@brume/player';
import { DEFAULT_STRINGS, type PlayerStrings } from './strings';

/**
 * The words the status line shows (and screen readers hear) for each status; e2e tests match the
 * English ones. A playing Brume stream says `Live`; a finished one says `Stream ended`.
 */
export function statusText(
  state: Pick<PlayerState, 'status' | 'error' | 'live' | 'stream'> | undefined,
  strings: PlayerStrings = DEFAULT_STRINGS,
): string {
  switch (state?.status ?? 'idle') {
    case 'idle':
      return strings.idle;
    case 'waiting':
      return strings.waiting;
    case 'connecting':
      return strings.connecting;
    case 'playing':
      return state?.live ? strings.live : strings.playing;
    case 'reconnecting':
      return strings.reconnecting;
    case 'ended':
      return state?.stream !== undefined ? strings.streamEnded : strings.ended;
    case 'error':
      return strings.error(state?.error?.message ?? 'unknown');
  }
}
