/** Test-only ISO BMFF reader: enough to walk the box tree the writer produced. */

export interface ParsedBox {
  type: string;
  /** The whole box, header included. */
  bytes: Uint8Array;
  children: ParsedBox[];
}

/** Bytes between the header and the first child box, for boxes that have children. */
const CHILD_OFFSETS: Record<string, number> = {
  moov: 8,
  trak: 8,
  mdia: 8,
  minf: 8,
  dinf: 8,
  stbl: 8,
  mvex: 8,
  moof: 8,
  traf: 8,
  dref: 16,
  stsd: 16,
  avc1: 86,
  Opus: 36,
  wvtt: 16,
  vttc: 8,
};

export function readBoxes(bytes: Uint8Array): ParsedBox[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const boxes: ParsedBox[] = [];
  let at = 0;
  while (at + 8 <= bytes.length) {
    const size = view.getUint32(at);
    if (size < 8 || at + size > bytes.length) throw new Error(`bad box size ${size} at ${at}`);
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    const box = bytes.subarray(at, at + size);
    const childOffset = CHILD_OFFSETS[type];
    boxes.push({
      type,
      bytes: box,
      children: childOffset === undefined ? [] : readBoxes(box.subarray(childOffset)),
    });
    at += size;
  }
  if (at !== bytes.length) throw new Error(`${bytes.length - at} trailing bytes`);
  return boxes;
}

/** Every box as a slash-separated path, depth first: `moov/trak/mdia/mdhd`. */
export function boxPaths(boxes: readonly ParsedBox[], prefix = ''): string[] {
  return boxes.flatMap((box) => [`${prefix}${box.type}`, ...boxPaths(box.children, `${prefix}${box.type}/`)]);
}

/** All boxes at a path such as `moov/trak/tkhd`. */
export function findBoxes(boxes: readonly ParsedBox[], path: string): ParsedBox[] {
  const [head, ...rest] = path.split('/');
  const matches = boxes.filter((box) => box.type === head);
  return rest.length === 0 ? matches : matches.flatMap((box) => findBoxes(box.children, rest.join('/')));
}

export const hex = (bytes: Uint8Array | undefined): string => Buffer.from(bytes ?? []).toString('hex');
export const fromHex = (text: string): Uint8Array =>
  Uint8Array.from(Buffer.from(text.replace(/\s+/g, ''), 'hex'));
