import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bearerToken, keyMatches } from './publish-key';

describe('bearerToken', () => {
  it('reads an RFC 6750 Bearer token', () => {
    expect(bearerToken('Bearer abc-123._~+/=')).toBe('abc-123._~+/=');
    expect(bearerToken('bearer  secret-key ')).toBe('secret-key');
    expect(bearerToken(['Bearer first', 'Bearer second'])).toBe('first');
  });

  it('is null without one', () => {
    expect(bearerToken(undefined)).toBeNull();
    expect(bearerToken('')).toBeNull();
    expect(bearerToken('Bearer')).toBeNull();
    expect(bearerToken('Bearer ')).toBeNull();
    expect(bearerToken('Basic dXNlcjpwYXNz')).toBeNull();
    expect(bearerToken('Bearer two words')).toBeNull();
  });
});

describe('keyMatches', () => {
  const keys = ['publisher-key-1234', 'second-key-5678'];

  it('accepts any configured key, exactly', () => {
    expect(keyMatches('publisher-key-1234', keys)).toBe(true);
    expect(keyMatches('second-key-5678', keys)).toBe(true);
  });

  it('refuses near misses, prefixes, other lengths and an empty list', () => {
    expect(keyMatches('publisher-key-1235', keys)).toBe(false);
    expect(keyMatches('publisher-key-123', keys)).toBe(false);
    expect(keyMatches('publisher-key-12345', keys)).toBe(false);
    expect(keyMatches('PUBLISHER-KEY-1234', keys)).toBe(false);
    expect(keyMatches('', keys)).toBe(false);
    expect(keyMatches('publisher-key-1234', [])).toBe(false);
  });
});

describe('publish key checks on arbitrary input', () => {
  it('never throws, and only a configured key matches', () => {
    const keys = ['publisher-key-1234'];
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (header) => {
        const token = bearerToken(header);
        expect(token === null || keyMatches(token, keys) === (token === keys[0])).toBe(true);
        expect(bearerToken(`Bearer ${header}`) ?? '').not.toContain(' ');
      }),
      { numRuns: 500 },
    );
  });
});
