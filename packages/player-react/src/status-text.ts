import type { PlayerState } from '@brume/player';

/** The words the state line shows for each status (e2e tests match these). */
export function statusText(state: Pick<PlayerState, 'status' | 'error'> | undefined): string {
  switch (state?.status ?? 'idle') {
    case 'idle':
      return 'Idle';
    case 'waiting':
      return 'Waiting for stream…';
    case 'connecting':
      return 'Connecting…';
    case 'live':
      return 'Live';
    case 'reconnecting':
      return 'Reconnecting…';
    case 'ended':
      return 'Stream ended';
    case 'error':
      return `Error: ${state?.error?.message ?? 'unknown'}`;
  }
}
