import { describe, expect, it } from 'vitest';
import { BoxWriter } from './box-writer';
import { hex } from './testing/box-reader';

describe('BoxWriter', () => {
  it('writes big-endian integers of every width', () => {
    const writer = new BoxWriter(1);
    writer
      .u8(0x01)
      .u16(0x0203)
      .u24(0x040506)
      .u32(0x0708090a)
      .u64(2 ** 40 + 0x0b)
      .i16(-2)
      .i32(-3);
    expect(hex(writer.toBytes())).toBe(
      '01' + '0203' + '040506' + '0708090a' + '000001000000000b' + 'fffe' + 'fffffffd',
    );
  });

  it('back-patches the sizes of nested boxes and writes full-box headers', () => {
    const writer = new BoxWriter(4);
    writer.box('moov', (w) => w.fullBox('mvhd', 1, 0x000203, (b) => b.u8(0xff)));
    expect(hex(writer.toBytes())).toBe('00000015' + '6d6f6f76' + '0000000d' + '6d766864' + '01000203' + 'ff');
  });

  it('writes NUL-terminated UTF-8 strings and patches placeholders', () => {
    const writer = new BoxWriter();
    const at = writer.placeholderU32();
    writer.cstring('é');
    writer.patchU32(at, 0xdeadbeef);
    expect(hex(writer.toBytes())).toBe('deadbeef' + 'c3a900');
  });

  it('grows past its initial capacity and returns a trimmed copy', () => {
    const writer = new BoxWriter(2);
    writer.zeros(1000).u8(7);
    const bytes = writer.toBytes();
    expect(bytes.length).toBe(1001);
    expect(bytes.buffer.byteLength).toBe(1001);
    expect(bytes[1000]).toBe(7);
  });

  it('refuses values that do not fit instead of truncating them', () => {
    const writer = new BoxWriter();
    expect(() => writer.u8(256)).toThrow(RangeError);
    expect(() => writer.u16(-1)).toThrow(RangeError);
    expect(() => writer.u32(2 ** 32)).toThrow(RangeError);
    expect(() => writer.u32(1.5)).toThrow(RangeError);
    expect(() => writer.u64(2 ** 53)).toThrow(RangeError);
    expect(() => writer.i16(32768)).toThrow(RangeError);
    expect(() => writer.fourcc('abc')).toThrow(RangeError);
    expect(writer.length).toBe(0);
  });
});
