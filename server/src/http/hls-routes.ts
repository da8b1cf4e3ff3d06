import { ErrorCodes } from '@brume/protocol';
import { tokenQuery } from '../access/viewer-credentials';
import { viewerTokenOf } from '../access/viewer-http-gate';
import type { FastifyInstance, FastifyReply } from 'fastify';
import {
  mediaPlaylist,
  multivariantPlaylist,
  parseDeliveryDirectives,
  PlaylistMemo,
  reloadDecision,
  renditionReport,
  subtitlePlaylist,
  type SubtitleRenditionInfo,
} from '../hls';
import type { ConcurrencyGate } from '../limits/concurrency-gate';
import type { LivePackager } from '../segments/live-packager';
import type { PackagerRegistry } from '../segments/packager-registry';
import type { RenditionKind } from '../segments/segment-model';
import type { StreamRegistry } from '../stream/stream-registry';
import { BrumeError } from '../util/brume-error';
import { cacheControlFor } from './cache-control';
import { CORS_HEADERS } from './cors';
import { HttpError } from './errors';
import { abortOnClose, parseSegmentFile, segmentFileName, sendSegmentFile } from './segment-files';
import { parseSubtitleFile, sendSubtitleFile, vttFileName } from './subtitle-files';
import { validateStreamName } from './stream-name';

/** LL-HLS timing: the playlist writer and the blocking-reload timeout follow from these. */
export const HLS_TARGET_DURATION_S = 2;
export const HLS_PART_TARGET_S = 0.25;
const PART_HOLD_BACK_S = 3 * HLS_PART_TARGET_S;
/** A blocked playlist request is answered 503 after three target durations (RFC 8216bis 6.2.5.2). */
const BLOCK_TIMEOUT_MS = 3 * HLS_TARGET_DURATION_S * 1000;
/** How long a first request waits for the first keyframe before giving up. */
const FIRST_SEGMENT_WAIT_MS = 8000;

const PLAYLIST = 'application/vnd.apple.mpegurl';

/** `subtitles-TRACK` of `subtitles-TRACK.m3u8`: a subtitle track's media playlist. */
const SUBTITLE_PLAYLIST = /^subtitles-([A-Za-z0-9_-]{1,64})$/;

/**
 * LL-HLS at `/hls/NAME/index.m3u8` (multivariant), `video.m3u8` / `audio.m3u8` (media playlists
 * with parts, preload hints and blocking reload), `subtitles-TRACK.m3u8` (WebVTT, on the video's
 * segments and parts) and the media files under `/hls/NAME/PUBLISH/`. The first request starts the
 * stream's packager (`PackagerRegistry`). A request held open waiting for media passes `playlists`
 * (the server-wide limit of such requests).
 */
export function registerHlsRoutes(
  app: FastifyInstance,
  registry: StreamRegistry,
  packagers: PackagerRegistry,
  playlists?: ConcurrencyGate,
): void {
  app.get<{ Params: { name: string } }>(
    '/hls/:name/index.m3u8',
    { onRequest: validateStreamName },
    async (request, reply) => {
      const packager = await readyPackager(registry, packagers, request.params.name, reply, playlists);
      const video = packager.snapshot('video');
      const audio = packager.snapshot('audio');
      if (!video) throw BrumeError.streamOffline(request.params.name);
      const fps = packager.frameRate;
      const variant = { ...video, ...(fps ? { fps } : {}) };
      // Every URI carries the viewer's token, so players that fetch them as listed present it.
      const query = tokenQuery(viewerTokenOf(request));
      const subtitles = subtitleRenditions(packager, query);
      const body = audio
        ? multivariantPlaylist({
            video: variant,
            videoUri: `video.m3u8${query}`,
            audio,
            audioUri: `audio.m3u8${query}`,
            subtitles,
          })
        : multivariantPlaylist({ video: variant, videoUri: `video.m3u8${query}`, subtitles });
      return sendPlaylist(reply, body, cacheControlFor('multivariant-playlist'));
    },
  );

  app.get<{ Params: { name: string; kind: string }; Querystring: Record<string, unknown> }>(
    '/hls/:name/:kind.m3u8',
    { onRequest: validateStreamName },
    async (request, reply) => {
      const kind = request.params.kind;
      const subtitleTrack = SUBTITLE_PLAYLIST.exec(kind)?.[1];
      if (kind !== 'video' && kind !== 'audio' && subtitleTrack === undefined) {
        throw HttpError.notFound('GET', request.url);
      }
      const directives = parseDeliveryDirectives(request.query);
      if ('error' in directives) throw HttpError.badRequest(directives.error);
      const packager = await readyPackager(registry, packagers, request.params.name, reply, playlists);
      if (subtitleTrack !== undefined) {
        if (!packager.subtitles?.tracks().some((track) => track.name === subtitleTrack)) {
          throw new BrumeError(
            ErrorCodes.segmentNotFound,
            `the stream has no subtitle track ${subtitleTrack}`,
          );
        }
      } else if (!packager.store(kind as RenditionKind)) {
        throw new BrumeError(ErrorCodes.segmentNotFound, `the stream has no ${kind}`);
      }
      // Subtitle playlists follow the video's segments and parts: they block on the video.
      const rendition: RenditionKind = subtitleTrack === undefined ? (kind as RenditionKind) : 'video';
      const blocking = directives.msn !== undefined;
      if (blocking) {
        const decide = () =>
          reloadDecision(packager.snapshot(rendition)!, directives, { partTargetS: HLS_PART_TARGET_S });
        const first = decide();
        if (typeof first === 'object') throw HttpError.badRequest(first.error);
        if (first === 'wait') {
          const leave = playlists?.enter();
          const abort = abortOnClose(reply);
          let ready: boolean;
          try {
            ready = await packager.waitUntil(
              () => packager.disposed || decide() !== 'wait',
              BLOCK_TIMEOUT_MS,
              abort.signal,
            );
          } finally {
            abort.dispose();
            leave?.();
          }
          if (!ready || packager.disposed) {
            throw new BrumeError(
              ErrorCodes.mediaUnavailable,
              `segment ${directives.msn}${directives.part === undefined ? '' : ` part ${directives.part}`} did not come within ${BLOCK_TIMEOUT_MS} ms`,
            );
          }
        }
      }
      const query = tokenQuery(viewerTokenOf(request));
      const snapshot = packager.snapshot(rendition)!;
      const others = (['video', 'audio'] as const)
        .filter((other) => other !== kind)
        .map((other) => ({ other, snapshot: packager.snapshot(other) }));
      const render = () => {
        const reports = others.flatMap(({ other, snapshot }) => {
          // The URI the multivariant playlist lists, token included: players match reports by it.
          const report = snapshot && renditionReport(`${other}.m3u8${query}`, snapshot);
          return report ? [report] : [];
        });
        const common = {
          rendition: snapshot,
          startUnixMs: packager.startUnixMs,
          targetDurationS: HLS_TARGET_DURATION_S,
          partTargetS: HLS_PART_TARGET_S,
          partHoldBackS: PART_HOLD_BACK_S,
          ...(reports.length > 0 ? { renditionReports: reports } : {}),
        };
        return subtitleTrack === undefined
          ? mediaPlaylist({ ...common, uris: mediaUris(packager.publishId, rendition, query) })
          : subtitlePlaylist({ ...common, uris: subtitleUris(packager.publishId, subtitleTrack, query) });
      };
      // Every input of the text: the windows (same objects until they change), the publish, the token.
      const inputs = [snapshot, ...others.map((o) => o.snapshot), packager.publishId, packager.startUnixMs];
      const body = memoOf(packager).text(`${kind}\n${query}`, inputs, render);
      return sendPlaylist(reply, body, cacheControlFor(blocking ? 'blocking-playlist' : 'live-playlist'));
    },
  );

  app.get<{ Params: { name: string; publish: string; file: string } }>(
    '/hls/:name/:publish/:file',
    { onRequest: validateStreamName },
    async (request, reply) => {
      const { name, publish, file } = request.params;
      const parsed = parseSegmentFile(file);
      const subtitle = parsed ? undefined : parseSubtitleFile(file);
      if (!parsed && subtitle?.type !== 'vtt-part' && subtitle?.type !== 'vtt-segment') {
        throw HttpError.notFound('GET', request.url);
      }
      const packager = packagers.acquire(name);
      if (!packager || packager.publishId !== publish) {
        throw new BrumeError(
          ErrorCodes.segmentNotFound,
          `${file} belongs to a publish of ${name} that is over`,
        );
      }
      return parsed
        ? sendSegmentFile(reply, packager, parsed, BLOCK_TIMEOUT_MS)
        : sendSubtitleFile(reply, packager, subtitle!, BLOCK_TIMEOUT_MS);
    },
  );
}

const memos = new WeakMap<LivePackager, PlaylistMemo>();

/** The packager's playlist memo: it goes when the packager does. */
function memoOf(packager: LivePackager): PlaylistMemo {
  let memo = memos.get(packager);
  if (!memo) memos.set(packager, (memo = new PlaylistMemo()));
  return memo;
}

/** Media playlist URIs, relative to `/hls/NAME/`, each followed by `query` (the viewer's token). */
function mediaUris(publishId: string, kind: RenditionKind, query: string) {
  return {
    init: `${publishId}/${segmentFileName(kind)}${query}`,
    segment: (msn: number) => `${publishId}/${segmentFileName(kind, msn)}${query}`,
    part: (msn: number, index: number) => `${publishId}/${segmentFileName(kind, msn, index)}${query}`,
  };
}

/** Subtitle playlist URIs, relative to `/hls/NAME/`, each followed by `query`. */
function subtitleUris(publishId: string, track: string, query: string) {
  return {
    segment: (msn: number) => `${publishId}/${vttFileName(track, msn)}${query}`,
    part: (msn: number, index: number) => `${publishId}/${vttFileName(track, msn, index)}${query}`,
  };
}

/**
 * One `EXT-X-MEDIA:TYPE=SUBTITLES` per subtitle track: named by its label (the menu shows it),
 * else by the track name, which also stands in for a label another track already uses. None is
 * DEFAULT: subtitles show when the viewer asks.
 */
function subtitleRenditions(packager: LivePackager, query: string): SubtitleRenditionInfo[] {
  const names = new Set<string>();
  return (packager.subtitles?.tracks() ?? []).map((track) => {
    const base = track.label !== undefined && !names.has(track.label) ? track.label : track.name;
    let name = base;
    for (let n = 2; names.has(name); n++) name = `${base} ${n}`;
    names.add(name);
    return {
      name,
      ...(track.lang === undefined ? {} : { language: track.lang }),
      uri: `subtitles-${track.name}.m3u8${query}`,
    };
  });
}

/** The stream's packager once it has its first segment (tracks known), or a 404. */
export async function readyPackager(
  registry: StreamRegistry,
  packagers: PackagerRegistry,
  name: string,
  reply: FastifyReply,
  playlists?: ConcurrencyGate,
): Promise<LivePackager> {
  const state = registry.get(name)?.state;
  const packager = packagers.acquire(name);
  if (!packager) {
    throw state === 'live' || state === 'starting'
      ? new BrumeError(ErrorCodes.streamNotFound, `stream ${name} has no H.264 video to package`)
      : BrumeError.streamOffline(name);
  }
  const hasSegment = () => (packager.snapshot('video')?.segments.length ?? 0) > 0;
  if (!hasSegment()) {
    const leave = playlists?.enter();
    const abort = abortOnClose(reply);
    try {
      await packager.waitUntil(() => hasSegment() || packager.ended, FIRST_SEGMENT_WAIT_MS, abort.signal);
    } finally {
      abort.dispose();
      leave?.();
    }
  }
  if (!hasSegment()) {
    throw new BrumeError(
      ErrorCodes.mediaUnavailable,
      `stream ${name} sent no keyframe yet; try again shortly`,
    );
  }
  return packager;
}

function sendPlaylist(reply: FastifyReply, body: string, cacheControl: string): FastifyReply {
  return reply
    .headers({ ...CORS_HEADERS, 'Content-Type': PLAYLIST, 'Cache-Control': cacheControl })
    .send(body);
}
