import type { MetadataEvent, MetadataTrack } from '@brume/protocol';

/** A metadata event as page code receives it, when its frame is on screen. */
export interface FiredMetadataEvent extends MetadataEvent {
  /** It became known only after its frame was shown (it arrived behind the playhead), so it fires late. */
  late: boolean;
}

export type MetadataCallback = (event: FiredMetadataEvent) => void;

/** `player.metadata`: timed metadata and subtitle events, delivered on the displayed frame. */
export interface PlayerMetadata {
  /** The stream's metadata and subtitle tracks (from its info, plus tracks first seen in events). */
  readonly tracks: readonly MetadataTrack[];
  /**
   * Calls `onEvent` for each event of `track` (or of every track with `'*'`) when the frame at its
   * time is displayed; `onExit` when an event with a `duration` ends, or playback leaves it (seek,
   * new source). Returns the unsubscribe function. A callback that throws is reported as a
   * `player/listener-threw` error and does not stop the others.
   */
  subscribe(track: string, onEvent: MetadataCallback, onExit?: (event: MetadataEvent) => void): () => void;
}
