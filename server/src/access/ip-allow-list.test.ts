import { describe, expect, it } from 'vitest';
import { allowListOf, parseAllowList } from './ip-allow-list';

describe('parseAllowList', () => {
  const list = parseAllowList(['10.0.0.0/8', '192.0.2.7', '2001:db8::/32', '::1', '172.16.0.0/12']);

  it('matches IPv4 addresses and ranges', () => {
    expect(list.allows('10.1.2.3')).toBe(true);
    expect(list.allows('10.255.255.255')).toBe(true);
    expect(list.allows('11.0.0.1')).toBe(false);
    expect(list.allows('192.0.2.7')).toBe(true);
    expect(list.allows('192.0.2.8')).toBe(false);
    expect(list.allows('172.31.255.1')).toBe(true);
    expect(list.allows('172.32.0.1')).toBe(false);
  });

  it('matches IPv6, and IPv4 rules against IPv4-mapped IPv6 addresses', () => {
    expect(list.allows('2001:db8:1::5')).toBe(true);
    expect(list.allows('2001:db9::5')).toBe(false);
    expect(list.allows('::1')).toBe(true);
    expect(list.allows('::ffff:10.9.8.7')).toBe(true);
    expect(list.allows('::ffff:192.0.2.7')).toBe(true);
    expect(list.allows('::ffff:8.8.8.8')).toBe(false);
    expect(list.allows('fe80::1%eth0')).toBe(false);
    expect(parseAllowList(['fe80::/10']).allows('fe80::1%eth0')).toBe(true);
  });

  it('refuses what is not an address', () => {
    expect(list.allows('')).toBe(false);
    expect(list.allows('localhost')).toBe(false);
    expect(list.allows('10.0.0.1:5000')).toBe(false);
  });

  it('ignores invalid entries (they match nothing) and reports them', () => {
    const typo = parseAllowList([
      '10.0.0.0/33',
      'example.com',
      '10.0.0.0/x',
      '1.2.3.4/',
      ' 192.0.2.1 ',
      '::/129',
    ]);
    expect(typo.invalid).toEqual(['10.0.0.0/33', 'example.com', '10.0.0.0/x', '1.2.3.4/', '::/129']);
    expect(typo.allows('192.0.2.1')).toBe(true);
    expect(typo.allows('10.0.0.1')).toBe(false);
    expect(parseAllowList(['0.0.0.0/0']).allows('203.0.113.9')).toBe(true);
    expect(parseAllowList(['0.0.0.0/0']).invalid).toEqual([]);
  });

  it('parses a list once per array', () => {
    const entries = ['10.0.0.0/8'];
    expect(allowListOf(entries)).toBe(allowListOf(entries));
    expect(allowListOf(['10.0.0.0/8'])).not.toBe(allowListOf(entries));
  });
});
