import { ErrorCodes, isValidStreamName } from '@brume/protocol';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { ClipError } from '../clip/clip-error';
import { cutClip } from '../clip/clip-cut';
import { CLIP_CONTENT_TYPES, muxClip, type ClipFormat } from '../clip/clip-muxer';
import { resolveClipRange } from '../clip/clip-range';
import { parseClipTime } from '../clip/clip-time';
import { resolveRecordingRange } from '../clip/recording-range';
import { readRecordingSpan } from '../clip/recording-source';
import type { RecordingManager } from '../recording/recording-manager';
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
 * `GET /clip/:name.{mp4,ts,mkv}?start=&end=`: a file cut from the stream's DVR window, or from one
 * of its recordings for wall-clock times before the window (or when it is offline), without
 * transcoding (times in `clip/clip-time.ts`; `end` defaults to `now`). It starts at the keyframe at
 * or before `start`, and is named `<name>-<start>-<end>.<ext>` after where it really starts and
 * ends: stream ms from the DVR window, unix ms from a recording. Errors: 400 `stream/invalid-name`, 400 `clip/invalid-range` (with the reason),
 * 404 `stream/not-found` (offline, unknown, or no H.264), 413 `clip/too-long`, 422
 * `clip/out-of-window`.
 */
export function registerClipRoutes(
  app: FastifyInstance,
  registry: StreamRegistry,
  mediaOf: (name: string) => LiveMedia | undefined,
  recordings: RecordingManager,
  /** Read per request: a reloaded config applies at once. */
  maxClipMs: () => number,
): void {
  app.get<{ Params: { file: string }; Querystring: ClipQuery }>('/clip/:file', async (request, reply) => {
    const match = CLIP_FILE.exec(request.params.file);
    if (!match) throw HttpError.notFound(request.method, request.url);
    const name = match[1] ?? '';
    const format = match[2] as ClipFormat;
    if (!isValidStreamName(name)) throw HttpError.invalidStreamName(name);
    const query = { start: single(request.query.start, 'start'), end: single(request.query.end, 'end') };
    const state = registry.get(name)?.state;
    const media = state === 'live' || state === 'starting' ? mediaOf(name) : undefined;
    const fromRecording = await recordingClip(name, format, query, media);
    if (fromRecording) return send(reply, name, format, fromRecording);
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
    const range = resolveClipRange(query, { startUnixMs: media.startUnixMs, window }, maxClipMs());
    const cut = cutClip(units, range, media.videoConfig);
    if (!cut) throw ClipError.outOfWindow(`no keyframe at or before stream ms ${range.startMs}`, window);
    return send(reply, name, format, {
      bytes: await muxClip(format, cut, media.audioConfig),
      fromMs: cut.startMs,
      toMs: cut.endMs,
    });
  });

  /**
   * A clip from a recording file, when both times are wall-clock (`unix:`/ISO 8601: a file's own
   * times are its publish's) and the start is not in the live DVR window; undefined otherwise, or
   * when the stream has no recording (the DVR path then answers). Named in unix ms.
   */
  async function recordingClip(
    name: string,
    format: ClipFormat,
    query: { start: string | undefined; end: string | undefined },
    media: LiveMedia | undefined,
  ): Promise<ClipBytes | undefined> {
    if (query.start === undefined || query.end === undefined) return undefined;
    const start = parseClipTime(query.start, 'start');
    const end = parseClipTime(query.end, 'end');
    if (start.kind !== 'unix' || end.kind !== 'unix') return undefined;
    const window = media?.window;
    if (media && window && start.ms >= media.startUnixMs + window.firstMs) return undefined;
    const files = (await recordings.list()).filter((file) => file.stream === name);
    if (files.length === 0) return undefined;
    const range = resolveRecordingRange(start, end, files, maxClipMs());
    const span = await readRecordingSpan(range.file.absolutePath, range.fromMs, range.toMs);
    const cut =
      span &&
      cutClip(
        span.units,
        { startMs: span.firstMs + range.fromMs, endMs: span.firstMs + range.toMs },
        span.video,
      );
    if (!span || !cut) {
      throw new ClipError(
        ErrorCodes.clipOutOfWindow,
        `recording ${range.file.path} has no keyframe to start at`,
      );
    }
    const toUnix = (ms: number) => range.file.startUnixMs + ms - span.firstMs;
    return {
      bytes: await muxClip(format, cut, span.audio),
      fromMs: toUnix(cut.startMs),
      toMs: toUnix(cut.endMs),
    };
  }
}

interface ClipBytes {
  bytes: Uint8Array;
  /** Where the clip really starts and ends, for its name. */
  fromMs: number;
  toMs: number;
}

function send(reply: FastifyReply, name: string, format: ClipFormat, clip: ClipBytes): FastifyReply {
  const { bytes } = clip;
  const filename = `${name}-${Math.round(clip.fromMs)}-${Math.round(clip.toMs)}.${format}`;
  return reply
    .header('Content-Type', CLIP_CONTENT_TYPES[format])
    .header('Content-Disposition', `attachment; filename="${filename}"`)
    .header('Cache-Control', 'no-store')
    .send(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
}

function single(value: string | string[] | undefined, what: string): string | undefined {
  if (Array.isArray(value)) throw ClipError.invalidRange(`${what} is given more than once`);
  return value;
}
