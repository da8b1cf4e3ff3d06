import { describe, expect, it } from 'vitest';
import { listedParts } from './ll-hls-follower';

const PLAYLIST = [
  '#EXTM3U',
  '#EXT-X-MEDIA-SEQUENCE:6',
  '#EXTINF:1.000,',
  'abc/video-6.m4s',
  '#EXT-X-GAP',
  '#EXTINF:0.000,',
  'abc/video-7.m4s',
  '#EXT-X-PART:DURATION=0.250,URI="abc/video-8.0.m4s",INDEPENDENT=YES',
  '#EXT-X-PART:DURATION=0.250,URI="abc/video-8.1.m4s?token=t"',
  '#EXT-X-PRELOAD-HINT:TYPE=PART,URI="abc/video-8.2.m4s"',
].join('\n');

describe('listedParts', () => {
  it('reads parts, segments with media (not gaps) and the preload hint of a media playlist', () => {
    expect(listedParts(PLAYLIST)).toEqual({
      parts: [
        { msn: 8, part: 0, uri: 'abc/video-8.0.m4s' },
        { msn: 8, part: 1, uri: 'abc/video-8.1.m4s?token=t' },
      ],
      segments: [{ msn: 6, uri: 'abc/video-6.m4s' }],
      hint: { msn: 8, part: 2 },
    });
  });
});
