import { describe, expect, it } from 'vitest';
import { id3TextTag } from './id3';
import { hex } from './testing/box-reader';

const ascii = (text: string) => Buffer.from(text, 'utf8').toString('hex');

describe('id3TextTag', () => {
  it('writes an ID3v2.4 tag with one UTF-8 TXXX frame (golden, computed by hand)', () => {
    const value = '{"a":1}';
    // Frame body: encoding 1 + "brume" 5 + NUL 1 + value 7 = 14; tag body: frame header 10 + 14 = 24.
    const expected =
      '494433 0400 00 00000018' + // "ID3", v2.4.0, no flags, size 24
      '54585858 0000000e 0000' + // "TXXX", size 14, no flags
      `03 ${ascii('brume')} 00 ${ascii(value)}`;
    expect(hex(id3TextTag('brume', value))).toBe(expected.replace(/\s/g, ''));
  });

  it('writes sizes above 127 as syncsafe integers (7 bits per byte)', () => {
    const tag = id3TextTag('brume', 'x'.repeat(200));
    // Frame body 1 + 5 + 1 + 200 = 207 = 0b1_1001111 → 00 00 01 4f.
    expect(hex(tag.subarray(14, 18))).toBe('0000014f');
    // Tag body 10 + 207 = 217 = 0b1_1011001 → 00 00 01 59 (plain big-endian would be 000000d9).
    expect(hex(tag.subarray(6, 10))).toBe('00000159');
    expect(tag.length).toBe(10 + 217);
  });

  it('encodes the value as UTF-8', () => {
    const tag = id3TextTag('brume', 'é');
    expect(hex(tag.subarray(-2))).toBe('c3a9');
  });
});
