/**
 * Just enough ISO BMFF (ISO/IEC 14496-12) to count what a live fMP4 carries without decoding it:
 * the tracks of an init segment, and the samples (time, duration, size, sync flag, bytes) of
 * `moof`+`mdat` fragments as they arrive — whole (an LL-HLS part, a WebSocket message) or in pieces
 * (a chunked LL-DASH segment). Pure: bytes in, samples out.
 */

export interface Fmp4Track {
  id: number;
  /** From the `hdlr` handler type. */
  kind: 'video' | 'audio' | 'text' | 'other';
  timescale: number;
  /** `trex` defaults, for fragments whose `tfhd`/`trun` leave them out. */
  defaultDuration: number;
  defaultSize: number;
  defaultFlags: number;
}

export interface Fmp4Sample {
  trackId: number;
  /** Decode time in the track's timescale. */
  decodeTime: number;
  duration: number;
  size: number;
  keyframe: boolean;
  /** The sample's bytes (empty when the `mdat` does not hold them). */
  data: Uint8Array;
}

export class Fmp4Error extends Error {
  override name = 'Fmp4Error';
}

const NON_SYNC = 0x10000;

interface Box {
  type: string;
  /** The payload: after the header. */
  body: Uint8Array;
  /** Where the box starts in the buffer it was read from. */
  start: number;
}

/** The boxes of `bytes` one level down; a box cut short ends the walk (the rest is not here yet). */
function* boxes(bytes: Uint8Array): Generator<Box> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 0;
  while (at + 8 <= bytes.length) {
    const header = boxHeader(view, at, bytes.length);
    if (!header || at + header.size > bytes.length) return;
    yield { type: header.type, body: bytes.subarray(at + header.headerSize, at + header.size), start: at };
    at += header.size;
  }
}

function boxHeader(
  view: DataView,
  at: number,
  available: number,
): { type: string; size: number; headerSize: number } | undefined {
  let size = view.getUint32(at);
  const type = String.fromCharCode(
    view.getUint8(at + 4),
    view.getUint8(at + 5),
    view.getUint8(at + 6),
    view.getUint8(at + 7),
  );
  let headerSize = 8;
  if (size === 1) {
    if (at + 16 > available) return undefined;
    size = Number(view.getBigUint64(at + 8));
    headerSize = 16;
  } else if (size === 0) size = available - at;
  if (size < headerSize) throw new Fmp4Error(`bad ${type} box size ${size}`);
  return { type, size, headerSize };
}

function child(parent: Uint8Array, type: string): Uint8Array | undefined {
  for (const box of boxes(parent)) if (box.type === type) return box.body;
  return undefined;
}

function children(parent: Uint8Array, type: string): Uint8Array[] {
  return [...boxes(parent)].filter((box) => box.type === type).map((box) => box.body);
}

function viewOf(body: Uint8Array): DataView {
  return new DataView(body.buffer, body.byteOffset, body.byteLength);
}

/** The tracks of an init segment (`ftyp` + `moov`). */
export function parseInitSegment(bytes: Uint8Array): Fmp4Track[] {
  const moov = child(bytes, 'moov');
  if (!moov) throw new Fmp4Error('no moov box: not an init segment');
  const defaults = new Map<number, { duration: number; size: number; flags: number }>();
  for (const trex of children(child(moov, 'mvex') ?? new Uint8Array(), 'trex')) {
    const view = viewOf(trex);
    defaults.set(view.getUint32(4), {
      duration: view.getUint32(12),
      size: view.getUint32(16),
      flags: view.getUint32(20),
    });
  }
  return children(moov, 'trak').map((trak) => {
    const tkhd = child(trak, 'tkhd');
    const mdia = child(trak, 'mdia');
    const mdhd = mdia && child(mdia, 'mdhd');
    const hdlr = mdia && child(mdia, 'hdlr');
    if (!tkhd || !mdhd || !hdlr) throw new Fmp4Error('a trak without tkhd, mdhd or hdlr');
    const id = viewOf(tkhd).getUint32(tkhd[0] === 1 ? 20 : 12);
    const timescale = viewOf(mdhd).getUint32(mdhd[0] === 1 ? 20 : 12);
    const handler = String.fromCharCode(...hdlr.subarray(8, 12));
    const kind =
      handler === 'vide' ? 'video' : handler === 'soun' ? 'audio' : handler === 'text' ? 'text' : 'other';
    const trex = defaults.get(id);
    return {
      id,
      kind,
      timescale,
      defaultDuration: trex?.duration ?? 0,
      defaultSize: trex?.size ?? 0,
      defaultFlags: trex?.flags ?? 0,
    };
  });
}

/**
 * The samples of every `moof` in `bytes` (`styp`, `prft`, `emsg` and the like are passed over).
 * Sample data is found at the `trun` data offset from the `moof` (CMAF: default-base-is-moof).
 */
export function parseFragments(bytes: Uint8Array, tracks: readonly Fmp4Track[]): Fmp4Sample[] {
  const samples: Fmp4Sample[] = [];
  for (const box of boxes(bytes)) {
    if (box.type !== 'moof') continue;
    for (const traf of children(box.body, 'traf'))
      samples.push(...trafSamples(traf, bytes, box.start, tracks));
  }
  return samples;
}

function trafSamples(
  traf: Uint8Array,
  bytes: Uint8Array,
  moofStart: number,
  tracks: readonly Fmp4Track[],
): Fmp4Sample[] {
  const tfhd = child(traf, 'tfhd');
  if (!tfhd) throw new Fmp4Error('a traf without tfhd');
  const header = viewOf(tfhd);
  const tfhdFlags = header.getUint32(0) & 0xffffff;
  const trackId = header.getUint32(4);
  const track = tracks.find((t) => t.id === trackId);
  let at = 8;
  let base = moofStart;
  if (tfhdFlags & 0x1) {
    base = Number(header.getBigUint64(at));
    at += 8;
  }
  if (tfhdFlags & 0x2) at += 4;
  /** The next optional u32 of the tfhd, if its flag says it is there. */
  const optional = (flag: number): number | undefined => {
    if (!(tfhdFlags & flag)) return undefined;
    at += 4;
    return header.getUint32(at - 4);
  };
  const defaultDuration = optional(0x8) ?? track?.defaultDuration ?? 0;
  const defaultSize = optional(0x10) ?? track?.defaultSize ?? 0;
  const defaultFlags = optional(0x20) ?? track?.defaultFlags ?? 0;

  const tfdt = child(traf, 'tfdt');
  let time = 0;
  if (tfdt) time = tfdt[0] === 1 ? Number(viewOf(tfdt).getBigUint64(4)) : viewOf(tfdt).getUint32(4);

  const samples: Fmp4Sample[] = [];
  for (const trun of children(traf, 'trun')) {
    const view = viewOf(trun);
    const flags = view.getUint32(0) & 0xffffff;
    const count = view.getUint32(4);
    let p = 8;
    let dataAt = base;
    if (flags & 0x1) {
      dataAt = base + view.getInt32(p);
      p += 4;
    }
    let firstFlags: number | undefined;
    if (flags & 0x4) {
      firstFlags = view.getUint32(p);
      p += 4;
    }
    for (let i = 0; i < count; i++) {
      const duration = flags & 0x100 ? view.getUint32((p += 4) - 4) : defaultDuration;
      const size = flags & 0x200 ? view.getUint32((p += 4) - 4) : defaultSize;
      let sampleFlags = flags & 0x400 ? view.getUint32((p += 4) - 4) : defaultFlags;
      if (i === 0 && firstFlags !== undefined) sampleFlags = firstFlags;
      if (flags & 0x800) p += 4;
      const data = dataAt + size <= bytes.length ? bytes.subarray(dataAt, dataAt + size) : new Uint8Array();
      samples.push({
        trackId,
        decodeTime: time,
        duration,
        size,
        keyframe: (sampleFlags & NON_SYNC) === 0,
        data,
      });
      time += duration;
      dataAt += size;
    }
  }
  return samples;
}

/**
 * Top-level boxes out of a byte stream that arrives in arbitrary pieces (a chunked HTTP body): each
 * `moof` is handed out with the boxes up to and including its `mdat`, so its samples can be read.
 */
export class FragmentReader {
  private pending: Uint8Array = new Uint8Array();
  private fragment: Uint8Array[] = [];

  /** The complete fragments (`moof` … `mdat`) this chunk finishes. */
  push(chunk: Uint8Array): Uint8Array[] {
    this.pending = this.pending.length === 0 ? chunk : concat([this.pending, chunk]);
    const done: Uint8Array[] = [];
    const view = viewOf(this.pending);
    let at = 0;
    while (at + 8 <= this.pending.length) {
      const header = boxHeader(view, at, Number.MAX_SAFE_INTEGER);
      // size 0 ("to the end") never ends on a live stream: not used by the relay's outputs.
      if (!header || at + header.size > this.pending.length) break;
      const box = this.pending.subarray(at, at + header.size);
      if (header.type === 'moof') this.fragment = [box];
      else if (this.fragment.length > 0) {
        this.fragment.push(box);
        if (header.type === 'mdat') {
          done.push(concat(this.fragment));
          this.fragment = [];
        }
      }
      at += header.size;
    }
    this.pending = this.pending.subarray(at);
    return done;
  }

  /** Bytes held waiting for the rest of a box. */
  get buffered(): number {
    return this.pending.length + this.fragment.reduce((sum, box) => sum + box.length, 0);
  }
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
