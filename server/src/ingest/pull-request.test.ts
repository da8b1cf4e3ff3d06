import { describe, expect, it } from 'vitest';
import { pullRequestOf } from './pull-request';

describe('pullRequestOf', () => {
  it('finds the stream of every output, of the info and feeds, and of a WHIP publish', () => {
    expect(pullRequestOf('GET', '/api/streams/news')).toEqual({ kind: 'info', name: 'news' });
    expect(pullRequestOf('GET', '/api/streams/news/events')).toEqual({ kind: 'info', name: 'news' });
    expect(pullRequestOf('GET', '/api/streams/news/ws')).toEqual({ kind: 'info', name: 'news' });
    expect(pullRequestOf('GET', '/hls/news/index.m3u8?x=1')).toEqual({ kind: 'output', name: 'news' });
    expect(pullRequestOf('GET', '/dash/news/index.mpd')).toEqual({ kind: 'output', name: 'news' });
    expect(pullRequestOf('GET', '/ws/news')).toEqual({ kind: 'output', name: 'news' });
    expect(pullRequestOf('POST', '/whep/news')).toEqual({ kind: 'output', name: 'news' });
    expect(pullRequestOf('GET', '/news.mp4')).toEqual({ kind: 'output', name: 'news' });
    expect(pullRequestOf('GET', '/news+eu.ts?x')).toEqual({ kind: 'output', name: 'news+eu' });
    expect(pullRequestOf('GET', '/clip/news.mkv?start=-10s')).toEqual({ kind: 'output', name: 'news' });
    expect(pullRequestOf('POST', '/whip/news')).toEqual({ kind: 'publish', name: 'news' });
  });

  it('ignores everything else', () => {
    expect(pullRequestOf('GET', '/api/streams')).toBeUndefined();
    expect(pullRequestOf('GET', '/api/streams/news/tracks/chat')).toBeUndefined();
    expect(pullRequestOf('PATCH', '/whep/news/abc')).toBeUndefined();
    expect(pullRequestOf('DELETE', '/whip/news/abc')).toBeUndefined();
    expect(pullRequestOf('POST', '/whip/news/abc')).toBeUndefined();
    expect(pullRequestOf('GET', '/studio/index.js')).toBeUndefined();
    expect(pullRequestOf('GET', '/player.js')).toBeUndefined();
    expect(pullRequestOf('GET', '/hls/..%2Fetc/index.m3u8')).toBeUndefined();
    expect(pullRequestOf('GET', '/hls/%E0%A4%A/index.m3u8')).toBeUndefined();
  });
});
