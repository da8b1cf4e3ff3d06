import { ErrorCodes, isValidStreamName } from '@brume/protocol';
import type { FastifyInstance } from 'fastify';
import { ClipError } from '../clip/clip-error';
import { cutClip } from '../clip/clip-cut';
import { CLIP_CONTENT_TYPES, muxClip, type ClipFormat } from '../clip/clip-muxer';
import { resolveClipRange } from '../clip/clip-range';
import type { StreamRegistry } from '../stream/stream-registry';
import { BrumeError } from '../util/brume-error';
import type { LiveMedia } from '../webrtc/publisher-media';
import { HttpError } from './errors';

const CLIP_FILE = /^(.+)\.(mp4|ts|mkv)$/;

interface ClipQuery {
  start?: string | string[];
  end?: string | string[];
}

/**
 * `GET /clip/:name.{mp4,ts,mkv}?start=&end=`: a file cut from the stream's DVR window without
 * transcoding (times in `clip/clip-time.ts`; `end` defaults to `now`). It starts at the keyframe at
 * or before `start`, and is named `<name>-<startMs>-<endMs>.<ext>` after where it really starts and
 * ends (stream ms). Errors: 400 `stream/invalid-name`, 400 `clip/invalid-range` (with the reason),
 * 404 `stream/not-found` (offline, unknown, or no H.264), 413 `clip/too-long`, 422
 * `clip/out-of-window`.
 */
export function registerClipRoutes(
  app: FastifyInstance,
  registry: StreamRegistry,
  mediaOf: (name: string) => LiveMedia | undefined,
  maxClipMs: number,
): void {
  app.get<{ Params: { file: string }; Querystring: ClipQuery }>('/clip/:file', async (request, reply) => {
    const match = CLIP_FILE.exec(request.params.file);
    if (!match) throw HttpError.notFound(request.method, request.url);
    const name = match[1] ?? '';
    const format = match[2] as ClipFormat;
    if (!isValidStreamName(name)) throw HttpError.invalidStreamName(name);
    const state = registry.get(name)?.state;
    const media = state === 'live' || state === 'starting' ? mediaOf(name) : undefined;
    if (!media) {
      throw state === 'live' || state === 'starting'
        ? new BrumeError(ErrorCodes.streamNotFound, `stream ${name} has no H.264 video to clip`)
        : BrumeError.streamOffline(name);
    }
    const held = media.window;
    if (!held) {
      throw new ClipError(ErrorCodes.clipOutOfWindow, `stream ${name} holds no media yet; retry in a moment`);
    }
    // A reader from the oldest keyframe hands over the whole window at once. Its newest picture is
    // the live edge: clips are cut on video, and the last unit pushed may be audio of any time.
    const reader = media.addReader({ onData: () => {}, onEnd: () => {} }, { atMs: held.firstMs });
    const units = reader.take();
    reader.close();
    const window = {
      firstMs: held.firstMs,
      lastMs: units.reduce((max, unit) => (unit.kind === 'video' ? Math.max(max, unit.streamMs) : max), 0),
    };
    const query = { start: single(request.query.start, 'start'), end: single(request.query.end, 'end') };
    const range = resolveClipRange(query, { startUnixMs: media.startUnixMs, window }, maxClipMs);
    const cut = cutClip(units, range, media.videoConfig);
    if (!cut) throw ClipError.outOfWindow(`no keyframe at or before stream ms ${range.startMs}`, window);
    const bytes = await muxClip(format, cut, media.audioConfig);
    const filename = `${name}-${Math.round(cut.startMs)}-${Math.round(cut.endMs)}.${format}`;
    return reply
      .header('Content-Type', CLIP_CONTENT_TYPES[format])
      .header('Content-Disposition', `attachment; filename="${filename}"`)
      .header('Cache-Control', 'no-store')
      .send(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  });
}

function single(value: string | string[] | undefined, what: string): string | undefined {
  if (Array.isArray(value)) throw ClipError.invalidRange(`${what} is given more than once`);
  return value;
}
