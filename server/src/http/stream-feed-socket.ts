import { isValidStreamName, offlineStreamInfo, type StreamFeedMessage } from '@brume/protocol';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { ServerConfig } from '../config';
import type { Admission } from '../limits/admission';
import { closeSocket } from '../limits/close-socket';
import { refuseUpgrade } from '../limits/refuse-upgrade';
import { messageRateGuard } from '../limits/socket-message-guard';
import { claimUpgrade, decodePathSegment } from './upgrade-claims';
import type { StreamRegistry } from '../stream/stream-registry';
import type { FeedTracker } from './stream-routes';

const PATH = /^\/api\/streams\/([^/?]+)\/ws(?:\?.*)?$/;

/**
 * The state feed over WebSocket at `/api/streams/:name/ws`: the same `StreamFeedMessage` JSON as
 * the SSE feed, one per text message. Upgrades on other paths are left to other handlers. The feed
 * is one way: a client that sends more than `limits.wsMessageBytes` (1009) or floods (1008) is
 * closed; on shutdown each socket gets the stream's final state, then 1001.
 */
export function attachStreamFeedSocket(
  server: Server,
  registry: StreamRegistry,
  config: ServerConfig,
  admission: Admission,
): FeedTracker {
  const wss = new WebSocketServer({ noServer: true, maxPayload: config.limits.wsMessageBytes });
  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const match = PATH.exec(request.url ?? '');
    if (!match) return;
    claimUpgrade(request);
    if (admission.draining) {
      refuseUpgrade(socket, admission.drainRefusal());
      return;
    }
    const name = decodePathSegment(match[1] ?? '');
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
    const allowed = messageRateGuard(ws, config.limits);
    ws.on('message', () => allowed());
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
      for (const client of wss.clients) closeSocket(client, 1001, 'server shutting down');
      wss.close();
    },
  };
}
