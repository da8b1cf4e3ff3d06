import { describe, expect, it } from 'vitest';
import { decideAdminAccess, isAdminOnly, isLoopback, tokenMatches, type AdminRequest } from './admin-access';

const TOKEN = 'a-long-enough-admin-token';

function request(
  overrides: Partial<AdminRequest> & { headers?: AdminRequest['headers'] } = {},
): AdminRequest {
  return {
    method: 'GET',
    url: '/api/admin/streams',
    ip: '127.0.0.1',
    ...overrides,
    headers: { host: 'localhost:8080', ...overrides.headers },
  };
}

describe('isLoopback', () => {
  it('accepts 127.0.0.0/8, ::1 and IPv4-mapped loopback, nothing else', () => {
    for (const ip of ['127.0.0.1', '127.3.2.1', '::1', '::ffff:127.0.0.1', '::FFFF:127.9.9.9']) {
      expect(isLoopback(ip), ip).toBe(true);
    }
    for (const ip of [
      '10.0.0.1',
      '128.0.0.1',
      '::2',
      '::ffff:10.0.0.1',
      '198.18.0.1',
      '',
      'localhost',
      'x',
    ]) {
      expect(isLoopback(ip), ip).toBe(false);
    }
  });
});

describe('isAdminOnly', () => {
  it('covers the admin API, sessions, metrics and recording control; stats and stream info stay public', () => {
    expect(isAdminOnly('GET', '/api/admin/streams')).toBe(true);
    expect(isAdminOnly('PUT', '/api/admin/config?x=1')).toBe(true);
    expect(isAdminOnly('GET', '/api/admin')).toBe(true);
    expect(isAdminOnly('GET', '/api/admin/no-such-route')).toBe(true);
    expect(isAdminOnly('GET', '/api/sessions')).toBe(true);
    expect(isAdminOnly('HEAD', '/metrics')).toBe(true);
    expect(isAdminOnly('GET', '/metrics?name[]=x')).toBe(true);
    expect(isAdminOnly('POST', '/api/streams/live/recording')).toBe(true);
    expect(isAdminOnly('DELETE', '/api/streams/live%2Bbob/recording')).toBe(true);

    expect(isAdminOnly('OPTIONS', '/api/admin/streams')).toBe(false);
    expect(isAdminOnly('GET', '/api/stats')).toBe(false);
    expect(isAdminOnly('GET', '/api/streams')).toBe(false);
    expect(isAdminOnly('GET', '/api/streams/live')).toBe(false);
    expect(isAdminOnly('GET', '/api/recordings')).toBe(false);
    expect(isAdminOnly('GET', '/api/administrator')).toBe(false);
    expect(isAdminOnly('POST', '/api/streams/live/tracks/chat')).toBe(false);
  });
});

describe('tokenMatches', () => {
  it('is true only for the same string, whatever the lengths', () => {
    expect(tokenMatches(TOKEN, TOKEN)).toBe(true);
    expect(tokenMatches(`${TOKEN}x`, TOKEN)).toBe(false);
    expect(tokenMatches('', TOKEN)).toBe(false);
    expect(tokenMatches(TOKEN.toUpperCase(), TOKEN)).toBe(false);
  });
});

describe('decideAdminAccess with an admin token', () => {
  it('needs the Bearer token from anywhere, loopback included', () => {
    const remote = { ip: '203.0.113.9', headers: { host: 'relay.example' } };
    expect(
      decideAdminAccess(
        request({ ...remote, headers: { ...remote.headers, authorization: `Bearer ${TOKEN}` } }),
        TOKEN,
      ),
    ).toEqual({ allowed: true });
    expect(decideAdminAccess(request({ headers: { authorization: `bearer  ${TOKEN} ` } }), TOKEN)).toEqual({
      allowed: true,
    });

    const missing = decideAdminAccess(request(), TOKEN);
    expect(missing).toMatchObject({ allowed: false, status: 401, code: 'admin/unauthorized' });
    expect(missing.allowed || missing.challenge).toBe('Bearer realm="brume"');

    const wrong = decideAdminAccess(request({ headers: { authorization: 'Bearer nope' } }), TOKEN);
    expect(wrong).toMatchObject({ allowed: false, status: 401, code: 'admin/unauthorized' });
    expect(wrong.allowed || wrong.challenge).toContain('invalid_token');

    const basic = decideAdminAccess(request({ headers: { authorization: `Basic ${TOKEN}` } }), TOKEN);
    expect(basic).toMatchObject({ allowed: false, status: 401 });
  });
});

describe('decideAdminAccess without an admin token', () => {
  it('answers this machine only', () => {
    expect(decideAdminAccess(request(), undefined)).toEqual({ allowed: true });
    expect(decideAdminAccess(request({ ip: '::1', headers: { host: '[::1]:8080' } }), undefined)).toEqual({
      allowed: true,
    });
    expect(
      decideAdminAccess(request({ ip: '::ffff:127.0.0.1', headers: { host: '127.0.0.1:9' } }), ''),
    ).toEqual({ allowed: true });
    expect(decideAdminAccess(request({ ip: '192.168.1.20' }), undefined)).toMatchObject({
      allowed: false,
      status: 403,
      code: 'admin/loopback-only',
    });
  });

  it('refuses what a browser on this machine sends for another site: a foreign Origin or Host', () => {
    const sameOrigin = request({ method: 'DELETE', headers: { origin: 'http://localhost:8080' } });
    expect(decideAdminAccess(sameOrigin, undefined)).toEqual({ allowed: true });
    for (const origin of ['http://evil.example', 'http://localhost:9999', 'null']) {
      expect(decideAdminAccess(request({ headers: { origin } }), undefined), origin).toMatchObject({
        allowed: false,
        status: 403,
      });
    }
    // DNS rebinding: evil.example resolves to 127.0.0.1; the page is "same origin" with itself.
    const rebound = request({ headers: { host: 'evil.example:8080', origin: 'http://evil.example:8080' } });
    expect(decideAdminAccess(rebound, undefined)).toMatchObject({ allowed: false, status: 403 });
  });
});
