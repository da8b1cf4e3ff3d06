import { describe, expect, it } from 'vitest';
import type { RenditionSnapshot } from '../segments/segment-model';
import { multivariantPlaylist } from './multivariant-playlist';

const video = { codec: 'avc1.42e01f', bandwidth: 2_000_000, width: 1280, height: 720, fps: 30 };
const audio = { codec: 'opus', bandwidth: 128_000, channels: 2 };

function streamInf(text: string): string {
  return text.split('\n').find((line) => line.startsWith('#EXT-X-STREAM-INF:')) ?? '';
}

describe('multivariantPlaylist', () => {
  it('writes the video variant and its audio rendition', () => {
    expect(multivariantPlaylist({ video, audio, videoUri: 'video.m3u8', audioUri: 'audio.m3u8' })).toBe(
      [
        '#EXTM3U',
        '#EXT-X-VERSION:6',
        '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="audio",NAME="Audio",DEFAULT=YES,AUTOSELECT=YES,CHANNELS="2",URI="audio.m3u8"',
        '#EXT-X-STREAM-INF:BANDWIDTH=2128000,CODECS="avc1.42e01f,Opus",RESOLUTION=1280x720,FRAME-RATE=30.000,AUDIO="audio"',
        'video.m3u8',
        '',
      ].join('\n'),
    );
  });

  it('writes a video-only variant without EXT-X-MEDIA or AUDIO', () => {
    expect(multivariantPlaylist({ video, videoUri: 'video.m3u8' })).toBe(
      [
        '#EXTM3U',
        '#EXT-X-VERSION:6',
        '#EXT-X-STREAM-INF:BANDWIDTH=2000000,CODECS="avc1.42e01f",RESOLUTION=1280x720,FRAME-RATE=30.000',
        'video.m3u8',
        '',
      ].join('\n'),
    );
  });

  it('writes Opus as `Opus` in CODECS, whatever the input spelling (Safari needs the capital)', () => {
    for (const codec of ['opus', 'Opus', 'OPUS']) {
      const text = multivariantPlaylist({
        video,
        audio: { ...audio, codec },
        videoUri: 'v.m3u8',
        audioUri: 'a.m3u8',
      });
      expect(streamInf(text)).toContain('CODECS="avc1.42e01f,Opus"');
    }
    const aac = multivariantPlaylist({
      video,
      audio: { ...audio, codec: 'mp4a.40.2' },
      videoUri: 'v.m3u8',
      audioUri: 'a.m3u8',
    });
    expect(streamInf(aac)).toContain('CODECS="avc1.42e01f,mp4a.40.2"');
  });

  it('sets BANDWIDTH to the whole number of bits per second at or above video + audio', () => {
    const text = multivariantPlaylist({
      video: { ...video, bandwidth: 1_000_000.2 },
      audio: { ...audio, bandwidth: 64_000.5 },
      videoUri: 'v.m3u8',
      audioUri: 'a.m3u8',
    });
    expect(streamInf(text)).toMatch(/^#EXT-X-STREAM-INF:BANDWIDTH=1064001,/);
  });

  it('writes FRAME-RATE with 3 decimals and leaves out what is not known', () => {
    expect(
      streamInf(multivariantPlaylist({ video: { ...video, fps: 29.97 }, videoUri: 'v.m3u8' })),
    ).toContain('FRAME-RATE=29.970');
    const bare = multivariantPlaylist({
      video: { codec: 'avc1.42e01f', bandwidth: 500_000 },
      videoUri: 'v.m3u8',
    });
    expect(streamInf(bare)).toBe('#EXT-X-STREAM-INF:BANDWIDTH=500000,CODECS="avc1.42e01f"');
    const mono = multivariantPlaylist({
      video,
      audio: { codec: 'opus', bandwidth: 32_000 },
      videoUri: 'v.m3u8',
      audioUri: 'a.m3u8',
    });
    expect(mono).toContain('AUTOSELECT=YES,URI="a.m3u8"');
  });

  it('takes rendition snapshots as they are', () => {
    const snapshot: RenditionSnapshot = { kind: 'video', ...video, segments: [], ended: false };
    const sound: RenditionSnapshot = {
      kind: 'audio',
      ...audio,
      sampleRate: 48_000,
      segments: [],
      ended: false,
    };
    const text = multivariantPlaylist({
      video: snapshot,
      audio: sound,
      videoUri: 'v.m3u8',
      audioUri: 'a.m3u8',
    });
    expect(streamInf(text)).toContain('CODECS="avc1.42e01f,Opus"');
  });

  it('does not write EXT-X-INDEPENDENT-SEGMENTS', () => {
    expect(multivariantPlaylist({ video, audio, videoUri: 'v.m3u8', audioUri: 'a.m3u8' })).not.toContain(
      'INDEPENDENT',
    );
  });

  it('writes one SUBTITLES rendition per track in one group, named on the variant', () => {
    const text = multivariantPlaylist({
      video,
      videoUri: 'video.m3u8',
      audio,
      audioUri: 'audio.m3u8',
      subtitles: [
        { name: 'English', language: 'en', default: true, uri: 'cc-en.m3u8' },
        { name: 'Português', language: 'pt-BR', uri: 'cc-pt.m3u8' },
        { name: 'Notes', uri: 'notes.m3u8' },
      ],
    });
    expect(text.split('\n').filter((line) => line.startsWith('#EXT-X-MEDIA:TYPE=SUBTITLES'))).toEqual([
      '#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",NAME="English",LANGUAGE="en",DEFAULT=YES,AUTOSELECT=YES,URI="cc-en.m3u8"',
      '#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",NAME="Português",LANGUAGE="pt-BR",DEFAULT=NO,AUTOSELECT=YES,URI="cc-pt.m3u8"',
      '#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",NAME="Notes",DEFAULT=NO,AUTOSELECT=YES,URI="notes.m3u8"',
    ]);
    expect(streamInf(text)).toBe(
      '#EXT-X-STREAM-INF:BANDWIDTH=2128000,CODECS="avc1.42e01f,Opus",RESOLUTION=1280x720,FRAME-RATE=30.000,AUDIO="audio",SUBTITLES="subs"',
    );
  });

  it('writes no SUBTITLES attribute without subtitle tracks', () => {
    expect(streamInf(multivariantPlaylist({ video, videoUri: 'v.m3u8', subtitles: [] }))).not.toContain(
      'SUBTITLES',
    );
  });

  describe('refuses', () => {
    it('subtitle renditions a client could not tell apart or choose between', () => {
      const base = { video, videoUri: 'v.m3u8' };
      const track = { name: 'English', uri: 'a.m3u8' };
      expect(() =>
        multivariantPlaylist({ ...base, subtitles: [track, { ...track, uri: 'b.m3u8' }] }),
      ).toThrow(/named "English"/);
      expect(() =>
        multivariantPlaylist({
          ...base,
          subtitles: [
            { ...track, default: true },
            { name: 'B', uri: 'b.m3u8', default: true },
          ],
        }),
      ).toThrow(/at most one/);
      expect(() => multivariantPlaylist({ ...base, subtitles: [{ ...track, language: 'en US' }] })).toThrow(
        /RFC 5646/,
      );
      expect(() => multivariantPlaylist({ ...base, subtitles: [{ ...track, name: 'say "hi"' }] })).toThrow(
        RangeError,
      );
    });

    it('a bandwidth that is not positive', () => {
      expect(() => multivariantPlaylist({ video: { ...video, bandwidth: 0 }, videoUri: 'v.m3u8' })).toThrow(
        /BANDWIDTH/,
      );
      expect(() =>
        multivariantPlaylist({ video: { ...video, bandwidth: Number.NaN }, videoUri: 'v.m3u8' }),
      ).toThrow(RangeError);
    });

    it('a fractional resolution', () => {
      expect(() => multivariantPlaylist({ video: { ...video, width: 1280.5 }, videoUri: 'v.m3u8' })).toThrow(
        /RESOLUTION/,
      );
    });

    it('URIs and codecs that cannot be written', () => {
      expect(() => multivariantPlaylist({ video, videoUri: '#v.m3u8' })).toThrow(/URI line/);
      expect(() => multivariantPlaylist({ video, videoUri: 'v.m3u8\n#EXT-X-ENDLIST' })).toThrow(/URI line/);
      expect(() => multivariantPlaylist({ video, audio, videoUri: 'v.m3u8', audioUri: 'a"b.m3u8' })).toThrow(
        /quoted-string/,
      );
      expect(() => multivariantPlaylist({ video: { ...video, codec: 'avc1"' }, videoUri: 'v.m3u8' })).toThrow(
        /quoted-string/,
      );
    });
  });
});
