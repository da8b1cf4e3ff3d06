import { describe, expect, it } from 'vitest';
import type { AccessUnit } from '../media/access-unit';
import { Mp4Fragmenter } from '../mp4/mp4-fragmenter';
import { indexFragmentedMp4, memoryBytes } from './fragment-index';
import { vodMediaPlaylist, vodMultivariantPlaylist } from './vod-playlist';
import { SYNTHETIC_VIDEO as VIDEO, SYNTHETIC_AUDIO as AUDIO } from '../media/testing/synthetic-tracks';

/**
 * A file as the recorder writes it: 30 fps video with a keyframe every `gop` frames (starting at
 * frame `from`, so it may open without one) and 20 ms Opus packets, through our `Mp4Fragmenter`.
 */
function recordedFile(frames: number, gop: number, from = 0): Uint8Array {
  const fragmenter = new Mp4Fragmenter({ video: VIDEO, audio: AUDIO });
  const parts: Uint8Array[] = [fragmenter.init];
  let nextAudio = Math.ceil((from * 100) / 3 / 20);
  for (let n = from; n < from + frames; n++) {
    const streamMs = (n * 100) / 3;
    while (nextAudio * 20 < streamMs + 33) {
      const packet: AccessUnit = {
        kind: 'audio',
        dts: nextAudio * 960,
        cts: 0,
        duration: 960,
        keyframe: true,
        data: Uint8Array.of(0xf8, nextAudio & 0xff),
        streamMs: nextAudio * 20,
      };
      nextAudio++;
      parts.push(...fragmenter.push(packet));
    }
    const frame: AccessUnit = {
      kind: 'video',
      dts: n * 3000,
      cts: 0,
      duration: 3000,
      keyframe: n % gop === 0,
      data: Uint8Array.of(0, 0, 0, 1, n & 0xff),
      streamMs,
    };
    parts.push(...fragmenter.push(frame));
  }
  parts.push(...fragmenter.flush());
  return Buffer.concat(parts);
}

describe('indexFragmentedMp4', () => {
  it('finds the init, the tracks and every fragment with its time, reading box headers only', async () => {
    const file = recordedFile(90, 30);
    const reads: number[] = [];
    const source = memoryBytes(file);
    const index = await indexFragmentedMp4({
      size: source.size,
      read: (offset, length) => {
        reads.push(length);
        return source.read(offset, length);
      },
    });
    expect(index).toBeDefined();
    expect(index!.tracks.map((track) => [track.kind, track.codec, track.timescale])).toEqual([
      ['video', 'avc1.42c01f', 90000],
      ['audio', 'opus', 48000],
    ]);
    expect(index!.timingTrack).toMatchObject({ kind: 'video', width: 320, height: 180 });
    const fragments = index!.fragments;
    // Contiguous from the end of the init to the end of the file.
    expect(fragments[0]!.offset).toBe(index!.initLength);
    for (let i = 1; i < fragments.length; i++)
      expect(fragments[i]!.offset).toBe(fragments[i - 1]!.offset + fragments[i - 1]!.length);
    expect(fragments.at(-1)!.offset + fragments.at(-1)!.length).toBe(file.length);
    // Cut at every keyframe (0, 1, 2 s): those fragments start with one, at their time.
    const keyStarts = fragments.filter((fragment) => fragment.keyframe).map((fragment) => fragment.startSec);
    expect(keyStarts).toEqual([0, 1, 2]);
    const total = fragments.reduce((sum, fragment) => sum + fragment.durationSec, 0);
    expect(total).toBeCloseTo(3, 1);
    // Never the media: the largest read is a moov or moof.
    expect(Math.max(...reads)).toBeLessThan(2000);
  });

  it('leaves out a fragment cut short (a file being written, or after a crash)', async () => {
    const file = recordedFile(90, 30);
    const whole = (await indexFragmentedMp4(memoryBytes(file)))!.fragments;
    const cut = (await indexFragmentedMp4(memoryBytes(file.subarray(0, file.length - 3))))!.fragments;
    expect(cut).toEqual(whole.slice(0, -1));
  });

  it('refuses what is not a fragmented MP4 with its moov first', async () => {
    expect(await indexFragmentedMp4(memoryBytes(new TextEncoder().encode('#EXTM3U\n')))).toBeUndefined();
    expect(await indexFragmentedMp4(memoryBytes(new Uint8Array(0)))).toBeUndefined();
  });
});

describe('vodMediaPlaylist', () => {
  it('lists keyframe-led segments as byte ranges of the file, ended', async () => {
    const file = recordedFile(90, 30);
    const index = (await indexFragmentedMp4(memoryBytes(file)))!;
    const text = vodMediaPlaylist(index, {
      mediaUri: 'rec.mp4',
      startUnixMs: Date.UTC(2026, 10, 25, 10),
      growing: false,
    });
    const lines = text.trim().split('\n');
    expect(lines.slice(0, 7)).toEqual([
      '#EXTM3U',
      '#EXT-X-VERSION:7',
      '#EXT-X-TARGETDURATION:1',
      '#EXT-X-PLAYLIST-TYPE:VOD',
      '#EXT-X-MEDIA-SEQUENCE:0',
      '#EXT-X-INDEPENDENT-SEGMENTS',
      `#EXT-X-MAP:URI="rec.mp4",BYTERANGE="${index.initLength}@0"`,
    ]);
    expect(lines).toContain('#EXT-X-PROGRAM-DATE-TIME:2026-11-25T10:00:00.000Z');
    expect(lines.at(-1)).toBe('#EXT-X-ENDLIST');
    const ranges = lines
      .filter((line) => line.startsWith('#EXT-X-BYTERANGE:'))
      .map((line) => line.slice('#EXT-X-BYTERANGE:'.length).split('@').map(Number) as [number, number]);
    // One segment per keyframe, covering the whole file after the init without a gap.
    expect(ranges).toHaveLength(3);
    expect(ranges[0]![1]).toBe(index.initLength);
    for (let i = 1; i < ranges.length; i++) expect(ranges[i]![1]).toBe(ranges[i - 1]![1] + ranges[i - 1]![0]);
    expect(ranges.at(-1)![1] + ranges.at(-1)![0]).toBe(file.length);
    const durations = lines
      .filter((line) => line.startsWith('#EXTINF:'))
      .map((line) => parseFloat(line.slice(8)));
    expect(durations.map((d) => Math.round(d))).toEqual([1, 1, 1]);
  });

  it('drops what comes before the first keyframe, and leaves a growing file open', async () => {
    const index = (await indexFragmentedMp4(memoryBytes(recordedFile(75, 30, 15))))!;
    const text = vodMediaPlaylist(index, { mediaUri: 'rec.mp4', growing: true });
    expect(text).toContain('#EXT-X-PLAYLIST-TYPE:EVENT');
    expect(text).not.toContain('#EXT-X-ENDLIST');
    expect(text).not.toContain('PROGRAM-DATE-TIME');
    const first = /#EXT-X-BYTERANGE:(\d+)@(\d+)/.exec(text)!;
    const firstKey = index.fragments.find((fragment) => fragment.keyframe)!;
    expect(Number(first[2])).toBe(firstKey.offset);
    expect(firstKey.startSec).toBe(1);
  });
});

describe('vodMultivariantPlaylist', () => {
  it('names the codecs, the picture size and the bandwidth of the one rendition', async () => {
    const index = (await indexFragmentedMp4(memoryBytes(recordedFile(90, 30))))!;
    const text = vodMultivariantPlaylist(index, 'rec.m3u8?media');
    expect(text).toMatch(
      /#EXT-X-STREAM-INF:BANDWIDTH=\d+,AVERAGE-BANDWIDTH=\d+,CODECS="avc1.42c01f,opus",RESOLUTION=320x180\nrec.m3u8\?media\n$/,
    );
  });
});
