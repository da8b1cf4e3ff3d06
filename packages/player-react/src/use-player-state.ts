import type { Player as PlayerCore, PlayerState } from '@brume/player';
import { useCallback, useSyncExternalStore } from 'react';

const noop = (): void => {};

/** The core's state, re-rendering on every change; `undefined` while there is no core. */
export function usePlayerState(player: PlayerCore): Readonly<PlayerState>;
export function usePlayerState(player: PlayerCore | undefined): Readonly<PlayerState> | undefined;
export function usePlayerState(player: PlayerCore | undefined): Readonly<PlayerState> | undefined {
  const subscribe = useCallback(
    (onChange: () => void) => (player ? player.subscribe(onChange) : noop),
    [player],
  );
  const snapshot = useCallback(() => player?.getState(), [player]);
  return useSyncExternalStore(subscribe, snapshot, snapshot);
}
