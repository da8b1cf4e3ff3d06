import type { StreamList } from '@brume/protocol';
import { Emitter } from '../util/emitter';
import {
  Stream,
  type EndReason,
  type SourceBuilder,
  type StreamClockSource,
  type TimelineSource,
} from './stream';
import type { StreamState } from '@brume/protocol';

export interface StreamRegistryEvents {
  [event: string]: unknown[];
  change: [stream: Stream];
  state: [stream: Stream, previous: StreamState, reason?: EndReason];
}

/**
 * All streams by name. Names must already be validated. Streams that ended stay listed (state
 * `ended`) so players waiting on them see it, and come back to `starting` on the next publish.
 */
export class StreamRegistry {
  readonly events: Emitter<StreamRegistryEvents>;
  private readonly streams = new Map<string, Stream>();

  constructor(
    private readonly sources: SourceBuilder,
    private readonly onListenerError: (error: unknown) => void = () => {},
    private readonly timelineOf?: TimelineSource,
    private readonly clockOf?: StreamClockSource,
  ) {
    this.events = new Emitter(onListenerError);
  }

  get(name: string): Stream | undefined {
    return this.streams.get(name);
  }

  /** The stream of this name, created offline if it was never seen. */
  ensure(name: string): Stream {
    let stream = this.streams.get(name);
    if (!stream) {
      stream = new Stream(name, this.sources, this.onListenerError, undefined, this.timelineOf, this.clockOf);
      stream.events.on('change', (s) => this.events.emit('change', s));
      stream.events.on('state', (s, previous, reason) => this.events.emit('state', s, previous, reason));
      this.streams.set(name, stream);
    }
    return stream;
  }

  list(): Stream[] {
    return [...this.streams.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  toStreamList(): StreamList {
    return { streams: this.list().map((stream) => stream.summary()) };
  }

  dispose(): void {
    for (const stream of this.streams.values()) stream.dispose();
    this.streams.clear();
    this.events.removeAll();
  }
}
