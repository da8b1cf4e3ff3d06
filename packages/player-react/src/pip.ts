import type { Player as PlayerCore } from '@brume/player';
import type * as DocumentPopOut from './pop-out/player-pop-out';

/**
 * The pop-out button and the `i` key: the whole player (video, controls, captions, stats) moves into
 * a Document Picture-in-Picture window where the browser has one, the video element's own
 * Picture-in-Picture elsewhere. The Document PiP side (`pop-out/player-pop-out.ts`, which also keeps
 * track of which players are out) loads on the first press; `documentPictureInPicture` is looked up
 * by name so that `@brume/player/pop-out` stays out of the up-front bundle.
 */

/** Dispatched on the player's container when it moves into or out of a Document PiP window. */
const POP_OUT_CHANGE = 'brume-popoutchange';

let documentPopOut: typeof DocumentPopOut | undefined;

export function isInPip({ container, video }: PlayerCore): boolean {
  return !!documentPopOut?.isPoppedOut(container) || video.ownerDocument.pictureInPictureElement === video;
}

export function pipSupported(player: PlayerCore): boolean {
  const { video } = player;
  return (
    'documentPictureInPicture' in window ||
    isInPip(player) ||
    // `pictureInPictureEnabled` exists only where `requestPictureInPicture` does.
    (video.ownerDocument.pictureInPictureEnabled && !video.disablePictureInPicture)
  );
}

export async function togglePip(player: PlayerCore): Promise<void> {
  const { container, video } = player;
  try {
    if ('documentPictureInPicture' in window) {
      documentPopOut ??= await import('./pop-out/player-pop-out');
      await documentPopOut.togglePopOut(container, POP_OUT_CHANGE);
    } else if (isInPip(player)) await video.ownerDocument.exitPictureInPicture();
    else await video.requestPictureInPicture();
  } catch {
    // Refused (no user gesture, no video frame yet) or the pop-out code did not load: nothing
    // changes, and the button still shows the state the browser reports.
  }
}

export function onPipChange({ container, video }: PlayerCore, listener: () => void): () => void {
  const targets = [
    [container, POP_OUT_CHANGE],
    [video, 'enterpictureinpicture'],
    [video, 'leavepictureinpicture'],
  ] as const;
  for (const [target, type] of targets) target.addEventListener(type, listener);
  return () => {
    for (const [target, type] of targets) target.removeEventListener(type, listener);
  };
}
