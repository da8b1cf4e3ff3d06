import { describe, expect, it } from 'vitest';
import { OggOpusReader } from './ogg-opus-reader';

/** One Ogg page holding `packets` (each laced; a packet continued from the last page with `continued`). */
function page(packets: Uint8Array[], options: { continued?: boolean; openEnd?: boolean } = {}): Uint8Array {
  const lacing: number[] = [];
  packets.forEach((packet, i) => {
    let left = packet.length;
    while (left >= 255) {
      lacing.push(255);
      left -= 255;
    }
    if (!(options.openEnd && i === packets.length - 1)) lacing.push(left);
    else if (left > 0) throw new Error('an open end must be a multiple of 255');
  });
  const header = new Uint8Array(27 + lacing.length);
  header.set([0x4f, 0x67, 0x67, 0x53], 0);
  header[5] = options.continued ? 1 : 0;
  header[26] = lacing.length;
  header.set(lacing, 27);
  const body = packets.flatMap((p) => [...p]);
  return Uint8Array.from([...header, ...body]);
}

const text = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
const bytes = (n: number, fill: number) => new Uint8Array(n).fill(fill);

describe('OggOpusReader', () => {
  const head = text('OpusHead\x01\x02\x38\x01\x80\xbb\x00\x00\x00\x00\x00');
  const tags = text('OpusTags\x05\x00\x00\x00Brume\x00\x00\x00\x00');
  const ogg = Uint8Array.from([
    ...page([head]),
    ...page([tags]),
    ...page([bytes(3, 0xfc), bytes(160, 0xfc)]),
    ...page([bytes(510, 0xf8)], { openEnd: true }),
    ...page([bytes(20, 0xf8), bytes(255, 0xfc)], { continued: true }),
  ]);

  it('skips the two header packets and returns each Opus packet, one spanning pages', () => {
    const packets = new OggOpusReader().push(ogg);
    expect(packets.map((p) => p.length)).toEqual([3, 160, 530, 255]);
    expect(packets[2]!.every((b) => b === 0xf8)).toBe(true);
  });

  it('gives the same packets whatever the chunking', () => {
    for (const size of [1, 2, 5, 27, 100]) {
      const reader = new OggOpusReader();
      const packets = [];
      for (let at = 0; at < ogg.length; at += size) packets.push(...reader.push(ogg.subarray(at, at + size)));
      expect(packets.map((p) => p.length)).toEqual([3, 160, 530, 255]);
    }
  });
});
