import { open } from 'node:fs/promises';
import { boxAt } from './iso-box';
import { parseMoof } from './mp4-fragment-info';
import { parseMoov, type Mp4TrackInfo } from './mp4-track-info';

/** One `moof`+`mdat` (with the `emsg`/`styp` boxes before it) of a fragmented MP4 file. */
export interface VodFragment {
  offset: number;
  length: number;
  /** Decode time of its first sample, seconds, on the file's own timeline (the timing track's). */
  startSec: number;
  durationSec: number;
  /** Starts with a sync sample of the timing track: a place a player can start decoding. */
  keyframe: boolean;
}

/** Where everything is in a fragmented MP4: enough to serve it as HLS VoD by byte ranges. */
export interface VodIndex {
  /** `ftyp`+`moov`: bytes [0, initLength). */
  initLength: number;
  tracks: Mp4TrackInfo[];
  /** The track fragments are timed by: video if there is one. */
  timingTrack: Mp4TrackInfo;
  /** Whole fragments only: one still being written (or cut by a crash) is left out. */
  fragments: VodFragment[];
}

/** Random access to a file's bytes. */
export interface ByteSource {
  readonly size: number;
  read(offset: number, length: number): Promise<Uint8Array>;
}

/** Header bytes read to learn a box's type and size (a 64-bit size needs 16). */
const HEADER_READ = 16;

/**
 * Walks the top-level boxes of a fragmented MP4 (as our recorder and `.mp4` output write it: `ftyp`,
 * `moov`, then `[emsg…] moof mdat` per fragment) reading only box headers and the small `moov` and
 * `moof` boxes, never the media. Undefined when it is not a fragmented MP4 with a `moov` first.
 */
export async function indexFragmentedMp4(source: ByteSource): Promise<VodIndex | undefined> {
  let at = 0;
  let tracks: Mp4TrackInfo[] | undefined;
  let initLength = 0;
  const fragments: VodFragment[] = [];
  let fragmentStart: number | undefined;
  let timing: { startSec: number; durationSec: number; keyframe: boolean } | undefined;
  let timingTrack: Mp4TrackInfo | undefined;
  while (at < source.size) {
    const head = await source.read(at, Math.min(HEADER_READ, source.size - at));
    const box = boxAt(head, 0, head.length);
    // A box past the end is one being written (or cut by a crash): the file ends before it.
    if (!box || at + box.size > source.size) break;
    if (box.type === 'moov') {
      const moov = await source.read(at, box.size);
      tracks = parseMoov(moov, { ...box, start: 0 });
      timingTrack = tracks.find((track) => track.kind === 'video') ?? tracks[0];
      initLength = at + box.size;
    } else if (tracks && timingTrack) {
      fragmentStart ??= at;
      if (box.type === 'moof') {
        const moof = await source.read(at, box.size);
        const run = parseMoof(moof, { ...box, start: 0 }, tracks).find(
          (candidate) => candidate.trackId === timingTrack!.id,
        );
        timing = run && {
          startSec: run.baseDecodeTime / timingTrack.timescale,
          durationSec: run.duration / timingTrack.timescale,
          keyframe: run.startsWithSync,
        };
      } else if (box.type === 'mdat') {
        // A fragment without the timing track (audio between pictures) has nothing to place it by.
        if (timing)
          fragments.push({ offset: fragmentStart, length: at + box.size - fragmentStart, ...timing });
        fragmentStart = undefined;
        timing = undefined;
      }
    } else if (box.type !== 'ftyp' && box.type !== 'free' && box.type !== 'skip') {
      return undefined;
    }
    at += box.size;
  }
  if (!tracks || !timingTrack) return undefined;
  return { initLength, tracks, timingTrack, fragments };
}

/** A file on disk as a `ByteSource`, open while `use` runs. */
export async function withFileBytes<T>(file: string, use: (source: ByteSource) => Promise<T>): Promise<T> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    return await use({
      size,
      async read(offset, length) {
        const buffer = new Uint8Array(length);
        const { bytesRead } = await handle.read(buffer, 0, length, offset);
        return buffer.subarray(0, bytesRead);
      },
    });
  } finally {
    await handle.close();
  }
}

/** `bytes` as a `ByteSource` (tests, and files already in memory). */
export function memoryBytes(bytes: Uint8Array): ByteSource {
  return {
    size: bytes.length,
    read: async (offset, length) => bytes.subarray(offset, offset + length),
  };
}
