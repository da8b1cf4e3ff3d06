import type { WebSocket } from 'ws';

/** How long a client has to answer a close frame before its connection is cut. */
const CLOSE_GRACE_MS = 1000;

/**
 * Closes `ws` with `code` and `reason`, and cuts the connection if the client does not complete
 * the closing handshake in time, so a silent client cannot hold the server's shutdown.
 */
export function closeSocket(ws: WebSocket, code: number, reason: string): void {
  if (ws.readyState === ws.CLOSED) return;
  ws.close(code, reason);
  const cut = setTimeout(() => ws.terminate(), CLOSE_GRACE_MS);
  ws.once('close', () => clearTimeout(cut));
}
