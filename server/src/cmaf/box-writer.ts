const textEncoder = new TextEncoder();

/**
 * A growable big-endian byte writer for ISO BMFF boxes. `box()` writes a size placeholder, runs the
 * body and patches the size afterwards, so callers never compute box sizes by hand. Every write
 * checks its range: a silently truncated field would produce a file that parses but plays wrong.
 */
export class BoxWriter {
  private buffer: Uint8Array;
  private view: DataView;
  private position = 0;

  constructor(initialCapacity = 256) {
    this.buffer = new Uint8Array(initialCapacity);
    this.view = new DataView(this.buffer.buffer);
  }

  /** Bytes written so far. */
  get length(): number {
    return this.position;
  }

  u8(value: number): this {
    checkUnsigned(value, 8);
    this.reserve(1);
    this.view.setUint8(this.position++, value);
    return this;
  }

  u16(value: number): this {
    checkUnsigned(value, 16);
    this.reserve(2);
    this.view.setUint16(this.position, value);
    this.position += 2;
    return this;
  }

  i16(value: number): this {
    checkSigned(value, 16);
    this.reserve(2);
    this.view.setInt16(this.position, value);
    this.position += 2;
    return this;
  }

  u24(value: number): this {
    checkUnsigned(value, 24);
    this.reserve(3);
    this.view.setUint8(this.position, value >>> 16);
    this.view.setUint16(this.position + 1, value & 0xffff);
    this.position += 3;
    return this;
  }

  u32(value: number): this {
    checkUnsigned(value, 32);
    this.reserve(4);
    this.view.setUint32(this.position, value);
    this.position += 4;
    return this;
  }

  i32(value: number): this {
    checkSigned(value, 32);
    this.reserve(4);
    this.view.setInt32(this.position, value);
    this.position += 4;
    return this;
  }

  /** 64-bit unsigned from a JS number: media times stay far below 2^53, so no bigint on the hot path. */
  u64(value: number): this {
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new RangeError(`u64 field must be a non-negative safe integer, got ${value}`);
    }
    const high = Math.floor(value / 2 ** 32);
    return this.u32(high).u32(value - high * 2 ** 32);
  }

  /** A four-character code (box type, brand, handler type). */
  fourcc(code: string): this {
    if (!/^[\x20-\x7e]{4}$/.test(code)) throw new RangeError(`not a four-character code: "${code}"`);
    this.reserve(4);
    for (let i = 0; i < 4; i++) this.buffer[this.position++] = code.charCodeAt(i);
    return this;
  }

  bytes(data: Uint8Array): this {
    this.reserve(data.length);
    this.buffer.set(data, this.position);
    this.position += data.length;
    return this;
  }

  zeros(count: number): this {
    this.reserve(count);
    this.buffer.fill(0, this.position, this.position + count);
    this.position += count;
    return this;
  }

  /** A UTF-8 string with a terminating NUL, as ISO BMFF `string` fields are. */
  cstring(text: string): this {
    return this.bytes(textEncoder.encode(text)).u8(0);
  }

  box(type: string, body: (writer: this) => void): this {
    const start = this.position;
    this.u32(0).fourcc(type);
    body(this);
    this.view.setUint32(start, checkBoxSize(this.position - start, type));
    return this;
  }

  fullBox(type: string, version: number, flags: number, body: (writer: this) => void): this {
    return this.box(type, (writer) => {
      writer.u8(version).u24(flags);
      body(writer);
    });
  }

  /** Writes a u32 placeholder and returns its offset, for fields known only later (trun data_offset). */
  placeholderU32(): number {
    const at = this.position;
    this.u32(0);
    return at;
  }

  patchU32(at: number, value: number): void {
    checkUnsigned(value, 32);
    if (at < 0 || at + 4 > this.position)
      throw new RangeError(`patch offset ${at} outside the written bytes`);
    this.view.setUint32(at, value);
  }

  /** A trimmed copy of the bytes written so far, owned by the caller (init segments live for hours). */
  toBytes(): Uint8Array {
    return this.buffer.slice(0, this.position);
  }

  private reserve(count: number): void {
    const needed = this.position + count;
    if (needed <= this.buffer.length) return;
    const grown = new Uint8Array(Math.max(needed, this.buffer.length * 2));
    grown.set(this.buffer.subarray(0, this.position));
    this.buffer = grown;
    this.view = new DataView(grown.buffer);
  }
}

function checkUnsigned(value: number, bits: number): void {
  if (!Number.isInteger(value) || value < 0 || value >= 2 ** bits) {
    throw new RangeError(`u${bits} field out of range: ${value}`);
  }
}

function checkSigned(value: number, bits: number): void {
  if (!Number.isInteger(value) || value < -(2 ** (bits - 1)) || value >= 2 ** (bits - 1)) {
    throw new RangeError(`i${bits} field out of range: ${value}`);
  }
}

function checkBoxSize(size: number, type: string): number {
  // 64-bit largesize is never needed for init segments, parts or events; refuse instead of corrupting.
  if (size >= 2 ** 32) throw new RangeError(`box ${type} is ${size} bytes, over the 32-bit size limit`);
  return size;
}
