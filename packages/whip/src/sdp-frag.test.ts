import { describe, expect, it } from 'vitest';
import { buildSdpFrag, parseSdpFrag, readIceCredentials, replaceIceCredentials } from './sdp-frag';

const answer = [
  'v=0',
  'o=- 1 2 IN IP4 127.0.0.1',
  's=-',
  't=0 0',
  'a=group:BUNDLE 0 1',
  'm=video 9 UDP/TLS/RTP/SAVPF 102',
  'a=mid:0',
  'a=ice-ufrag:old1',
  'a=ice-pwd:oldpassword1',
  'a=candidate:1 1 udp 2130706431 127.0.0.1 50000 typ host',
  'a=end-of-candidates',
  'm=audio 9 UDP/TLS/RTP/SAVPF 111',
  'a=mid:1',
  'a=ice-ufrag:old1',
  'a=ice-pwd:oldpassword1',
  '',
].join('\r\n');

describe('sdp fragments', () => {
  it('reads the session credentials', () => {
    expect(readIceCredentials(answer)).toEqual({ ufrag: 'old1', pwd: 'oldpassword1' });
  });

  it('builds a trickle fragment (RFC 8840) with candidates and end-of-candidates', () => {
    const frag = buildSdpFrag({
      credentials: { ufrag: 'u', pwd: 'p' },
      mid: '0',
      candidates: ['candidate:2 1 udp 1 127.0.0.1 4000 typ host'],
      endOfCandidates: true,
    });
    expect(frag).toBe(
      'a=ice-ufrag:u\r\na=ice-pwd:p\r\nm=audio 9 RTP/AVP 0\r\na=mid:0\r\n' +
        'a=candidate:2 1 udp 1 127.0.0.1 4000 typ host\r\na=end-of-candidates\r\n',
    );
  });

  it('parses a restart answer fragment', () => {
    const parsed = parseSdpFrag(
      'a=ice-ufrag:new\r\na=ice-pwd:newpassword\r\nm=audio 9 RTP/AVP 0\r\na=mid:0\r\na=candidate:1 1 udp 5 127.0.0.1 6000 typ host\r\n',
    );
    expect(parsed).toEqual({
      credentials: { ufrag: 'new', pwd: 'newpassword' },
      candidates: [{ mid: '0', candidate: 'candidate:1 1 udp 5 127.0.0.1 6000 typ host' }],
    });
  });

  it('swaps credentials in every section and drops stale candidates', () => {
    const next = replaceIceCredentials(answer, { ufrag: 'new', pwd: 'newpassword' });
    expect(next.match(/a=ice-ufrag:new/g)).toHaveLength(2);
    expect(next).not.toContain('old1');
    expect(next).not.toContain('a=candidate');
    expect(next).not.toContain('end-of-candidates');
  });
});
