import type { Player as PlayerCore } from '@brume/player';
import { documentPip } from '@brume/player/pop-out';

/**
 * The pop-out button and the `i` key: the whole player (video, controls, captions, stats) moves into
 * a Document Picture-in-Picture window where the browser has one, the video element's own
 * Picture-in-Picture elsewhere. The Document PiP code (`pop-out/player-pop-out.ts`) loads on first
 * use; this file only keeps track of which players are out.
 */

/** Players popped out into a Document PiP window, by core container, with how to bring them back. */
const poppedOut = new Map<HTMLElement, { close(): void }>();
/** Containers whose pop-out window is being requested (a second press must not open another). */
const opening = new Set<HTMLElement>();
const listeners = new Set<() => void>();

function notify(): void {
  for (const listener of [...listeners]) listener();
}

function documentPipIn(container: HTMLElement): boolean {
  const win = container.ownerDocument.defaultView;
  return win !== null && documentPip(win) !== undefined;
}

function elementPipSupported(video: HTMLVideoElement): boolean {
  return (
    video.ownerDocument.pictureInPictureEnabled === true &&
    !video.disablePictureInPicture &&
    typeof video.requestPictureInPicture === 'function'
  );
}

export function pipSupported(player: PlayerCore): boolean {
  return (
    poppedOut.has(player.container) || documentPipIn(player.container) || elementPipSupported(player.video)
  );
}

export function isInPip(player: PlayerCore): boolean {
  return (
    poppedOut.has(player.container) || player.video.ownerDocument.pictureInPictureElement === player.video
  );
}

export async function togglePip(player: PlayerCore): Promise<void> {
  const { container, video } = player;
  const current = poppedOut.get(container);
  if (current) return current.close();
  if (opening.has(container)) return;
  if (documentPipIn(container)) {
    opening.add(container);
    try {
      const { popOutPlayer } = await import('./pop-out/player-pop-out');
      const popOut = await popOutPlayer(container, () => {
        poppedOut.delete(container);
        notify();
      });
      poppedOut.set(container, popOut);
      notify();
    } catch {
      // Refused (no user gesture) or the chunk failed to load: the player stays in the page and the
      // button keeps showing "Pop out".
    } finally {
      opening.delete(container);
    }
    return;
  }
  if (!elementPipSupported(video)) return;
  try {
    if (isInPip(player)) await video.ownerDocument.exitPictureInPicture();
    else await video.requestPictureInPicture();
  } catch {
    // Refused (no user gesture, no video frame yet): nothing changes, and the button still shows
    // the state the browser reports.
  }
}

/** Brings a popped-out player back into the page (the player is going away). */
export function closePopOut(container: HTMLElement): void {
  poppedOut.get(container)?.close();
}

export function onPipChange(video: HTMLVideoElement, listener: () => void): () => void {
  listeners.add(listener);
  video.addEventListener('enterpictureinpicture', listener);
  video.addEventListener('leavepictureinpicture', listener);
  return () => {
    listeners.delete(listener);
    video.removeEventListener('enterpictureinpicture', listener);
    video.removeEventListener('leavepictureinpicture', listener);
  };
}
