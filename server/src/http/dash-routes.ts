import { ErrorCodes } from '@brume/protocol';
import { tokenQuery } from '../access/viewer-credentials';
import { viewerTokenOf } from '../access/viewer-http-gate';
import type { FastifyInstance } from 'fastify';
import { dynamicMpd } from '../dash';
import type { PackagerRegistry } from '../segments/packager-registry';
import type { StreamRegistry } from '../stream/stream-registry';
import { BrumeError } from '../util/brume-error';
import { baseUrlOf } from './base-url';
import { cacheControlFor } from './cache-control';
import { CORS_HEADERS } from './cors';
import { HttpError } from './errors';
import { readyPackager } from './hls-routes';
import type { ConcurrencyGate } from '../limits/concurrency-gate';
import { parseSegmentFile, segmentFileName, sendSegmentFile } from './segment-files';
import { parseSubtitleFile, sendSubtitleFile, wvttFileNames } from './subtitle-files';
import { validateStreamName } from './stream-name';

/** A chunk is a part: what an LL-DASH client can fetch of a segment before it is complete. */
const CHUNK_MS = 250;
/** Latency the MPD's ServiceDescription asks dash.js to hold (it catches up by playback rate). */
const TARGET_LATENCY_MS = 1500;
/** How long a segment request may wait for the segment to begin. */
const SEGMENT_WAIT_MS = 4000;

export interface DashRoutesOptions {
  publicUrl?: string | undefined;
  /** The server-wide limit of requests held open waiting for media (a first segment). */
  playlists?: ConcurrencyGate;
}

/**
 * LL-DASH at `/dash/NAME/index.mpd`: a dynamic MPD whose `$Number$` segments are numbered by
 * stream time (segment N ≈ [N s, N+1 s)), fetched while being written (chunked transfer of
 * its parts), and `/api/time` for the `UTCTiming` the MPD points at. Media files are the same as
 * LL-HLS's, under `/dash/NAME/PUBLISH/`.
 */
export function registerDashRoutes(
  app: FastifyInstance,
  registry: StreamRegistry,
  packagers: PackagerRegistry,
  options: DashRoutesOptions,
): void {
  app.get('/api/time', async (_request, reply) =>
    reply
      .headers({ ...CORS_HEADERS, 'Content-Type': 'text/plain', 'Cache-Control': 'no-store' })
      .send(new Date().toISOString()),
  );

  app.get<{ Params: { name: string } }>(
    '/dash/:name/index.mpd',
    { onRequest: validateStreamName },
    async (request, reply) => {
      const packager = await readyPackager(
        registry,
        packagers,
        request.params.name,
        reply,
        options.playlists,
      );
      const video = packager.snapshot('video')!;
      const audio = packager.snapshot('audio');
      const base = `${packager.publishId}/`;
      // Every media URL carries the viewer's token (dash.js and Shaka fill the templates as given).
      const query = tokenQuery(viewerTokenOf(request));
      const last = video.segments.at(-1);
      const fps = packager.frameRate;
      const mpd = dynamicMpd({
        startUnixMs: packager.startUnixMs,
        publishUnixMs: Date.now(),
        segmentDurationMs: packager.segmentMs,
        chunkDurationMs: CHUNK_MS,
        timeShiftBufferDepthMs: packager.dvrWindowMs,
        // One segment: clients learn of the end (a static MPD) within a second.
        minimumUpdatePeriodMs: 1000,
        minBufferTimeMs: 500,
        latency: { targetMs: TARGET_LATENCY_MS, minMs: 800, maxMs: 4000 },
        utcTimingUrl: `${baseUrlOf(request, options.publicUrl)}/api/time`,
        video: {
          codec: video.codec,
          bandwidth: video.bandwidth,
          ...(video.width && video.height ? { width: video.width, height: video.height } : {}),
          // Measured once two seconds are packaged; left out until then.
          ...(fps ? { fps } : {}),
          initUri: base + segmentFileName('video') + query,
          mediaTemplate: `${base}video-$Number$.m4s${query}`,
          // The video parts carry the metadata events (`MetadataCarriage`); audio carries none, or
          // players that read both would fire each event twice.
          id3Events: true,
        },
        ...(audio
          ? {
              audio: {
                codec: audio.codec,
                bandwidth: audio.bandwidth,
                sampleRate: audio.sampleRate ?? 48000,
                channels: audio.channels ?? 2,
                initUri: base + segmentFileName('audio') + query,
                mediaTemplate: `${base}audio-$Number$.m4s${query}`,
              },
            }
          : {}),
        // One text AdaptationSet per subtitle track, listed from the MPD after it appears.
        text: (packager.subtitles?.tracks() ?? []).map((track) => {
          const files = wvttFileNames(track.name);
          return {
            // Prefixed: a track may be named `video` or `audio`, the media Representations' ids.
            id: `subtitles-${track.name}`,
            ...(track.lang === undefined ? {} : { language: track.lang }),
            ...(track.label === undefined ? {} : { label: track.label }),
            initUri: base + files.init + query,
            mediaTemplate: base + files.media + query,
          };
        }),
        ...(video.ended && last ? { ended: { durationMs: last.startMs + last.durationMs } } : {}),
      });
      return reply
        .headers({
          ...CORS_HEADERS,
          'Content-Type': 'application/dash+xml',
          'Cache-Control': cacheControlFor('mpd'),
        })
        .send(mpd);
    },
  );

  app.get<{ Params: { name: string; publish: string; file: string } }>(
    '/dash/:name/:publish/:file',
    { onRequest: validateStreamName },
    async (request, reply) => {
      const { name, publish, file } = request.params;
      const parsed = parseSegmentFile(file);
      const subtitle = parsed ? undefined : parseSubtitleFile(file);
      const dashFile = parsed
        ? parsed.type !== 'part'
        : subtitle?.type === 'wvtt-init' || subtitle?.type === 'wvtt-segment';
      if (!dashFile) throw HttpError.notFound('GET', request.url);
      const packager = packagers.acquire(name);
      if (!packager || packager.publishId !== publish) {
        throw new BrumeError(
          ErrorCodes.segmentNotFound,
          `${file} belongs to a publish of ${name} that is over`,
        );
      }
      return parsed
        ? sendSegmentFile(reply, packager, parsed, SEGMENT_WAIT_MS)
        : sendSubtitleFile(reply, packager, subtitle!, SEGMENT_WAIT_MS);
    },
  );
}
