import { isValidStreamName, offlineStreamInfo, type StreamFeedMessage } from '@brume/protocol';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { ServerConfig } from '../config';
import type { StreamRegistry } from '../stream/stream-registry';
import type { FeedTracker } from './stream-routes';

const PATH = /^\/api\/streams\/([^/?]+)\/ws(?:\?.*)?$/;

/**
 * The state feed over WebSocket at `/api/streams/:name/ws`: the same `StreamFeedMessage` JSON as
 * the SSE feed, one per text message. Upgrades on other paths are left to other handlers.
 */
export function attachStreamFeedSocket(
  server: Server,
  registry: StreamRegistry,
  config: ServerConfig,
): FeedTracker {
  const wss = new WebSocketServer({ noServer: true });
  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const match = PATH.exec(request.url ?? '');
    if (!match) return;
    const name = decodeURIComponent(match[1] ?? '');
    if (!isValidStreamName(name)) {
      socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => serve(ws, name, request));
  };
  const serve = (ws: WebSocket, name: string, request: IncomingMessage) => {
    const base = config.publicUrl?.replace(/\/+$/, '') ?? `http://${request.headers.host ?? 'localhost'}`;
    const send = () => {
      const message: StreamFeedMessage = {
        type: 'info',
        info: registry.get(name)?.info(base) ?? offlineStreamInfo(name),
      };
      ws.send(JSON.stringify(message));
    };
    send();
    const off = registry.events.on('change', (stream) => {
      if (stream.name === name) send();
    });
    const ping = setInterval(() => ws.ping(), config.heartbeatMs);
    ping.unref();
    const cleanup = () => {
      off();
      clearInterval(ping);
    };
    ws.on('close', cleanup);
    ws.on('error', cleanup);
  };
  server.on('upgrade', onUpgrade);
  return {
    close: () => {
      server.off('upgrade', onUpgrade);
      for (const client of wss.clients) client.terminate();
      wss.close();
    },
  };
}
