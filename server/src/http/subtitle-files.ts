import { ErrorCodes } from '@brume/protocol';
import type { FastifyReply } from 'fastify';
import type { LivePackager } from '../segments/live-packager';
import { BrumeError } from '../util/brume-error';
import { cacheControlFor } from './cache-control';
import { CORS_HEADERS } from './cors';
import { abortOnClose, isUpcoming, streamGrowingSegment } from './segment-files';

/** What a subtitle file name under `/hls/NAME/PUBLISH/` or `/dash/NAME/PUBLISH/` asks for. */
export type SubtitleFile =
  | { track: string; type: 'vtt-segment'; msn: number }
  | { track: string; type: 'vtt-part'; msn: number; part: number }
  | { track: string; type: 'wvtt-init' }
  | { track: string; type: 'wvtt-segment'; msn: number };

// Track names are [A-Za-z0-9_-]: the greedy name takes every `-` but the one before the number.
const VTT = /^subtitles-([A-Za-z0-9_-]{1,64})-(\d{1,9})(?:\.(\d{1,4}))?\.vtt$/;
const WVTT = /^subtitles-([A-Za-z0-9_-]{1,64})-(?:(init)\.mp4|(\d{1,9})\.m4s)$/;

/** `subtitles-en-12.vtt`, `subtitles-en-12.3.vtt` (HLS), `subtitles-en-init.mp4`, `subtitles-en-12.m4s` (DASH). */
export function parseSubtitleFile(name: string): SubtitleFile | undefined {
  const vtt = VTT.exec(name);
  if (vtt) {
    const [, track = '', msn, part] = vtt;
    return part === undefined
      ? { track, type: 'vtt-segment', msn: Number(msn) }
      : { track, type: 'vtt-part', msn: Number(msn), part: Number(part) };
  }
  const wvtt = WVTT.exec(name);
  if (!wvtt) return undefined;
  const [, track = '', init, msn] = wvtt;
  return init ? { track, type: 'wvtt-init' } : { track, type: 'wvtt-segment', msn: Number(msn) };
}

export function vttFileName(track: string, msn: number, part?: number): string {
  return part === undefined ? `subtitles-${track}-${msn}.vtt` : `subtitles-${track}-${msn}.${part}.vtt`;
}

/** The DASH `SegmentTemplate` names: `subtitles-TRACK-init.mp4`, `subtitles-TRACK-$Number$.m4s`. */
export function wvttFileNames(track: string): { init: string; media: string } {
  return { init: `subtitles-${track}-init.mp4`, media: `subtitles-${track}-$Number$.m4s` };
}

const IMMUTABLE = cacheControlFor('media');

function notFound(what: string): BrumeError {
  return new BrumeError(
    ErrorCodes.segmentNotFound,
    `${what} is not available (outside the window, never made, or no such subtitle track)`,
  );
}

/**
 * Answers a subtitle file of `packager`: made with its video part or segment, so one that is next
 * in line (a preload hint, an LL-DASH client asking at its availability time) is waited for, up to
 * `waitMs` past the video's completion time, as media files are. A DASH text segment still being
 * made is sent as the media segments are, chunk by chunk (one `wvtt` fragment per video part, with
 * chunked transfer), ending when the video segment completes: a client asking at the segment's
 * availability time must not wait a whole segment for its text while its media is streaming.
 */
export async function sendSubtitleFile(
  reply: FastifyReply,
  packager: LivePackager,
  file: SubtitleFile,
  waitMs: number,
): Promise<FastifyReply> {
  const subtitles = packager.subtitles;
  const track = subtitles?.tracks().find((candidate) => candidate.name === file.track);
  const video = packager.store('video');
  if (!subtitles || !track || !video) throw notFound(`subtitle track ${file.track}`);

  if (file.type === 'wvtt-init') {
    return reply
      .headers({ ...CORS_HEADERS, 'Content-Type': 'application/mp4', 'Cache-Control': IMMUTABLE })
      .send(Buffer.from(subtitles.init(track)));
  }

  const read = (): string | { chunks: Uint8Array[]; complete: boolean } | undefined => {
    switch (file.type) {
      case 'vtt-part':
        return subtitles.partVtt(file.track, file.msn, file.part);
      case 'vtt-segment':
        return subtitles.segmentVtt(file.track, file.msn);
      case 'wvtt-segment':
        return subtitles.segmentWvtt(file.track, file.msn);
    }
  };
  if (read() === undefined && (isUpcoming(video, file.msn) || video.segmentState(file.msn) === 'open')) {
    const abort = abortOnClose(reply);
    await packager.waitUntil(
      () => read() !== undefined || video.ended || packager.disposed,
      waitMs + Math.max(0, file.msn - (video.lastMsn ?? file.msn) + 1) * packager.segmentMs,
      abort.signal,
    );
    abort.dispose();
  }
  const body = read();
  if (body === undefined) throw notFound(`${file.type} ${file.msn} of subtitle track ${file.track}`);
  if (typeof body === 'string') {
    return reply
      .headers({ ...CORS_HEADERS, 'Content-Type': 'text/vtt; charset=utf-8', 'Cache-Control': IMMUTABLE })
      .send(body);
  }
  const headers = { ...CORS_HEADERS, 'Content-Type': 'application/mp4', 'Cache-Control': IMMUTABLE };
  if (body.complete || video.ended || packager.disposed) {
    return reply.headers(headers).send(Buffer.concat(body.chunks));
  }
  return streamOpenTextSegment(reply, packager, file.track, file.msn, headers);
}

/** Writes the segment's fragments so far, then each new one, and ends when the segment completes. */
function streamOpenTextSegment(
  reply: FastifyReply,
  packager: LivePackager,
  track: string,
  msn: number,
  headers: Record<string, string>,
): FastifyReply {
  const subtitles = packager.subtitles!;
  return streamGrowingSegment(reply, packager, headers, abortOnClose(reply), (sent) => {
    const now = subtitles.segmentWvtt(track, msn, sent);
    const chunks = now?.chunks ?? [];
    return {
      chunks,
      sent: sent + chunks.length,
      done: !now || now.complete || packager.store('video')?.ended === true,
    };
  });
}
