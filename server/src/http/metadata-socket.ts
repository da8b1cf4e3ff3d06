import { isValidMetadataTrackName, isValidStreamName, type MetadataIngestReply } from '@brume/protocol';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { MetadataError } from '../metadata/metadata-error';
import { errorReply } from '../metadata/error-reply';
import type { MetadataIngest } from '../metadata/metadata-ingest';
import type { StreamRegistry } from '../stream/stream-registry';
import type { Logger } from '../util/logger';
import type { Admission } from '../limits/admission';
import { refuseUpgrade } from '../limits/refuse-upgrade';
import { claimUpgrade, decodePathSegment } from './upgrade-claims';

const PATH = /^\/api\/streams\/([^/?]+)\/tracks\/([^/?]+)(?:\?.*)?$/;
/** Close code and reason when the publish ends (or restarts: a new timeline). */
export const STREAM_ENDED_CLOSE = { code: 1000, reason: 'stream ended' } as const;
/** Close code after a refusal at connect time (bad name, unknown or not-live stream). */
export const REFUSED_CLOSE_CODE = 1008;

/** Open metadata sockets, closed by the server on shutdown. */
export interface MetadataSocketTracker {
  close(): void;
}

/**
 * WS `/api/streams/:name/tracks/:track`: each text message is one event, an array, JSON Lines or a
 * subtitle document, answered with `{ok: true, ids}` or `{error: {code, message}}`; a bad message
 * never closes the socket. Refused at connect (bad name, unknown or not-live stream) with an error
 * message and close 1008; closed with 1000 "stream ended" when the publish ends or restarts.
 * Each socket has its own rate limit. A message is at most `bodyLimit` bytes (as a POST body);
 * while the server drains, the upgrade is refused with 503.
 */
export function attachMetadataSocket(
  server: Server,
  registry: StreamRegistry,
  ingest: MetadataIngest,
  log: Logger,
  bodyLimit: number,
  admission: Admission,
): MetadataSocketTracker {
  // Messages over the body limit get an error reply; past this ws closes the socket (1009).
  const wss = new WebSocketServer({ noServer: true, maxPayload: 8 * bodyLimit });
  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const match = PATH.exec(request.url ?? '');
    if (!match) return;
    claimUpgrade(request);
    if (admission.draining) {
      refuseUpgrade(socket, admission.drainRefusal());
      return;
    }
    const stream = decodePathSegment(match[1] ?? '');
    const track = decodePathSegment(match[2] ?? '');
    wss.handleUpgrade(request, socket, head, (ws) => {
      try {
        if (!isValidStreamName(stream)) throw MetadataError.invalidStreamName(stream);
        if (!isValidMetadataTrackName(track)) throw MetadataError.invalidTrackName(track);
        const state = registry.get(stream)?.state;
        if (!state) throw MetadataError.streamNotFound(stream);
        if (state !== 'live') throw MetadataError.streamNotLive(stream, state);
      } catch (error) {
        reply(ws, errorReply(error, log));
        ws.close(REFUSED_CLOSE_CODE, error instanceof MetadataError ? error.code : 'refused');
        return;
      }
      serve(ws, stream, track);
    });
  };

  const serve = (ws: WebSocket, stream: string, track: string) => {
    const bucket = ingest.connectionBucket();
    const offState = registry.events.on('state', (changed) => {
      if (changed.name === stream && changed.state !== 'live') {
        ws.close(STREAM_ENDED_CLOSE.code, STREAM_ENDED_CLOSE.reason);
      }
    });
    ws.on('message', (data: RawData, isBinary) => {
      const bytes = byteLength(data);
      if (isBinary) {
        reply(ws, errorReply(MetadataError.invalid('send events as text messages (JSON)'), log));
      } else if (bytes > bodyLimit) {
        reply(
          ws,
          errorReply(
            MetadataError.invalid(`message of ${bytes} bytes is over ${bodyLimit}: send smaller batches`),
            log,
          ),
        );
      } else {
        try {
          const accepted = ingest.acceptBody({
            stream,
            track,
            text: rawText(data),
            bucket,
            source: 'ws',
          });
          reply(ws, { ok: true, ids: accepted.map((event) => event.id) });
        } catch (error) {
          reply(ws, errorReply(error, log));
        }
      }
    });
    ws.on('close', offState);
    ws.on('error', offState);
  };

  server.on('upgrade', onUpgrade);
  return {
    close: () => {
      server.off('upgrade', onUpgrade);
      for (const client of wss.clients) client.close(1001, 'server shutting down');
      wss.close();
    },
  };
}

function reply(ws: WebSocket, message: MetadataIngestReply): void {
  if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
}

function byteLength(data: RawData): number {
  if (Array.isArray(data)) return data.reduce((sum, part) => sum + part.length, 0);
  return data instanceof ArrayBuffer ? data.byteLength : data.length;
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data instanceof ArrayBuffer ? new Uint8Array(data) : data).toString('utf8');
}
