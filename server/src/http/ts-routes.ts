import type { ServerResponse } from 'node:http';
import { ErrorCodes } from '@brume/protocol';
import type { FastifyInstance } from 'fastify';
import type { AccessUnit } from '../media/access-unit';
import type { StreamRegistry } from '../stream/stream-registry';
import { TsMuxer } from '../ts/ts-muxer';
import { BrumeError } from '../util/brume-error';
import type { Logger } from '../util/logger';
import type { LiveMedia } from '../webrtc/publisher-media';
import { CORS_HEADERS } from './cors';
import { validateStreamName } from './stream-name';

/** Open `.ts` responses, ended by the server on shutdown. */
export interface TsFileTracker {
  close(): void;
}

/**
 * `GET /:name.ts`: the live stream as one endless MPEG transport stream, starting at the latest
 * keyframe. **H.264 video only, no audio**: the stream's audio is Opus from WebRTC, which
 * mediabunny's TS muxer does not take (AVC/HEVC video, AAC/MP3/AC-3/E-AC-3/DTS audio) and the relay
 * does not transcode; the `.mp4` has both. Each picture goes out, as whole 188-byte packets in
 * one write, when the next one arrives. The response ends when the publish ends or the video
 * configuration changes (the client reconnects). A client that reads too slowly loses pictures up
 * to the next keyframe (the reader's bounded queue); it never slows the publisher or other clients.
 */
export function registerTsRoutes(
  app: FastifyInstance,
  registry: StreamRegistry,
  mediaOf: (name: string) => LiveMedia | undefined,
  log: Logger,
): TsFileTracker {
  const open = new Set<() => void>();

  app.get<{ Params: { name: string } }>(
    '/:name.ts',
    { onRequest: validateStreamName },
    async (request, reply) => {
      const { name } = request.params;
      const state = registry.get(name)?.state;
      const media = state === 'live' || state === 'starting' ? mediaOf(name) : undefined;
      if (!media) {
        throw state === 'live' || state === 'starting'
          ? new BrumeError(
              ErrorCodes.streamNotFound,
              `stream ${name} has no H.264 video to put in an MPEG-TS`,
            )
          : BrumeError.streamOffline(name);
      }
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        ...CORS_HEADERS,
        'Content-Type': 'video/mp2t',
        'Cache-Control': 'no-store',
        'X-Accel-Buffering': 'no',
      });
      if (request.method === 'HEAD') {
        res.end();
        return reply;
      }
      res.flushHeaders();
      streamTs(name, media, res, open, log);
      return reply;
    },
  );

  return {
    close: () => {
      for (const stop of [...open]) stop();
    },
  };
}

/**
 * Feeds one response from its own reader until the publish ends, the client goes away, the video
 * configuration changes or the server stops (`open` holds its stop function meanwhile). One loop
 * per response, as the muxer is asynchronous: events only wake it.
 */
function streamTs(
  name: string,
  media: LiveMedia,
  res: ServerResponse,
  open: Set<() => void>,
  log: Logger,
): void {
  let wake: (() => void) | undefined;
  const signal = () => {
    const resume = wake;
    wake = undefined;
    resume?.();
  };
  let blocked = false;
  let gone = false;
  let stopping = false;
  const stop = () => {
    stopping = true;
    signal();
  };
  const reader = media.addReader({ onData: signal, onEnd: signal });
  open.add(stop);
  res.on('drain', () => {
    blocked = false;
    signal();
  });
  res.on('close', () => {
    gone = true;
    reader.close();
    signal();
  });

  const write = (bytes: Uint8Array) => {
    if (bytes.length > 0 && !gone && !res.write(bytes)) blocked = true;
  };
  const start = (unit: AccessUnit): TsMuxer | undefined => {
    const config = unit.config ?? media.videoConfig;
    if (unit.kind !== 'video' || !unit.keyframe || config?.kind !== 'video') return undefined;
    return new TsMuxer(config);
  };

  const run = async () => {
    let muxer: TsMuxer | undefined;
    for (;;) {
      // Under back-pressure nothing is taken, so the reader's bound drops to the next keyframe; once
      // the publish ended, what is left goes out regardless.
      for (const unit of blocked && !reader.closed ? [] : reader.take()) {
        muxer ??= start(unit);
        if (!muxer) continue;
        write(await muxer.push(unit));
        if (gone) return;
        if (muxer.configChanged) {
          log.info({ stream: name }, `${name}.ts ended: the video configuration changed`);
          return;
        }
      }
      if (gone || stopping || (reader.closed && reader.queued === 0)) break;
      if (blocked || reader.queued === 0) await new Promise<void>((resolve) => (wake = resolve));
    }
    if (muxer && !gone) write(await muxer.finish());
  };

  void run()
    .catch((error: unknown) => log.error({ err: error, stream: name }, `${name}.ts failed`))
    .finally(() => {
      open.delete(stop);
      reader.close();
      res.end();
    });
}
