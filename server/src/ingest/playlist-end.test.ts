import { describe, expect, it } from 'vitest';
import { playlistEnd } from './playlist-end';

describe('playlistEnd', () => {
  it('sees the end of a media playlist', () => {
    expect(playlistEnd('#EXTM3U\n#EXTINF:1,\na.ts\n#EXT-X-ENDLIST\n', 'http://o/x.m3u8')).toEqual({
      ended: true,
    });
    expect(playlistEnd('#EXTM3U\r\n#EXTINF:1,\r\na.ts\r\n', 'http://o/x.m3u8')).toEqual({ ended: false });
  });

  it('points at the first variant of a multivariant playlist', () => {
    const text =
      '#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=800000\n\nlow/index.m3u8\n#EXT-X-STREAM-INF:BANDWIDTH=2000000\nhigh.m3u8\n';
    expect(playlistEnd(text, 'http://o/live/master.m3u8')).toEqual({
      ended: false,
      variant: 'http://o/live/low/index.m3u8',
    });
  });
});
