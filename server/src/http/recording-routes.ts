import path from 'node:path';
import { ErrorCodes } from '@brume/protocol';
import type { FastifyInstance } from 'fastify';
import type { RecordingManager } from '../recording/recording-manager';
import { RecordingVod } from '../vod/recording-vod';
import { tokenQuery } from '../access/viewer-credentials';
import { viewerTokenOf } from '../access/viewer-http-gate';
import { BrumeError } from '../util/brume-error';
import { baseUrlOf } from './base-url';
import { streamNameOf, validateStreamName } from './stream-name';

/**
 * Recording control and files:
 * - `POST /api/streams/:name/recording` starts recording a live stream (201), `DELETE` stops it
 *   once its files are closed (200); 404 `stream/not-found`, 409 `recording/active`,
 *   404 `recording/not-found`;
 * - `GET /api/recordings`: `{recordings: [{stream, file, start, startUnixMs, durationMs, bytes, url, active}]}`;
 * - `GET /recordings/:name/:file`: one file, with `Range` requests (@fastify/static's `send`);
 *   a file being written is served as far as it is written;
 * - `GET /recordings/:name/:file.m3u8` (and `.media.m3u8`): the file as HLS VoD by byte ranges
 *   (`vod/`), an `EVENT` playlist while it is written.
 */
export function registerRecordingRoutes(
  app: FastifyInstance,
  recordings: RecordingManager,
  publicUrl: string | undefined,
): void {
  const vod = new RecordingVod(recordings);
  app.post('/api/streams/:name/recording', { onRequest: validateStreamName }, async (request, reply) => {
    const name = streamNameOf(request);
    recordings.start(name);
    return reply.status(201).send({ stream: name, recording: true });
  });

  app.delete('/api/streams/:name/recording', { onRequest: validateStreamName }, async (request) => {
    const name = streamNameOf(request);
    await recordings.stop(name);
    return { stream: name, recording: false };
  });

  app.get('/api/recordings', async (request) => {
    const base = baseUrlOf(request, publicUrl);
    const files = await recordings.list();
    return {
      recordings: files.map((file) => ({
        stream: file.stream,
        file: file.path,
        start: new Date(file.startUnixMs).toISOString(),
        startUnixMs: file.startUnixMs,
        durationMs: file.durationMs,
        bytes: file.bytes,
        url: `${base}/recordings/${file.path}`,
        hls: `${base}/recordings/${file.path}.m3u8`,
        active: file.active,
      })),
    };
  });

  app.get<{ Params: { name: string; file: string } }>(
    '/recordings/:name/:file',
    { onRequest: validateStreamName },
    async (request, reply) => {
      const { name, file } = request.params;
      if (RecordingVod.isPlaylist(file)) {
        const playlist = await vod.playlist(name, file, tokenQuery(viewerTokenOf(request)));
        if (!playlist) throw new BrumeError(ErrorCodes.recordingNotFound, `no recording ${name}/${file}`);
        return reply
          .header('Content-Type', 'application/vnd.apple.mpegurl')
          .header('Cache-Control', playlist.growing ? 'no-cache' : 'public, max-age=3600')
          .send(playlist.text);
      }
      const absolute = await recordings.locate(name, file);
      if (!absolute) throw new BrumeError(ErrorCodes.recordingNotFound, `no recording ${name}/${file}`);
      // A file being written grows: caches must revalidate it.
      reply
        .header('Content-Type', 'video/mp4')
        .header('Cache-Control', recordings.isWriting(absolute) ? 'no-cache' : 'public, max-age=3600');
      return reply.sendFile(path.basename(absolute), path.dirname(absolute), {
        contentType: false,
        cacheControl: false,
      });
    },
  );
}
