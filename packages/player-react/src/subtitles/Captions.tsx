import { useEffect, useRef } from 'react';
import { usePlayer, useUi } from '../player-context';

/**
 * The host of the chosen subtitle metadata track's captions. The renderer and its styles are a
 * separate chunk, imported only once a viewer (or their remembered choice) turns such a track on:
 * the embed's up-front budget has no room for them.
 */
export function Captions() {
  const { player } = usePlayer();
  const track = useUi((s) => s.captionTrack);
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = host.current;
    if (track === undefined || !element) return;
    let renderer: { dispose(): void } | undefined;
    let gone = false;
    import('./caption-renderer').then(
      ({ CaptionRenderer }) => {
        if (!gone) renderer = new CaptionRenderer(element, player.metadata, track);
      },
      (cause: unknown) =>
        console.error('Brume player: the caption renderer failed to load; reload the page.', cause),
    );
    return () => {
      gone = true;
      renderer?.dispose();
    };
  }, [player, track]);
  return track === undefined ? null : <div ref={host} className="brume-captions" data-testid="captions" />;
}
