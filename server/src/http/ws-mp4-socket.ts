import {
  ErrorCodes,
  WS_CLOSE_KICKED,
  isValidStreamName,
  type MetadataEvent,
  mp4MimeType,
  parseWsMediaClientMessage,
  type WsMediaServerMessage,
  type WsMediaTrack,
} from '@brume/protocol';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { UpgradeViewerCheck } from '../access/viewer-upgrade-gate';
import type { ServerConfig } from '../config';
import type { Admission } from '../limits/admission';
import { closeSocket } from '../limits/close-socket';
import { refuseUpgrade } from '../limits/refuse-upgrade';
import { messageRateGuard } from '../limits/socket-message-guard';
import { claimUpgrade, decodePathSegment } from './upgrade-claims';
import type { AccessUnit, TrackConfig } from '../media/access-unit';
import type { MetadataStore } from '../metadata/metadata-store';
import { AUDIO_TRACK_ID, Mp4Fragmenter, VIDEO_TRACK_ID } from '../mp4/mp4-fragmenter';
import type { MediaReader } from '../stream/media-buffer';
import type { StreamRegistry } from '../stream/stream-registry';
import type { Logger } from '../util/logger';
import type { LiveMedia } from '../webrtc/publisher-media';

const PATH = /^\/ws\/([^/?]+)(?:\?.*)?$/;
/** A `time` message at most this often (and before the first fragment after an init or a resume). */
const TIME_INTERVAL_MS = 1_000;
/** Media the socket may hold unsent before the reader is left to drop to the next keyframe. */
const MAX_BACKLOG_MS = 2_000;
/** The backlog bound before the bitrate is known (and its floor). */
const MIN_BACKLOG_BYTES = 256 * 1024;
/** Units taken from the reader between two socket back-pressure checks. */
const UNITS_PER_TAKE = 32;

/** Open `/ws/:name` media sockets, closed by the server on shutdown. */
export interface WsMp4Tracker {
  /** Ends every socket: its last fragments, an `end` message, then close 1001 (shutdown). */
  endAll(): void;
  /** Ends every socket and stops taking upgrades. */
  close(): void;
}

/** Close code and reason of a socket ended by the server's shutdown. */
export const SHUTDOWN_CLOSE = { code: 1001, reason: 'server shutting down' } as const;
/** Close code and reason of a socket an administrator ended (application range: not a failure to retry). */
export const KICKED_CLOSE = { code: WS_CLOSE_KICKED, reason: 'kicked' } as const;

/** Ends a media socket from the server: its last fragments, an `end` message with `reason`, then `close`. */
type EndSocket = (reason: string, close: { code: number; reason: string }) => void;

/**
 * WS `/ws/:name`: the live stream as fMP4 over WebSocket (contract in `@brume/protocol`
 * `ws-media.ts`), for MSE players. Each socket is one `MediaBuffer` reader, starting at the latest
 * keyframe. While the socket holds more than ≈2 s of unsent media the reader is not drained, so
 * its bounded queue drops to the next keyframe instead of the socket buffering without bound.
 * A new SPS/PPS starts a new `init` + init segment (MSE accepts one mid-stream).
 *
 * Metadata rides along as `meta` text messages: before the first fragment after an init, a resume
 * or a seek, the stream's stored events from that fragment's start on (the DVR window replays
 * them); then each event as it is accepted. They are small and sent at once, ahead of the
 * fragment that holds their time, so the player knows them before the frame is shown. A new
 * publish (which clears the store) comes only after this publish ended, and so this socket.
 */
export function attachWsMp4Socket(
  server: Server,
  registry: StreamRegistry,
  mediaOf: (name: string) => LiveMedia | undefined,
  config: ServerConfig,
  log: Logger,
  admission: Admission,
  /** Told of each accepted media socket (session registry), with a way to end it (a kick). */
  onViewer?: (ws: WebSocket, request: IncomingMessage, name: string, end: () => void) => void,
  /** Viewer tokens and `user_new`, before the upgrade: a refusal answers it with 401/403. */
  checkViewer?: UpgradeViewerCheck,
): WsMp4Tracker {
  // Clients send only small control messages (`hold`, `seek`, ...).
  const wss = new WebSocketServer({ noServer: true, maxPayload: config.limits.wsMessageBytes });
  const endings = new Set<() => void>();
  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const match = PATH.exec(request.url ?? '');
    if (!match) return;
    claimUpgrade(request);
    if (admission.draining) {
      refuseUpgrade(socket, admission.drainRefusal());
      return;
    }
    const name = decodePathSegment(match[1] ?? '');
    const checking = isValidStreamName(name) ? checkViewer?.(request, name) : undefined;
    if (!checking) {
      accept(request, socket, head, name);
      return;
    }
    // Node took its own error listener off the upgraded socket: a reset while the check runs
    // would otherwise be an uncaught error.
    const onError = () => socket.destroy();
    socket.on('error', onError);
    checking.then(
      () => {
        socket.off('error', onError);
        accept(request, socket, head, name);
      },
      // The listener stays: the refused socket may still fail while it closes.
      (error: unknown) => refuseUpgrade(socket, error),
    );
  };
  const accept = (request: IncomingMessage, socket: Duplex, head: Buffer, name: string) => {
    // The client may have gone while its check ran: it takes no slot.
    if (socket.destroyed) return;
    if (isValidStreamName(name)) {
      try {
        // Given back when the connection goes, also when ws refuses a malformed handshake (400)
        // and no WebSocket ever exists.
        socket.once('close', admission.admitViewer(name));
      } catch (error) {
        refuseUpgrade(socket, error);
        return;
      }
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      if (!isValidStreamName(name)) {
        ws.close(1008, `invalid stream name`);
        return;
      }
      const state = registry.get(name)?.state;
      const media = state === 'live' || state === 'starting' ? mediaOf(name) : undefined;
      if (!media) {
        send(ws, {
          type: 'error',
          code: ErrorCodes.streamNotFound,
          message:
            state === 'live' || state === 'starting'
              ? `stream ${name} has no H.264 video to put in an MP4`
              : `stream ${name} is offline`,
        });
        ws.close(1000, 'stream not found');
        return;
      }
      // Told first, so the session counts the socket's bytes from the first one; the kick it is
      // given runs only later, once `serve` has returned.
      const served: { end?: EndSocket } = {};
      onViewer?.(ws, request, name, () => served.end?.('kicked by an administrator', KICKED_CLOSE));
      const end = serve(ws, name, media, registry.get(name)?.metadata, config, log);
      served.end = end;
      const shutdown = () => end('the server is shutting down', SHUTDOWN_CLOSE);
      endings.add(shutdown);
      ws.once('close', () => endings.delete(shutdown));
    });
  };
  server.on('upgrade', onUpgrade);
  const endAll = () => {
    for (const shutdown of [...endings]) shutdown();
    for (const client of wss.clients) closeSocket(client, SHUTDOWN_CLOSE.code, SHUTDOWN_CLOSE.reason);
  };
  return {
    endAll,
    close: () => {
      server.off('upgrade', onUpgrade);
      endAll();
      wss.close();
    },
  };
}

function send(ws: WebSocket, message: WsMediaServerMessage): void {
  ws.send(JSON.stringify(message));
}

function serve(
  ws: WebSocket,
  name: string,
  media: LiveMedia,
  metadata: MetadataStore | undefined,
  config: ServerConfig,
  log: Logger,
): EndSocket {
  let reader: MediaReader;
  let fragmenter: Mp4Fragmenter | undefined;
  /** The last init segment sent. */
  let sentInit: Uint8Array | undefined;
  /** The tracks the client asked for (`tracks` message). */
  let selection = { video: true, audio: true };
  let holding = false;
  let finished = false;
  let lastTimeAt = -Infinity;
  let liveEdgeMs = 0;
  // The bitrate, to turn "2 s of media" into bytes.
  let sentBytes = 0;
  let firstSentMs: number | undefined;
  let lastSentMs = 0;

  const backlogLimit = () => {
    const spanMs = firstSentMs === undefined ? 0 : lastSentMs - firstSentMs;
    if (spanMs < 500) return MIN_BACKLOG_BYTES;
    return Math.max(MIN_BACKLOG_BYTES, (sentBytes / spanMs) * MAX_BACKLOG_MS);
  };

  const open = (atMs?: number): MediaReader =>
    media.addReader(
      {
        onData: () => pump(),
        onEnd: () => end('the publish ended'),
      },
      atMs === undefined ? {} : { atMs },
    );

  const start = (unit: AccessUnit): Mp4Fragmenter | undefined => {
    const audio = selection.audio ? media.audioConfig : undefined;
    let video: (TrackConfig & { kind: 'video' }) | undefined;
    if (selection.video) {
      const config = unit.config ?? media.videoConfig;
      if (unit.kind !== 'video' || !unit.keyframe || config?.kind !== 'video') return undefined;
      video = config;
    } else if (unit.kind !== 'audio' || !audio) {
      return undefined;
    }
    const created = new Mp4Fragmenter({ ...(video ? { video } : {}), ...(audio ? { audio } : {}) });
    // A resume with the same tracks and parameter sets needs no new init segment.
    if (!sentInit || !equalBytes(sentInit, created.init)) {
      send(ws, { type: 'init', codecs: mp4MimeType(codecsOf(video, audio)), tracks: tracksOf(video, audio) });
      ws.send(created.init);
      sentInit = created.init;
    }
    lastTimeAt = -Infinity;
    // Overlapping: a subtitle that began before this start still shows on its first frame.
    sendMeta(metadata?.between(unit.streamMs, Infinity, { overlapping: true }) ?? []);
    return created;
  };

  const sendMeta = (events: readonly MetadataEvent[]) => {
    if (events.length > 0) send(ws, { type: 'meta', events: [...events] });
  };
  // Until the first fragment after a (re)start is due, `start` sends what is stored then; while
  // held, nothing (the resume sends it).
  const unsubscribe =
    metadata?.subscribe((event) => {
      if (!finished && !holding && fragmenter) sendMeta([event]);
    }) ?? (() => {});

  const sendFragments = (fragments: Uint8Array[], startMs: number | undefined) => {
    for (const bytes of fragments) {
      const now = Date.now();
      if (startMs !== undefined && now - lastTimeAt >= TIME_INTERVAL_MS) {
        lastTimeAt = now;
        send(ws, {
          type: 'time',
          streamMs: startMs,
          liveEdgeMs: Math.max(liveEdgeMs, media.window?.lastMs ?? 0),
          bufferStartMs: media.window?.firstMs ?? media.bufferStartMs ?? startMs,
        });
      }
      ws.send(bytes);
      sentBytes += bytes.length;
      if (startMs !== undefined) {
        firstSentMs ??= startMs;
        lastSentMs = Math.max(lastSentMs, startMs);
      }
      startMs = undefined;
    }
  };

  const pump = () => {
    if (finished) return;
    if (holding) {
      // Held: the reader stays (a resume starts on the buffered keyframe at once) but sends nothing.
      reader.take();
      return;
    }
    // Left undrained, the reader's bounded queue drops to the next keyframe. Taken a few units at a
    // time, so a reader that starts in the DVR window is sent as fast as the socket drains.
    while (!finished && !holding && ws.bufferedAmount <= backlogLimit()) {
      const units = reader.take(UNITS_PER_TAKE);
      if (units.length === 0) break;
      sendUnits(units);
    }
  };

  const sendUnits = (units: readonly AccessUnit[]) => {
    for (const unit of units) {
      liveEdgeMs = Math.max(liveEdgeMs, unit.streamMs);
      fragmenter ??= start(unit);
      if (!fragmenter) continue;
      const startMs = fragmenter.pendingStartMs;
      sendFragments(fragmenter.push(unit), startMs);
      if (fragmenter.configChanged) {
        log.info({ stream: name }, `ws ${name}: the video configuration changed; new init segment`);
        fragmenter = start(unit);
        if (fragmenter) sendFragments(fragmenter.push(unit), undefined);
      }
    }
  };

  /** Resume at the latest keyframe (the buffered GOP), or in the DVR window at `atMs`. */
  const restart = (atMs?: number) => {
    const previous = reader;
    // Opened before the old one closes, so the pipeline never sees zero readers and keeps its GOP.
    reader = open(atMs);
    previous.close();
    fragmenter = undefined;
    holding = false;
    pump();
  };

  const end = (
    reason: string,
    close: { code: number; reason: string } = { code: 1000, reason: 'stream ended' },
  ) => {
    if (finished) return;
    pump();
    finished = true;
    if (fragmenter && !fragmenter.configChanged && !holding) {
      const startMs = fragmenter.pendingStartMs;
      sendFragments(fragmenter.flush(), startMs);
    }
    unsubscribe();
    send(ws, { type: 'end', reason });
    closeSocket(ws, close.code, close.reason);
  };

  const allowed = messageRateGuard(ws, config.limits);
  ws.on('message', (data: RawData, isBinary: boolean) => {
    if (!allowed()) return;
    const message = isBinary ? undefined : parseWsMediaClientMessage(rawText(data));
    if (!message) {
      send(ws, {
        type: 'error',
        code: ErrorCodes.wsBadMessage,
        message:
          'expected {"type":"hold"}, {"type":"play"}, {"type":"seek","to":"live" or stream ms} or {"type":"tracks","video":bool,"audio":bool}',
      });
      return;
    }
    if (finished) return;
    if (message.type === 'hold') {
      holding = true;
      fragmenter = undefined;
    } else if (message.type === 'tracks') {
      if (!message.video && !media.audioConfig) {
        send(ws, { type: 'error', code: ErrorCodes.wsBadMessage, message: 'the stream has no audio track' });
        return;
      }
      selection = { video: message.video, audio: message.audio };
      restart();
    } else if (message.type === 'seek') {
      restart(message.to === 'live' ? undefined : message.to);
    } else if (holding) {
      restart();
    }
  });

  const ping = setInterval(() => ws.ping(), config.heartbeatMs);
  ping.unref();
  const cleanup = () => {
    finished = true;
    clearInterval(ping);
    unsubscribe();
    reader.close();
  };
  ws.on('close', cleanup);
  ws.on('error', cleanup);

  reader = open();
  pump();
  if (reader.closed && !finished) end('the publish ended');
  return end;
}

function codecsOf(video: TrackConfig | undefined, audio: TrackConfig | undefined): string[] {
  return [video, audio].flatMap((track) => (track ? [track.codec] : []));
}

function tracksOf(
  video: (TrackConfig & { kind: 'video' }) | undefined,
  audio: TrackConfig | undefined,
): WsMediaTrack[] {
  const tracks: WsMediaTrack[] = [];
  if (video) {
    tracks.push({
      id: VIDEO_TRACK_ID,
      kind: 'video',
      codec: video.codec,
      timescale: video.timescale,
      width: video.width,
      height: video.height,
    });
  }
  if (audio?.kind === 'audio') {
    tracks.push({
      id: AUDIO_TRACK_ID,
      kind: 'audio',
      codec: audio.codec,
      timescale: audio.timescale,
      channels: audio.channelCount,
      sampleRate: audio.sampleRate,
    });
  }
  return tracks;
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return (Buffer.isBuffer(data) ? data : Buffer.from(data)).toString('utf8');
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}
