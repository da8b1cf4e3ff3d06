import { lazy, Suspense } from 'react';
import { usePlayer } from '../player-context';
import { usePlayerState } from '../use-player-state';

const castUi = () => import('../cast/cast-ui');
const CastButton = lazy(() => castUi().then((m) => ({ default: m.CastButton })));
const CastOverlay = lazy(() => castUi().then((m) => ({ default: m.CastOverlay })));

/**
 * Where the cast button (`part="button"`) or the "Casting to …" overlay (`part="overlay"`) goes. Their
 * code loads only once the core reports a cast device (or a session), so the embed's up-front bundle
 * carries none of it.
 */
export function CastSlot({ part }: { part: 'button' | 'overlay' }) {
  const { player } = usePlayer();
  const cast = usePlayerState(player).cast;
  const session = cast?.session ?? 'none';
  if (part === 'button' ? !cast?.available && session === 'none' : session === 'none') return null;
  const Part = part === 'button' ? CastButton : CastOverlay;
  return (
    <Suspense fallback={null}>
      <Part />
    </Suspense>
  );
}
