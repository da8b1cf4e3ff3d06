import { describe, expect, it } from 'vitest';
import { iceServerLinks } from './ice-server-links';

describe('ICE server Link headers', () => {
  it('formats STUN and TURN servers as RFC 9725 links', () => {
    expect(
      iceServerLinks([
        { urls: 'stun:stun.example.net:3478' },
        { urls: ['turn:turn.example.net?transport=udp'], username: 'u', credential: 'p"w' },
      ]),
    ).toEqual([
      '<stun:stun.example.net:3478>; rel="ice-server"',
      '<turn:turn.example.net?transport=udp>; rel="ice-server"; username="u"; credential="p\\"w"; credential-type="password"',
    ]);
  });
});
