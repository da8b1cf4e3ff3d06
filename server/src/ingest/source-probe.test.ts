import { describe, expect, it } from 'vitest';
import { analyzeProbe, canCopyVideo } from './source-probe';

const packets = (index: number, pts: number[]) => pts.map((value) => ({ stream_index: index, pts: value }));

describe('analyzeProbe', () => {
  it('reads a VoD with H.264 in decode order and AAC', () => {
    const probe = analyzeProbe({
      format: { duration: '8.000000' },
      streams: [
        {
          index: 0,
          codec_type: 'video',
          codec_name: 'h264',
          profile: 'Constrained Baseline',
          width: 320,
          height: 240,
          has_b_frames: 0,
        },
        { index: 1, codec_type: 'audio', codec_name: 'aac' },
      ],
      packets: [...packets(0, [0, 3600, 7200, 10800]), ...packets(1, [0, 1920])],
    });
    expect(probe).toEqual({
      live: false,
      durationMs: 8000,
      video: {
        index: 0,
        codec: 'h264',
        profile: 'Constrained Baseline',
        width: 320,
        height: 240,
        reorders: false,
      },
      audio: { index: 1, codec: 'aac' },
    });
    expect(canCopyVideo(probe.video!)).toBe(true);
  });

  it('sees B-frames as presentation times going back, and a live playlist by its missing duration', () => {
    const probe = analyzeProbe({
      streams: [{ index: 0, codec_type: 'video', codec_name: 'h264', profile: 'High', has_b_frames: 2 }],
      packets: packets(0, [133200, 144000, 136800, 140400, 154800, 147600, 151200, 162000, 158400]),
    });
    expect(probe.live).toBe(true);
    expect(probe.audio).toBeUndefined();
    expect(probe.video?.reorders).toBe(true);
    expect(canCopyVideo(probe.video!)).toBe(false);
  });

  it('believes a declared reorder depth only when too few packets were read to tell', () => {
    const declared = { index: 0, codec_type: 'video', codec_name: 'h264', has_b_frames: 1 };
    expect(analyzeProbe({ streams: [declared], packets: packets(0, [0, 1]) }).video?.reorders).toBe(true);
    const many = packets(0, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(analyzeProbe({ streams: [declared], packets: many }).video?.reorders).toBe(false);
  });

  it('takes the highest variant of a multivariant playlist, with its own audio', () => {
    const probe = analyzeProbe({
      streams: [
        {
          index: 0,
          codec_type: 'video',
          codec_name: 'h264',
          width: 640,
          height: 360,
          tags: { variant_bitrate: '800000' },
        },
        { index: 1, codec_type: 'audio', codec_name: 'aac', tags: { variant_bitrate: '800000' } },
        {
          index: 2,
          codec_type: 'video',
          codec_name: 'h264',
          width: 1280,
          height: 720,
          tags: { variant_bitrate: '2500000' },
        },
        { index: 3, codec_type: 'audio', codec_name: 'aac', tags: { variant_bitrate: '2500000' } },
      ],
    });
    expect(probe.video?.index).toBe(2);
    expect(probe.audio?.index).toBe(3);
  });

  it('re-encodes what browsers cannot take as it is', () => {
    const video = { index: 0, codec: 'h264', reorders: false };
    expect(canCopyVideo({ ...video, codec: 'hevc' })).toBe(false);
    expect(canCopyVideo({ ...video, profile: 'High 10' })).toBe(false);
    expect(canCopyVideo({ ...video, profile: 'High 4:2:2' })).toBe(false);
    expect(canCopyVideo({ ...video, profile: 'Main' })).toBe(true);
  });
});
