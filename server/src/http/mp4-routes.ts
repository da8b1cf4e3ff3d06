import { ErrorCodes } from '@brume/protocol';
import type { FastifyInstance } from 'fastify';
import type { AccessUnit } from '../media/access-unit';
import { Mp4Fragmenter } from '../mp4/mp4-fragmenter';
import type { MediaReader } from '../stream/media-buffer';
import type { StreamRegistry } from '../stream/stream-registry';
import { BrumeError } from '../util/brume-error';
import type { Logger } from '../util/logger';
import type { LiveMedia } from '../webrtc/publisher-media';
import { CORS_HEADERS } from './cors';
import { validateStreamName } from './stream-name';

/** Open `.mp4` responses, ended by the server on shutdown. */
export interface Mp4FileTracker {
  close(): void;
}

/**
 * `GET /:name.mp4`: the live stream as one endless fragmented MP4 (init segment, then a fragment
 * about every 100 ms), starting at the latest keyframe so playback starts at once. The response
 * ends when the publish ends or the video configuration changes (the client reconnects and gets
 * a new init segment). A client that reads too slowly loses fragments up to the next keyframe
 * (the reader's bounded queue); it never slows the publisher or other clients.
 *
 * The stream's metadata events ride in the file as ID3 `emsg` boxes before the fragment of their
 * time (the init lists `aid3`); one accepted after its fragment went out rides the next one.
 */
export function registerMp4Routes(
  app: FastifyInstance,
  registry: StreamRegistry,
  mediaOf: (name: string) => LiveMedia | undefined,
  log: Logger,
): Mp4FileTracker {
  const open = new Set<() => void>();

  app.get<{ Params: { name: string } }>(
    '/:name.mp4',
    { onRequest: validateStreamName },
    async (request, reply) => {
      const { name } = request.params;
      const stream = registry.get(name);
      const state = stream?.state;
      const media = state === 'live' || state === 'starting' ? mediaOf(name) : undefined;
      if (!media) {
        throw state === 'live' || state === 'starting'
          ? new BrumeError(ErrorCodes.streamNotFound, `stream ${name} has no H.264 video to put in an MP4`)
          : BrumeError.streamOffline(name);
      }
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        ...CORS_HEADERS,
        'Content-Type': 'video/mp4',
        'Cache-Control': 'no-store',
        'X-Accel-Buffering': 'no',
      });
      if (request.method === 'HEAD') {
        res.end();
        return reply;
      }
      res.flushHeaders();

      let fragmenter: Mp4Fragmenter | undefined;
      let blocked = false;
      let finished = false;
      // Listeners run later (never during addReader), when the functions below exist.
      const reader: MediaReader = media.addReader({
        onData: () => pump(),
        onEnd: () => {
          pump();
          finish();
        },
      });
      const metadata = stream?.metadata;
      const unsubscribe = metadata?.subscribe((event) => fragmenter?.addLateEvent(event)) ?? (() => {});
      const write = (bytes: Uint8Array) => {
        if (!res.write(bytes)) blocked = true;
      };
      const start = (unit: AccessUnit): Mp4Fragmenter | undefined => {
        const config = unit.config ?? media.videoConfig;
        if (unit.kind !== 'video' || !unit.keyframe || config?.kind !== 'video') return undefined;
        const created = new Mp4Fragmenter({
          video: config,
          ...(media.audioConfig ? { audio: media.audioConfig } : {}),
          ...(metadata ? { metadata: (fromMs: number, toMs: number) => metadata.between(fromMs, toMs) } : {}),
        });
        write(created.init);
        return created;
      };
      const finish = () => {
        if (finished) return;
        finished = true;
        open.delete(finish);
        unsubscribe();
        reader.close();
        if (fragmenter && !fragmenter.configChanged && !res.destroyed) {
          for (const bytes of fragmenter.flush()) write(bytes);
        }
        res.end();
      };
      const pump = () => {
        if (blocked || finished) return;
        for (const unit of reader.take()) {
          fragmenter ??= start(unit);
          if (!fragmenter) continue;
          for (const bytes of fragmenter.push(unit)) write(bytes);
          if (fragmenter.configChanged) {
            log.info({ stream: name }, `${name}.mp4 ended: the video configuration changed`);
            finish();
            return;
          }
        }
      };
      open.add(finish);
      res.on('drain', () => {
        blocked = false;
        pump();
      });
      res.on('close', () => {
        finished = true;
        open.delete(finish);
        unsubscribe();
        reader.close();
      });
      pump();
      if (reader.closed) finish(); // the publish ended in between
      return reply;
    },
  );

  return {
    close: () => {
      for (const finish of [...open]) finish();
    },
  };
}
