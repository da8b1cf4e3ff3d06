import { describe, expect, it } from 'vitest';
import { unescapeRbsp } from '@brume/protocol';
import { parseH264Sps } from './h264-sps';

/** SPS NAL units written by x264 (`ffmpeg -f lavfi -i testsrc=size=WxH -c:v libx264 -profile:v P`). */
const SPS = {
  '640x360 baseline': '6742c01ed900a02ff970110000030001000003003c0f162e48',
  '854x480 baseline': '6742c01fd900d83de6f0110000030001000003003c0f183248',
  '1280x720 high': '6764001facd9405005bb0110000003001000000303c0f1831960',
  '1920x1080 main': '674d4028eca03c0113f2e022000003000200000300781e30632c',
};

const bytes = (hex: string) => Uint8Array.from(Buffer.from(hex, 'hex'));

describe('H.264 SPS parser', () => {
  it.each(Object.entries(SPS))('reads the picture size of %s', (label, hex) => {
    const [size] = label.split(' ');
    const [width, height] = (size ?? '').split('x').map(Number);
    expect(parseH264Sps(bytes(hex))).toMatchObject({ width, height });
  });

  it('reads profile and level', () => {
    expect(parseH264Sps(bytes(SPS['1280x720 high']))).toMatchObject({ profileIdc: 100, levelIdc: 31 });
    expect(parseH264Sps(bytes(SPS['640x360 baseline']))).toMatchObject({
      profileIdc: 66,
      constraintFlags: 0xc0,
      levelIdc: 30,
    });
  });

  it('applies frame cropping (1088 coded lines shown as 1080)', () => {
    expect(parseH264Sps(bytes(SPS['1920x1080 main']))?.height).toBe(1080);
  });

  it('rejects non-SPS and truncated input', () => {
    expect(parseH264Sps(bytes('68ce3c80'))).toBeUndefined();
    expect(parseH264Sps(bytes(SPS['640x360 baseline'].slice(0, 10)))).toBeUndefined();
  });

  it('removes emulation prevention bytes', () => {
    expect([...unescapeRbsp(bytes('0000030100000302'))]).toEqual([0, 0, 1, 0, 0, 2]);
  });
});
