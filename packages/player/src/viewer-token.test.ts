import { describe, expect, it } from 'vitest';
import { streamInfo } from './testing/fakes';
import { infoWithViewerToken, isAccessRefusal, withViewerToken } from './viewer-token';

describe('viewer token in URLs', () => {
  it('adds or replaces ?token=, keeping other parameters and the fragment, encoded', () => {
    expect(withViewerToken('http://s/hls/a/index.m3u8', 'ab.cd')).toBe(
      'http://s/hls/a/index.m3u8?token=ab.cd',
    );
    expect(withViewerToken('ws://s/ws/a?x=1&token=old#f', 'new')).toBe('ws://s/ws/a?x=1&token=new#f');
    expect(withViewerToken('/a.mp4', 'a b&c')).toBe('/a.mp4?token=a%20b%26c');
    expect(withViewerToken('http://s/a', undefined)).toBe('http://s/a');
    expect(withViewerToken('http://s/a', '')).toBe('http://s/a');
  });

  it('puts the token on every source of a stream info', () => {
    const info = streamInfo('cam', 'live');
    const tokened = infoWithViewerToken(info, 'T');
    expect(tokened.sources.map((s) => s.url)).toEqual(['http://server/whep/cam?token=T']);
    expect(info.sources[0]?.url).toBe('http://server/whep/cam');
    expect(infoWithViewerToken(info, undefined)).toBe(info);
  });

  it('knows the relay refusals by their auth/ codes', () => {
    expect(isAccessRefusal('auth/token-invalid')).toBe(true);
    expect(isAccessRefusal('stream/not-found')).toBe(false);
    expect(isAccessRefusal(undefined)).toBe(false);
  });
});
