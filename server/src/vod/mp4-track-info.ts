import { child, childBoxes, children, descend, type BoxSpan } from './iso-box';

/** What a VoD playlist needs to know of one track of a fragmented MP4's `moov`. */
export interface Mp4TrackInfo {
  id: number;
  kind: 'video' | 'audio' | 'other';
  timescale: number;
  /** RFC 6381 codec string (`avc1.42e01f`, `opus`, `mp4a.40.2`), when the sample entry tells it. */
  codec: string | undefined;
  width?: number;
  height?: number;
  /** `trex` defaults, used where a `tfhd`/`trun` leaves duration or flags out. */
  defaultSampleDuration: number;
  defaultSampleFlags: number;
}

/** Reads the tracks of a `moov` box found at `moov` in `bytes`. */
export function parseMoov(bytes: Uint8Array, moov: BoxSpan): Mp4TrackInfo[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const trex = new Map<number, { duration: number; flags: number }>();
  const mvex = child(bytes, moov, 'mvex');
  for (const box of mvex ? children(bytes, mvex, 'trex') : []) {
    const at = box.start + box.header + 4;
    trex.set(view.getUint32(at), { duration: view.getUint32(at + 8), flags: view.getUint32(at + 16) });
  }
  const tracks: Mp4TrackInfo[] = [];
  for (const trak of children(bytes, moov, 'trak')) {
    const tkhd = child(bytes, trak, 'tkhd');
    const mdhd = descend(bytes, trak, 'mdia/mdhd');
    const hdlr = descend(bytes, trak, 'mdia/hdlr');
    if (!tkhd || !mdhd || !hdlr) continue;
    const tkhdVersion = bytes[tkhd.start + tkhd.header]!;
    const id = view.getUint32(tkhd.start + tkhd.header + 4 + (tkhdVersion === 1 ? 16 : 8));
    const mdhdVersion = bytes[mdhd.start + mdhd.header]!;
    const timescale = view.getUint32(mdhd.start + mdhd.header + 4 + (mdhdVersion === 1 ? 16 : 8));
    const handler = String.fromCharCode(
      ...bytes.subarray(hdlr.start + hdlr.header + 8, hdlr.start + hdlr.header + 12),
    );
    const kind = handler === 'vide' ? 'video' : handler === 'soun' ? 'audio' : 'other';
    const defaults = trex.get(id) ?? { duration: 0, flags: 0 };
    tracks.push({
      id,
      kind,
      timescale,
      ...sampleEntryOf(bytes, trak),
      defaultSampleDuration: defaults.duration,
      defaultSampleFlags: defaults.flags,
    });
  }
  return tracks;
}

/** The codec string (and picture size) of a track's first sample entry. */
function sampleEntryOf(bytes: Uint8Array, trak: BoxSpan): Pick<Mp4TrackInfo, 'codec' | 'width' | 'height'> {
  const stsd = descend(bytes, trak, 'mdia/minf/stbl/stsd');
  // stsd: full box header (4) and entry count (4), then the entries.
  const entry = stsd && childBoxes(bytes, stsd.start + stsd.header + 8, stsd.start + stsd.size)[0];
  if (!entry) return { codec: undefined };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const payload = entry.start + entry.header;
  switch (entry.type) {
    case 'avc1':
    case 'avc3': {
      // VisualSampleEntry: 6 reserved + 2 data reference + 16 pre-defined/reserved, then width,
      // height; the codec boxes start 78 bytes in.
      const size = { width: view.getUint16(payload + 24), height: view.getUint16(payload + 26) };
      const avcC = childBoxes(bytes, payload + 78, entry.start + entry.size).find(
        (box) => box.type === 'avcC',
      );
      if (!avcC) return { codec: entry.type, ...size };
      const at = avcC.start + avcC.header;
      const hex = (byte: number) => byte.toString(16).padStart(2, '0');
      return {
        codec: `${entry.type}.${hex(bytes[at + 1]!)}${hex(bytes[at + 2]!)}${hex(bytes[at + 3]!)}`,
        ...size,
      };
    }
    case 'Opus':
      return { codec: 'opus' };
    case 'mp4a':
      // The object type would need the esds descriptor walk; AAC-LC is what every encoder defaults to.
      return { codec: 'mp4a.40.2' };
    default:
      return { codec: undefined };
  }
}
