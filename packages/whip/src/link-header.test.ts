import { describe, expect, it } from 'vitest';
import { parseIceServerLinks } from './link-header';

describe('parseIceServerLinks', () => {
  it('reads STUN and TURN servers with credentials, ignoring other relations', () => {
    const servers = parseIceServerLinks([
      '<stun:stun.example.net:3478>; rel="ice-server"',
      '<turn:turn.example.net?transport=udp>; rel="ice-server"; username="user"; credential="pa;ss", <https://x/doc>; rel="help"',
    ]);
    expect(servers).toEqual([
      { urls: 'stun:stun.example.net:3478' },
      { urls: 'turn:turn.example.net?transport=udp', username: 'user', credential: 'pa;ss' },
    ]);
  });

  it('ignores non-ICE URLs and unknown WHIP extensions', () => {
    expect(
      parseIceServerLinks([
        '<urn:ietf:params:whep:ext:core:layer>; rel="urn:ietf:params:whep:ext:core:layer"',
        '<https://evil.example>; rel="ice-server"',
      ]),
    ).toEqual([]);
  });
});
