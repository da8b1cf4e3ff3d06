import type { Player as PlayerCore, PlayerState } from '@brume/player';
import { useEffect } from 'react';
import { usePlayer } from '../player-context';

/**
 * Fills the `[data-cast]` slots of the skin (the control bar's button, the overlay) once the core
 * reports a cast device or a session. The UI is plain DOM in a lazy chunk: a React chunk would split
 * Preact out of the embed's up-front bundle, which has no room for it.
 */
export function useCastUi(player: PlayerCore, cast: PlayerState['cast']): void {
  const { strings } = usePlayer();
  const wanted = cast !== undefined && (cast.available || cast.session !== 'none');
  useEffect(() => {
    if (!wanted) return;
    const mounted = import('./cast-ui').then((m) => m.mountCastUi(player, strings));
    return () => void mounted.then((unmount) => unmount());
  }, [wanted, player, strings]);
}
