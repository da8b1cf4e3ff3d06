import { describe, expect, it } from 'vitest';
import { followsPart, playlistTail } from './ll-hls-tail';

const PLAYLIST = [
  '#EXTM3U',
  '#EXT-X-TARGETDURATION:2',
  '#EXT-X-PART-INF:PART-TARGET=0.25',
  '#EXT-X-MEDIA-SEQUENCE:7',
  '#EXT-X-MAP:URI="p1/video-init.mp4"',
  '#EXT-X-PART:DURATION=0.250,URI="p1/video-7.0.m4s",INDEPENDENT=YES',
  '#EXT-X-PART:DURATION=0.250,URI="p1/video-7.1.m4s"',
  '#EXTINF:0.500,',
  'p1/video-7.m4s',
  '#EXT-X-PART:DURATION=0.250,URI="p1/video-9.0.m4s",INDEPENDENT=YES',
  '#EXT-X-PART:DURATION=0.250,URI="p1/video-9.1.m4s"',
  '#EXT-X-PRELOAD-HINT:TYPE=PART,URI="p1/video-9.2.m4s"',
  '#EXT-X-RENDITION-REPORT:URI="audio.m3u8",LAST-MSN=9,LAST-PART=1',
  '',
].join('\n');

describe('playlistTail', () => {
  it('joins at the newest part and reads the preload hint', () => {
    expect(playlistTail(PLAYLIST, undefined)).toEqual({
      parts: [{ msn: 9, part: 1, uri: 'p1/video-9.1.m4s' }],
      hint: { msn: 9, part: 2 },
    });
  });

  it('lists the parts after the one given, oldest first, across segments', () => {
    expect(playlistTail(PLAYLIST, { msn: 7, part: 0 }).parts.map((p) => p.uri)).toEqual([
      'p1/video-7.1.m4s',
      'p1/video-9.0.m4s',
      'p1/video-9.1.m4s',
    ]);
    expect(playlistTail(PLAYLIST, { msn: 9, part: 1 }).parts).toEqual([]);
  });

  it('lists every part when the one given is older than the window', () => {
    expect(playlistTail(PLAYLIST, { msn: 2, part: 3 }).parts).toHaveLength(4);
  });

  it('has no hint in an ended playlist, and no parts in one without them', () => {
    const ended = PLAYLIST.replace(/#EXT-X-PRELOAD-HINT.*\n/, '#EXT-X-ENDLIST\n');
    expect(playlistTail(ended, { msn: 9, part: 1 }).hint).toBeUndefined();
    expect(playlistTail('#EXTM3U\n#EXTINF:2,\ns1.m4s\n', undefined)).toEqual({ parts: [], hint: undefined });
  });
});

describe('followsPart', () => {
  it('follows within a segment and at part 0 of any later one', () => {
    expect(followsPart({ msn: 7, part: 1 }, { msn: 7, part: 2 })).toBe(true);
    expect(followsPart({ msn: 7, part: 1 }, { msn: 9, part: 0 })).toBe(true);
    expect(followsPart({ msn: 7, part: 1 }, { msn: 7, part: 3 })).toBe(false);
    expect(followsPart({ msn: 7, part: 1 }, { msn: 9, part: 1 })).toBe(false);
  });
});
