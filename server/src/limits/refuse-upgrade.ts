import type { Duplex } from 'node:stream';
import { toErrorResponse } from '../http/errors';

/**
 * Answers a WebSocket upgrade with the HTTP error `error` maps to (a 503 with `Retry-After` for a
 * `LimitError`) and closes the connection, before any WebSocket exists.
 */
export function refuseUpgrade(socket: Duplex, error: unknown): void {
  const { status, body } = toErrorResponse(error);
  const retryAfterMs = (error as { retryAfterMs?: unknown }).retryAfterMs;
  const json = JSON.stringify(body);
  const headers = [
    `HTTP/1.1 ${status} ${status === 503 ? 'Service Unavailable' : 'Refused'}`,
    'Content-Type: application/json',
    `Content-Length: ${Buffer.byteLength(json)}`,
    ...(typeof retryAfterMs === 'number'
      ? [`Retry-After: ${Math.max(1, Math.ceil(retryAfterMs / 1000))}`]
      : []),
    'Connection: close',
  ];
  socket.end(`${headers.join('\r\n')}\r\n\r\n${json}`);
}
