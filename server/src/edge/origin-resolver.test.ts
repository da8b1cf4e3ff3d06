import { describe, expect, it } from 'vitest';
import { normalizeOrigins, staticOrigins, whepEndpoint } from './origin-resolver';

describe('origin resolver', () => {
  it('normalizes the --origin list: trimmed, no trailing slash, duplicates dropped, order kept', () => {
    expect(normalizeOrigins([' http://b:8080/ ', 'http://a:8080', 'http://b:8080', ''])).toEqual([
      'http://b:8080',
      'http://a:8080',
    ]);
    expect(normalizeOrigins(['https://origin.example/relay/'])).toEqual(['https://origin.example/relay']);
  });

  it('refuses what is not an http(s) URL', () => {
    expect(() => normalizeOrigins(['origin:8080x'])).toThrow(/http/);
    expect(() => normalizeOrigins(['not a url'])).toThrow(/not a URL/);
    expect(() => normalizeOrigins(['ftp://origin'])).toThrow(/http/);
  });

  it('the static resolver answers the same ordered copy for every stream', async () => {
    const resolve = staticOrigins(['http://a:1', 'http://b:2']);
    const first = await resolve('cam');
    first.pop();
    expect(await resolve('other')).toEqual(['http://a:1', 'http://b:2']);
  });

  it('builds the WHEP endpoint with the name encoded', () => {
    expect(whepEndpoint('http://a:1', 'live+eu')).toBe('http://a:1/whep/live%2Beu');
  });
});
