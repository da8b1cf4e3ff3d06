/** A listener for one event of a typed event map. */
export type Listener<T> = (payload: T) => void;

/**
 * A typed event emitter (one payload per event) shared by the browser packages. A listener that
 * throws must not break the emitter or the other listeners (a page's bug is not the player's crash),
 * so the exception is handed to `onListenerError`, or to `listenerFailed` in a subclass.
 */
export class Emitter<Events extends object> {
  private readonly listeners = new Map<keyof Events, Set<Listener<never>>>();

  constructor(private readonly onListenerError?: (error: unknown, type: keyof Events) => void) {}

  /** Adds a listener; returns the function that removes it. */
  on<K extends keyof Events>(type: K, listener: Listener<Events[K]>): () => void {
    let set = this.listeners.get(type);
    if (!set) {
      set = new Set();
      this.listeners.set(type, set);
    }
    set.add(listener as Listener<never>);
    return () => this.off(type, listener);
  }

  off<K extends keyof Events>(type: K, listener: Listener<Events[K]>): void {
    this.listeners.get(type)?.delete(listener as Listener<never>);
  }

  emit<K extends keyof Events>(type: K, payload: Events[K]): void {
    const set = this.listeners.get(type);
    if (!set?.size) return;
    // Copy: a listener may remove itself (or others) while we iterate.
    for (const listener of [...set]) {
      try {
        (listener as Listener<Events[K]>)(payload);
      } catch (error) {
        this.listenerFailed(error, type);
      }
    }
  }

  hasListeners(type: keyof Events): boolean {
    return (this.listeners.get(type)?.size ?? 0) > 0;
  }

  /** Removes every listener (part of the owner's dispose()). */
  clear(): void {
    this.listeners.clear();
  }

  protected listenerFailed(error: unknown, type: keyof Events): void {
    if (this.onListenerError) this.onListenerError(error, type);
    else reportListenerError(error);
  }
}

/** Hands an error to the host's global error reporting (the console when there is none). */
export function reportListenerError(error: unknown): void {
  // Typed by hand: this package sees neither DOM nor Node types, but both hosts have these.
  const host = globalThis as {
    reportError?: (error: unknown) => void;
    console?: { error(...data: unknown[]): void };
  };
  if (typeof host.reportError === 'function') host.reportError(error);
  else host.console?.error(error);
}
