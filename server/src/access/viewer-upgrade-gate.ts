import type { IncomingMessage } from 'node:http';
import { presentedToken } from './viewer-credentials';
import type { ViewerGate } from './viewer-gate';

/**
 * Admits a WebSocket viewer of `stream` before the upgrade completes: undefined when the stream
 * asks for nothing (no promise, no delay), else a promise that rejects with the refusal to answer
 * the upgrade with (401/403 and the JSON error body, no WebSocket).
 */
export type UpgradeViewerCheck = (request: IncomingMessage, stream: string) => Promise<void> | undefined;

/** `gate` for `/ws/:name`: the token from `?token=` or `Authorization: Bearer`. */
export function viewerUpgradeCheck(gate: ViewerGate): UpgradeViewerCheck {
  return (request, stream) => {
    if (!gate.guards(stream)) return undefined;
    const query = new URL(request.url ?? '/', 'http://relay').searchParams;
    const token = presentedToken({ token: query.get('token') ?? undefined }, request.headers);
    return gate.admit({
      stream,
      protocol: 'ws-mp4',
      polled: false,
      ip: request.socket.remoteAddress ?? '',
      userAgent: request.headers['user-agent'] ?? '',
      ...(token === undefined ? {} : { token }),
    });
  };
}
