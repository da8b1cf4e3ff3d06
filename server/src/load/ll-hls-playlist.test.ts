import { describe, expect, it } from 'vitest';
import { firstVariant, nextPart, parseMediaPlaylist } from './ll-hls-playlist';

const MULTIVARIANT = `#EXTM3U
#EXT-X-VERSION:6
#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="audio",NAME="Audio",DEFAULT=YES,URI="audio.m3u8"
#EXT-X-STREAM-INF:BANDWIDTH=158401,CODECS="avc1.42c01f,Opus",RESOLUTION=320x180,AUDIO="audio"
video.m3u8?token=t
`;

/** What the relay writes (trimmed). */
const MEDIA = `#EXTM3U
#EXT-X-VERSION:6
#EXT-X-TARGETDURATION:2
#EXT-X-PART-INF:PART-TARGET=0.250
#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=0.750,HOLD-BACK=6.000
#EXT-X-MEDIA-SEQUENCE:4
#EXT-X-MAP:URI="3cfa63b0/video-init.mp4"
#EXT-X-PROGRAM-DATE-TIME:2026-11-25T05:54:56.610Z
#EXT-X-PART:DURATION=0.267,URI="3cfa63b0/video-4.0.m4s",INDEPENDENT=YES
#EXT-X-PART:DURATION=0.267,URI="3cfa63b0/video-4.1.m4s"
#EXTINF:0.534,
3cfa63b0/video-4.m4s
#EXT-X-PART:DURATION=0.280,URI="3cfa63b0/video-5.0.m4s",INDEPENDENT=YES
#EXT-X-PRELOAD-HINT:TYPE=PART,URI="3cfa63b0/video-5.1.m4s"
#EXT-X-RENDITION-REPORT:URI="audio.m3u8",LAST-MSN=5,LAST-PART=0
`;

describe('LL-HLS playlist reading', () => {
  it('finds the first variant', () => {
    expect(firstVariant(MULTIVARIANT)).toBe('video.m3u8?token=t');
    expect(firstVariant('#EXTM3U\n')).toBeUndefined();
  });

  it('lists parts with their segment numbers, complete segments, the map', () => {
    const playlist = parseMediaPlaylist(MEDIA);
    expect(playlist.map).toBe('3cfa63b0/video-init.mp4');
    expect(playlist.partTarget).toBe(0.25);
    expect(playlist.segments).toEqual([4]);
    expect(playlist.mediaSequence).toBe(4);
    expect(playlist.ended).toBe(false);
    expect(playlist.parts.map((p) => [p.msn, p.index, p.uri, p.independent])).toEqual([
      [4, 0, '3cfa63b0/video-4.0.m4s', true],
      [4, 1, '3cfa63b0/video-4.1.m4s', false],
      [5, 0, '3cfa63b0/video-5.0.m4s', true],
    ]);
    expect(playlist.parts[0]!.duration).toBe(0.267);
  });

  it('asks for the next part, or the next segment once a segment is complete', () => {
    const playlist = parseMediaPlaylist(MEDIA);
    expect(nextPart(playlist, { msn: 5, index: 0 })).toEqual({ msn: 5, part: 1 });
    expect(nextPart(playlist, { msn: 4, index: 1 })).toEqual({ msn: 5, part: 0 });
  });

  it('sees the end, and refuses what is not a playlist', () => {
    expect(parseMediaPlaylist(`${MEDIA}#EXT-X-ENDLIST\n`).ended).toBe(true);
    expect(() => parseMediaPlaylist('<html>')).toThrow(SyntaxError);
  });
});
