import { describe, expect, it } from 'vitest';
import { carriableToken, presentedToken, tokenQuery, withToken } from './viewer-credentials';

describe('viewer credentials', () => {
  it('takes ?token= first, else a Bearer header', () => {
    expect(presentedToken({ token: 'q' }, { authorization: 'Bearer h' })).toBe('q');
    expect(presentedToken({ token: ['a', 'b'] }, {})).toBe('a');
    expect(presentedToken({}, { authorization: 'bearer h.1' })).toBe('h.1');
    expect(presentedToken({ token: '' }, { authorization: 'Basic abc' })).toBeUndefined();
    expect(presentedToken(undefined, {})).toBeUndefined();
  });

  it('carries only tokens that need no escaping', () => {
    expect(carriableToken('abc_-.~9')).toBe('abc_-.~9');
    expect(carriableToken('a"b')).toBeUndefined();
    expect(carriableToken('a\nb')).toBeUndefined();
    expect(carriableToken('a&b=c')).toBeUndefined();
    expect(carriableToken(undefined)).toBeUndefined();
  });

  it('sets the token on a URL, replacing one it had and keeping other parameters', () => {
    expect(tokenQuery('t')).toBe('?token=t');
    expect(tokenQuery(undefined)).toBe('');
    expect(withToken('http://h/hls/a/index.m3u8', 't')).toBe('http://h/hls/a/index.m3u8?token=t');
    expect(withToken('http://h/x?a=1&token=old', 't')).toBe('http://h/x?a=1&token=t');
    expect(withToken('http://h/x?a=1#f', 't')).toBe('http://h/x?a=1&token=t#f');
    expect(withToken('http://h/x', undefined)).toBe('http://h/x');
  });
});
