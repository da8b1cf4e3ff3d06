import { Emitter as BaseEmitter, reportListenerError } from '@brume/protocol';
import { StudioError } from './studio-error';

export type { Listener } from '@brume/protocol';

/** Every studio emitter can report errors; listeners that throw are reported there too. */
export interface ErrorEvents {
  error: StudioError;
}

/**
 * The studio's emitters: a listener that throws becomes an `error` event instead of breaking the
 * emitter (and the other listeners); a throwing `error` listener goes to the host's `reportError`,
 * so it is still seen.
 */
export class Emitter<Events extends ErrorEvents> extends BaseEmitter<Events> {
  protected override listenerFailed(error: unknown, type: keyof Events): void {
    if (type === 'error') reportListenerError(error);
    else this.emit('error', StudioError.listenerFailed(String(type), error));
  }
}
