import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { HttpError } from './errors';
import { refuseUpgrade } from '../limits/refuse-upgrade';

const claimed = new WeakSet<IncomingMessage>();

/** A WebSocket endpoint says the upgrade is its own (its path matched). */
export function claimUpgrade(request: IncomingMessage): void {
  claimed.add(request);
}

/**
 * The last `upgrade` listener: an upgrade no endpoint claimed (`/ws/`, `/api/streams/a/b/ws`)
 * is answered 404 instead of leaving the connection open forever. Attach after every endpoint.
 */
export function attachUpgradeFallback(server: Server): () => void {
  const onUpgrade = (request: IncomingMessage, socket: Duplex) => {
    if (claimed.has(request)) return;
    refuseUpgrade(socket, HttpError.notFound('GET', request.url ?? ''));
  };
  server.on('upgrade', onUpgrade);
  return () => server.off('upgrade', onUpgrade);
}

/** A path segment, percent-decoded; left as is when its encoding is broken (no valid name has `%`). */
export function decodePathSegment(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
