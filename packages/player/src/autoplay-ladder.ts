import type { AutoplayState } from './player-state';

/** What the ladder needs of a media element. */
export interface Playable {
  muted: boolean;
  play(): Promise<void>;
}

/**
 * Starts playback as well as the browser allows: with sound, else muted (the UI then offers
 * "unmute"), else not at all (the UI shows a big play button). `startMuted` skips the first rung.
 * Errors other than the autoplay policy's `NotAllowedError` (an `AbortError` because a new source
 * replaced this one) are not a refusal: the ladder reports what it had reached.
 */
export async function climbAutoplay(media: Playable, startMuted: boolean): Promise<AutoplayState> {
  if (!startMuted) {
    media.muted = false;
    const outcome = await tryPlay(media);
    if (outcome !== 'refused') return outcome === 'played' ? 'unmuted' : 'pending';
  }
  media.muted = true;
  const outcome = await tryPlay(media);
  if (outcome === 'played') return 'muted';
  return outcome === 'refused' ? 'blocked' : 'pending';
}

async function tryPlay(media: Playable): Promise<'played' | 'refused' | 'interrupted'> {
  try {
    await media.play();
    return 'played';
  } catch (error) {
    return error instanceof Error && error.name === 'NotAllowedError' ? 'refused' : 'interrupted';
  }
}
