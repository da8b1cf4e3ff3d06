/**
 * A framework-neutral store in the media-chrome style: immutable snapshots, `subscribe` for change
 * notification. `getState()` returns the same object until something changes, which is what React's
 * `useSyncExternalStore` needs to avoid re-render loops.
 */
export class Store<S extends object> {
  private state: Readonly<S>;
  private readonly listeners = new Set<() => void>();

  constructor(
    initial: S,
    private readonly onListenerError: (error: unknown) => void,
  ) {
    this.state = Object.freeze({ ...initial });
  }

  getState = (): Readonly<S> => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  /** Commits a change; returns the previous snapshot, or undefined when nothing changed. */
  update(patch: Partial<S>): Readonly<S> | undefined {
    const previous = this.state;
    let changed = false;
    for (const key of Object.keys(patch) as (keyof S)[]) {
      if (!Object.is(previous[key], patch[key])) {
        changed = true;
        break;
      }
    }
    if (!changed) return undefined;
    this.state = Object.freeze({ ...previous, ...patch });
    for (const listener of [...this.listeners]) {
      try {
        listener();
      } catch (error) {
        this.onListenerError(error);
      }
    }
    return previous;
  }

  clear(): void {
    this.listeners.clear();
  }
}
