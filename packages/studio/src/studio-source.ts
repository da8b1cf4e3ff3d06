import type { ErrorEvents } from './emitter';
import type { Listener } from './emitter';

export type SourceKind = 'camera' | 'pattern';

export interface StudioSourceEvents extends ErrorEvents {
  /** A track ended by itself (device unplugged, permission revoked); the source is unusable. */
  ended: { kind: 'audio' | 'video' };
}

/**
 * Something that produces the one audio + one video track the studio publishes. The source owns its
 * tracks: the publisher only sends them, and only `dispose()` stops them. A later issue puts a
 * compositor between sources and the publisher; it will consume this same shape.
 */
export interface StudioSource {
  readonly kind: SourceKind;
  /** The tracks, in one stream (what a preview `<video>` and the publisher both take). */
  readonly stream: MediaStream;
  /** The frame rate the source aims for: the reference for the fps health colours. */
  readonly frameRate: number;
  on<K extends keyof StudioSourceEvents>(type: K, listener: Listener<StudioSourceEvents[K]>): () => void;
  /** Stops the tracks and releases timers, workers and audio contexts. Safe to call twice. */
  dispose(): void;
}
