import { describe, expect, it } from 'vitest';
import { inspectH264Payload, inspectVp8Payload } from './video-rtp-inspect';

const SPS_640x360 = Buffer.from('6742c01ed900a02ff970110000030001000003003c0f162e48', 'hex');
const PPS = Buffer.from('68cb8cb2', 'hex');

function stapA(...nals: Buffer[]): Uint8Array {
  const parts = nals.flatMap((nal) => [Buffer.from([nal.length >> 8, nal.length & 0xff]), nal]);
  return Buffer.concat([Buffer.from([0x78]), ...parts]);
}

describe('H.264 RTP payload inspection', () => {
  it('finds SPS, picture size and profile-level-id in a STAP-A', () => {
    expect(inspectH264Payload(stapA(SPS_640x360, PPS))).toEqual({
      keyframe: true,
      width: 640,
      height: 360,
      profileLevelId: '42c01e',
    });
  });

  it('finds a single-NAL SPS', () => {
    expect(inspectH264Payload(SPS_640x360)).toMatchObject({ width: 640, height: 360 });
  });

  it('marks the first FU-A fragment of an IDR as a keyframe, not later ones or P slices', () => {
    expect(inspectH264Payload(Uint8Array.from([0x7c, 0x85, 0xaa]))).toEqual({ keyframe: true });
    expect(inspectH264Payload(Uint8Array.from([0x7c, 0x05, 0xaa]))).toEqual({ keyframe: false });
    expect(inspectH264Payload(Uint8Array.from([0x7c, 0x81, 0xaa]))).toEqual({ keyframe: false });
    expect(inspectH264Payload(Uint8Array.from([0x41, 0x9a]))).toEqual({ keyframe: false });
  });

  it('survives a truncated STAP-A', () => {
    expect(inspectH264Payload(Uint8Array.from([0x78, 0x00, 0x40, 0x67]))).toEqual({ keyframe: false });
  });
});

describe('VP8 RTP payload inspection', () => {
  // Descriptor with X=1, S=1, PID 0; extension I=1 with a 15-bit picture id; then a key frame header
  // for 640x480 (RFC 6386 §9.1: 3-byte frame tag, start code 9d 01 2a, 14-bit width and height).
  const keyframe = Uint8Array.from([
    0x90, 0x80, 0x80, 0x01, 0x50, 0x42, 0x00, 0x9d, 0x01, 0x2a, 0x80, 0x02, 0xe0, 0x01,
  ]);

  it('reads the key frame size', () => {
    expect(inspectVp8Payload(keyframe)).toEqual({ keyframe: true, width: 640, height: 480 });
  });

  it('ignores inter frames and continuation packets', () => {
    const inter = Uint8Array.from(keyframe);
    inter[4] = 0x51;
    expect(inspectVp8Payload(inter)).toEqual({ keyframe: false });
    const continuation = Uint8Array.from(keyframe);
    continuation[0] = 0x80;
    expect(inspectVp8Payload(continuation)).toEqual({ keyframe: false });
  });
});
