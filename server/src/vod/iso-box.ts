/** Where one ISO BMFF box lies in a byte range. */
export interface BoxSpan {
  type: string;
  /** Offset of the box's first header byte. */
  start: number;
  /** Header length: 8, or 16 with a 64-bit size. */
  header: number;
  /** The whole box, header included. */
  size: number;
}

/**
 * The header of the box at `at`, or undefined when fewer than its header's bytes remain or its
 * size is impossible. A size of 0 (to the end) is read as reaching `end`.
 */
export function boxAt(bytes: Uint8Array, at: number, end = bytes.length): BoxSpan | undefined {
  if (at + 8 > end) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let size = view.getUint32(at);
  const type = String.fromCharCode(bytes[at + 4]!, bytes[at + 5]!, bytes[at + 6]!, bytes[at + 7]!);
  let header = 8;
  if (size === 1) {
    if (at + 16 > end) return undefined;
    size = Number(view.getBigUint64(at + 8));
    header = 16;
  } else if (size === 0) {
    size = end - at;
  }
  if (size < header) return undefined;
  return { type, start: at, header, size };
}

/** The boxes directly inside [start, end), stopping at the first box that does not fit. */
export function childBoxes(bytes: Uint8Array, start: number, end: number): BoxSpan[] {
  const out: BoxSpan[] = [];
  let at = start;
  for (let box = boxAt(bytes, at, end); box && at + box.size <= end; box = boxAt(bytes, at, end)) {
    out.push(box);
    at += box.size;
  }
  return out;
}

/** The first box of `type` inside `parent`'s payload (after `skip` bytes of its own fields). */
export function child(bytes: Uint8Array, parent: BoxSpan, type: string, skip = 0): BoxSpan | undefined {
  return childBoxes(bytes, parent.start + parent.header + skip, parent.start + parent.size).find(
    (box) => box.type === type,
  );
}

/** Every box of `type` inside `parent`'s payload. */
export function children(bytes: Uint8Array, parent: BoxSpan, type: string): BoxSpan[] {
  return childBoxes(bytes, parent.start + parent.header, parent.start + parent.size).filter(
    (box) => box.type === type,
  );
}

/** Follows a path of box types (`mdia/minf/stbl`) down from `parent`. */
export function descend(bytes: Uint8Array, parent: BoxSpan, path: string): BoxSpan | undefined {
  let box: BoxSpan | undefined = parent;
  for (const type of path.split('/')) box = box && child(bytes, box, type);
  return box;
}
