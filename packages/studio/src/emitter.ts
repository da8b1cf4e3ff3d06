import { StudioError } from './studio-error';

export type Listener<T> = (payload: T) => void;

/** Every studio emitter can report errors; listeners that throw are reported there too. */
export interface ErrorEvents {
  error: StudioError;
}

/**
 * A small typed event emitter. A listener that throws becomes an `error` event instead of breaking
 * the emitter (and the other listeners); a throwing `error` listener is handed to the host's
 * `reportError` so it is still seen.
 */
export class Emitter<Events extends ErrorEvents> {
  private readonly listeners = new Map<keyof Events, Set<Listener<never>>>();

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
    if (!set) return;
    for (const listener of [...set]) {
      try {
        (listener as Listener<Events[K]>)(payload);
      } catch (error) {
        if (type === 'error') report(error);
        else this.emit('error', StudioError.listenerFailed(String(type), error));
      }
    }
  }

  /** Removes every listener (part of the owner's dispose()). */
  clear(): void {
    this.listeners.clear();
  }
}

function report(error: unknown): void {
  if (typeof globalThis.reportError === 'function') globalThis.reportError(error);
  else console.error(error);
}
