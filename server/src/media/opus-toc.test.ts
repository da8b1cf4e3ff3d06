import { describe, expect, it } from 'vitest';
import { opusFrameSamples, opusPacketSamples } from './opus-toc';

const packet = (...bytes: number[]) => Uint8Array.from(bytes);

describe('opusPacketSamples', () => {
  // First bytes of packets libopus wrote (`ffmpeg -c:a libopus -application A -frame_duration D`),
  // with the duration ffprobe reported for them.
  it.each([
    ['2.5 ms CELT', [0x80, 0xae], 120],
    ['5 ms CELT', [0xe8, 0xad], 240],
    ['10 ms Hybrid', [0x70, 0x9b], 480],
    ['10 ms CELT', [0xf0, 0xae], 480],
    ['20 ms Hybrid', [0x78, 0x9a], 960],
    ['20 ms CELT', [0xf8, 0xac], 960],
    ['40 ms Hybrid, code 2 (two frames)', [0x7a, 0x49, ...new Array<number>(0x49).fill(0)], 1920],
    ['40 ms CELT, code 2', [0xfa, 0x4f, ...new Array<number>(0x4f).fill(0)], 1920],
    ['60 ms Hybrid, code 3 (3 frames, VBR)', [0x7b, 0x83], 2880],
    ['60 ms CELT, code 3', [0xfb, 0x83], 2880],
  ])('%s', (_, bytes, samples) => {
    expect(opusPacketSamples(Uint8Array.from(bytes))).toBe(samples);
  });

  it('knows the SILK frame sizes of 40 and 60 ms', () => {
    expect(opusFrameSamples(2 << 3)).toBe(1920);
    expect(opusFrameSamples(3 << 3)).toBe(2880);
    expect(opusFrameSamples(11 << 3)).toBe(2880);
    expect(opusPacketSamples(packet(1 << 3))).toBe(960); // a TOC-only 20 ms packet: DTX
  });

  it('counts two equal frames for code 1', () => {
    expect(opusPacketSamples(packet((31 << 3) | 1, 1, 2, 3, 4))).toBe(1920);
  });

  it('rejects packets whose framing is broken', () => {
    expect(opusPacketSamples(packet())).toBeUndefined();
    expect(opusPacketSamples(packet((31 << 3) | 1, 1, 2, 3))).toBeUndefined(); // odd payload for code 1
    expect(opusPacketSamples(packet((31 << 3) | 2))).toBeUndefined(); // no size byte
    expect(opusPacketSamples(packet((31 << 3) | 2, 10, 1))).toBeUndefined(); // first frame overruns
    expect(opusPacketSamples(packet((31 << 3) | 3, 0))).toBeUndefined(); // zero frames
    expect(opusPacketSamples(packet((3 << 3) | 3, 3))).toBeUndefined(); // 3 × 60 ms > 120 ms
    expect(opusPacketSamples(packet((31 << 3) | 3, 6))).toBe(5760); // 6 × 20 ms = 120 ms is the limit
  });
});
