import { describe, expect, it } from 'vitest';
import { parseSdpFrag, serializeSdpFrag } from './sdp-frag';

describe('trickle-ice-sdpfrag', () => {
  it('parses a trickle PATCH body (RFC 9725 §4.4.1 example)', () => {
    const frag = parseSdpFrag(
      [
        'a=ice-options:trickle ice2',
        'a=group:BUNDLE 0 1',
        'm=audio 9 UDP/TLS/RTP/SAVPF 111',
        'a=mid:0',
        'a=ice-ufrag:EsAw',
        'a=ice-pwd:bP+XJMM09aR8AiX1jdukzR6Y',
        'a=candidate:1387637174 1 udp 2122260223 192.0.2.1 61764 typ host generation 0 ufrag EsAw network-id 1',
        'a=candidate:3471623853 1 udp 2122194687 198.51.100.2 61765 typ host generation 0 ufrag EsAw network-id 2',
        'a=end-of-candidates',
        '',
      ].join('\r\n'),
    );
    expect(frag.ufrag).toBe('EsAw');
    expect(frag.pwd).toBe('bP+XJMM09aR8AiX1jdukzR6Y');
    expect(frag.media).toHaveLength(1);
    expect(frag.media[0]).toMatchObject({ mid: '0', endOfCandidates: true });
    expect(frag.media[0]?.candidates[0]).toMatch(/^candidate:1387637174 1 udp/);
  });

  it('rejects garbage and half credentials', () => {
    expect(() => parseSdpFrag('hello')).toThrow(/not an SDP fragment line/);
    expect(() => parseSdpFrag('a=ice-ufrag:abcd\r\n')).toThrow(/both/);
    expect(() => parseSdpFrag('a=candidate:1 1 udp\r\n')).toThrow(/malformed candidate/);
  });

  it('serializes an ICE restart answer', () => {
    const text = serializeSdpFrag({
      ufrag: 'abcd',
      pwd: 'p'.repeat(22),
      mLine: 'm=video 9 UDP/TLS/RTP/SAVPF 108',
      mid: '0',
      candidates: ['candidate:1 1 udp 2130706431 127.0.0.1 5000 typ host'],
    });
    expect(text).toBe(
      'a=ice-ufrag:abcd\r\na=ice-pwd:pppppppppppppppppppppp\r\nm=video 9 UDP/TLS/RTP/SAVPF 108\r\na=mid:0\r\n' +
        'a=candidate:1 1 udp 2130706431 127.0.0.1 5000 typ host\r\na=end-of-candidates\r\n',
    );
    expect(parseSdpFrag(text).media[0]?.candidates).toHaveLength(1);
  });
});
