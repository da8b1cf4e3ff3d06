import { ErrorCodes } from '@brume/protocol';
import type { FastifyReply } from 'fastify';
import type { LivePackager } from '../segments/live-packager';
import type { RenditionStore } from '../segments/rendition-store';
import type { RenditionKind } from '../segments/segment-model';
import { BrumeError } from '../util/brume-error';
import { cacheControlFor } from './cache-control';
import { CORS_HEADERS } from './cors';

/** What a media file name under `/hls/NAME/PUBLISH/` or `/dash/NAME/PUBLISH/` asks for. */
export type SegmentFile =
  | { kind: RenditionKind; type: 'init' }
  | { kind: RenditionKind; type: 'segment'; msn: number }
  | { kind: RenditionKind; type: 'part'; msn: number; part: number };

const FILE = /^(video|audio)-(?:(init)\.mp4|(\d{1,9})(?:\.(\d{1,4}))?\.m4s)$/;

/** `video-init.mp4`, `audio-12.m4s` (segment 12), `video-12.3.m4s` (part 3 of segment 12). */
export function parseSegmentFile(name: string): SegmentFile | undefined {
  const match = FILE.exec(name);
  if (!match) return undefined;
  const kind = match[1] as RenditionKind;
  if (match[2]) return { kind, type: 'init' };
  const msn = Number(match[3]);
  return match[4] === undefined
    ? { kind, type: 'segment', msn }
    : { kind, type: 'part', msn, part: Number(match[4]) };
}

export function segmentFileName(kind: RenditionKind, msn?: number, part?: number): string {
  if (msn === undefined) return `${kind}-init.mp4`;
  return part === undefined ? `${kind}-${msn}.m4s` : `${kind}-${msn}.${part}.m4s`;
}

const IMMUTABLE = cacheControlFor('media');
/** How far ahead of the newest segment a request may be held waiting (DASH clients run a little early). */
const MAX_SEGMENTS_AHEAD = 2;

function notFound(what: string): BrumeError {
  return new BrumeError(
    ErrorCodes.segmentNotFound,
    `${what} is not available (outside the window, or never made)`,
  );
}

/**
 * Answers a request for an init segment, a part or a segment of `packager`. A part or segment
 * that does not exist yet but is next in line (an LL-HLS preload hint, an LL-DASH client asking at
 * its availability time) is waited for; a segment still being written is sent part by part as
 * they are made (chunked transfer), ending when the segment completes.
 */
export async function sendSegmentFile(
  reply: FastifyReply,
  packager: LivePackager,
  file: SegmentFile,
  waitMs: number,
): Promise<FastifyReply> {
  const store = packager.store(file.kind);
  if (!store) throw notFound(`${file.kind} track`);
  const mime = file.kind === 'video' ? 'video/mp4' : 'audio/mp4';
  const headers = { ...CORS_HEADERS, 'Content-Type': mime, 'Cache-Control': IMMUTABLE };
  // Only a request that waits needs to hear its client leave: most parts already exist.
  let abort: ClosingSignal | undefined;
  const closing = () => (abort ??= abortOnClose(reply));

  if (file.type === 'init') return reply.headers(headers).send(Buffer.from(store.init));

  if (file.type === 'part') {
    const { msn, part } = file;
    const exists = () => store.part(msn, part) !== undefined;
    if (!exists() && isUpcoming(store, msn)) {
      await packager.waitUntil(
        () => exists() || store.segmentState(msn) === 'complete' || store.ended || packager.disposed,
        waitMs,
        closing().signal,
      );
    }
    abort?.dispose();
    const bytes = store.part(msn, part);
    if (!bytes) throw notFound(`part ${part} of segment ${msn}`);
    return reply.headers(headers).send(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  }

  const { msn } = file;
  if (store.segmentState(msn) === 'missing' && isUpcoming(store, msn)) {
    await packager.waitUntil(
      () => store.segmentState(msn) !== 'missing' || store.ended || packager.disposed,
      waitMs + (msn - (store.lastMsn ?? msn)) * packager.segmentMs,
      closing().signal,
    );
  }
  if (store.segmentState(msn) === 'missing') {
    abort?.dispose();
    throw notFound(`segment ${msn}`);
  }
  if (store.segmentState(msn) === 'complete') {
    abort?.dispose();
    return reply.headers(headers).send(Buffer.concat(store.segmentChunks(msn)));
  }
  return streamOpenSegment(reply, packager, store, msn, headers, closing());
}

/** Whether `msn` is the open segment or comes within a couple of segments after the newest one. */
export function isUpcoming(store: RenditionStore, msn: number): boolean {
  const last = store.lastMsn;
  if (store.ended) return false;
  return last === undefined ? msn <= MAX_SEGMENTS_AHEAD : msn >= last && msn <= last + MAX_SEGMENTS_AHEAD;
}

/** Writes what the segment has, then each new part, and ends when it completes (or the publish ends). */
function streamOpenSegment(
  reply: FastifyReply,
  packager: LivePackager,
  store: RenditionStore,
  msn: number,
  headers: Record<string, string>,
  abort: ClosingSignal,
): FastifyReply {
  // `sent` counts parts: the first answer also has the `styp` in front of them.
  return streamGrowingSegment(reply, packager, headers, abort, (sent) => ({
    chunks: store.segmentChunks(msn, sent),
    sent: store.partCount(msn),
    done: store.segmentState(msn) !== 'open' || store.ended,
  }));
}

/**
 * Answers a segment still being written (chunked transfer): writes the chunks `next(sent)` has after
 * the `sent` already written (in `next`'s own unit, which it returns updated), again on every
 * packager change, and ends when `next` says the segment is done, the packager stops, or the client
 * goes away.
 */
export function streamGrowingSegment(
  reply: FastifyReply,
  packager: LivePackager,
  headers: Record<string, string>,
  abort: ClosingSignal,
  next: (sent: number) => { chunks: readonly Uint8Array[]; sent: number; done: boolean },
): FastifyReply {
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, { ...headers, 'X-Accel-Buffering': 'no' });
  let sent = 0;
  let off = () => {};
  const flush = () => {
    const { chunks, sent: now, done } = next(sent);
    for (const chunk of chunks) res.write(chunk);
    sent = now;
    if (done || packager.disposed) {
      off();
      abort.dispose();
      res.end();
    }
  };
  off = packager.events.on('change', flush);
  abort.signal.addEventListener('abort', () => off(), { once: true });
  flush();
  return reply;
}

export interface ClosingSignal {
  signal: AbortSignal;
  dispose(): void;
}

/** An AbortSignal that fires when the client goes away before the answer is complete. */
export function abortOnClose(reply: FastifyReply): ClosingSignal {
  const controller = new AbortController();
  const onClose = () => {
    if (!reply.raw.writableFinished) controller.abort();
  };
  reply.raw.once('close', onClose);
  return {
    signal: controller.signal,
    dispose: () => reply.raw.off('close', onClose),
  };
}
