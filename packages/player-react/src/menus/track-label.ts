import type { MediaTrackOption } from '@brume/player';

/** An audio or subtitle track's name: its label, else its language, else its id. */
export function trackLabel(track: MediaTrackOption): string {
  return track.label || track.language || track.id;
}
