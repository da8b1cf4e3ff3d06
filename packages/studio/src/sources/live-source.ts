import type { Visual } from '../compositor/visual';
import { Emitter, type ErrorEvents, type Listener } from '../emitter';
import type { SourceEntry, SourceKind, SourceSpec } from '../scene/scene-types';
import { StudioError } from '../studio-error';
import { Teardown } from '../teardown';

/**
 * `live`: the source delivers what it has. `waiting`: it has nothing yet and is trying again by
 * itself (a guest whose stream is not live, or dropped); `change` fires when that changes.
 */
export type LiveSourceState = 'live' | 'waiting';

export interface LiveSourceEvents extends ErrorEvents {
  /** `visual`, `audio`, `aspect` or `state` changed: read them again. */
  change: LiveSource;
  /**
   * A track ended by itself (device unplugged, screen sharing stopped from the browser's bar, a
   * video that does not loop reached its end): the source shows no more frames until reopened.
   */
  ended: { reason: string };
}

/**
 * One `SourceEntry` of the scene collection, realised: what the compositor draws (`visual`) and
 * what the mixer hears (`audio`). The source owns every track, element and context it opened and
 * stops them in `dispose()`. Bitmap visuals are handed over: the compositor owns (and closes) them.
 */
export interface LiveSource {
  readonly id: string;
  readonly kind: SourceKind;
  /** The spec this source currently realises (the last one `update` applied). */
  readonly spec: SourceSpec;
  readonly visual: Visual | undefined;
  readonly audio: MediaStreamTrack | undefined;
  /** Width / height of the picture, when known: the default box of a new layer keeps it. */
  readonly aspect: number | undefined;
  readonly state: LiveSourceState;
  /**
   * Applies a changed spec of the same kind in place (new text → new bitmap, new device → reopen,
   * new microphone processing → applyConstraints) and emits `change`. Updates run one at a time,
   * in call order. Rejects with a StudioError, leaving the source as it was.
   */
  update(spec: SourceSpec): Promise<void>;
  /**
   * Sources drawn for the output's size (text) redraw for a new output height; absent where the
   * picture does not depend on it. Queued with `update`.
   */
  setOutputHeight?(height: number): Promise<void>;
  on<K extends keyof LiveSourceEvents>(type: K, listener: Listener<LiveSourceEvents[K]>): () => void;
  /** Stops what the source opened and removes all listeners. Safe to call twice. */
  dispose(): void;
}

interface Output {
  visual: Visual | undefined;
  audio: MediaStreamTrack | undefined;
  aspect: number | undefined;
  state: LiveSourceState;
}

/** What a kind of source sets when it (re)opens; omitted fields keep their value. */
export type LiveOutput = Partial<Output>;

/**
 * The shared mechanics of every kind: events, the update queue, the teardown, and tracks watched
 * for ending by themselves. A kind implements `apply` (and registers its own cleanup).
 */
export abstract class LiveSourceBase<S extends SourceSpec> implements LiveSource {
  readonly id: string;
  readonly kind: S['kind'];
  protected readonly events = new Emitter<LiveSourceEvents>();
  protected readonly teardown = new Teardown();
  private current: S;
  private output: Output = {
    visual: undefined,
    audio: undefined,
    aspect: undefined,
    state: 'live',
  };
  private queue: Promise<unknown> = Promise.resolve();
  private isDisposed = false;

  protected constructor(entry: SourceEntry & { spec: S }) {
    this.id = entry.id;
    this.kind = entry.spec.kind;
    this.current = entry.spec;
  }

  get spec(): S {
    return this.current;
  }

  get visual(): Visual | undefined {
    return this.output.visual;
  }

  get audio(): MediaStreamTrack | undefined {
    return this.output.audio;
  }

  get aspect(): number | undefined {
    return this.output.aspect;
  }

  get state(): LiveSourceState {
    return this.output.state;
  }

  protected get disposed(): boolean {
    return this.isDisposed;
  }

  on<K extends keyof LiveSourceEvents>(type: K, listener: Listener<LiveSourceEvents[K]>): () => void {
    return this.events.on(type, listener);
  }

  update(spec: SourceSpec): Promise<void> {
    if (spec.kind !== this.kind)
      return Promise.reject(
        StudioError.invalidSource(
          `A ${this.kind} source cannot become a ${spec.kind} source: open a new source instead.`,
        ),
      );
    const next = spec as S;
    const run = this.queue.then(async () => {
      if (this.isDisposed) return;
      await this.apply(next, this.current);
      if (!this.isDisposed) this.current = next;
    });
    // A failed update must not block the ones queued after it.
    this.queue = run.catch(() => undefined);
    return run;
  }

  dispose(): void {
    if (this.isDisposed) return;
    this.isDisposed = true;
    this.teardown.run();
    this.output = { visual: undefined, audio: undefined, aspect: undefined, state: this.output.state };
    this.events.clear();
  }

  /** Realises `next` (the source currently realises `previous`); called one at a time. */
  protected abstract apply(next: S, previous: S): Promise<void>;

  /** Sets what changed and emits `change` once. */
  protected publish(output: LiveOutput): void {
    if (this.isDisposed) return;
    this.output = { ...this.output, ...output };
    this.events.emit('change', this);
  }

  /**
   * Owns `tracks` from now on: `ended` when one ends by itself. Returns the release that stops them
   * and forgets them (for a reopen); dispose() releases whatever is still held.
   */
  protected hold(tracks: readonly MediaStreamTrack[], reason: string): () => void {
    const own = new Teardown();
    for (const track of tracks) {
      own.add(() => track.stop());
      own.listen(track, 'ended', () => this.events.emit('ended', { reason }));
    }
    let released = false;
    const release = (): void => {
      if (released) return;
      released = true;
      own.run();
    };
    this.teardown.add(release);
    return release;
  }
}
