import fc from 'fast-check';

/** Stream names an attacker or a broken client might put in a path, already in request-target form. */
export const hostileNameSegment: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '..',
    '.',
    '..%2f..%2fetc%2fpasswd',
    '..%2F..%2F..%2Fpackage.json',
    '%2e%2e',
    '%2e%2e%2f',
    'live%2fx',
    'live%2Findex.m3u8',
    'a%00b',
    '%00',
    'live%00',
    '%zz',
    '%',
    'live%',
    '%ff%fe',
    '%c0%af',
    'live+',
    '+live',
    'live++x',
    'a+b+c',
    'live+%2e%2e',
    'LIVE',
    'live%20',
    '%20',
    '%E2%80%AE',
    'x'.repeat(65),
    'x'.repeat(300),
    `live+${'y'.repeat(80)}`,
    'a'.repeat(2000),
    'con',
    'nul.txt',
    '__proto__',
    'constructor',
    'hasOwnProperty',
  ),
  // Arbitrary unicode, percent-encoded as a client would.
  fc.string({ maxLength: 80, unit: 'grapheme' }).map(encodeURIComponent),
  // Arbitrary bytes, percent-encoded byte by byte (invalid UTF-8 included).
  fc
    .uint8Array({ maxLength: 40 })
    .map((bytes) => [...bytes].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('')),
  // Printable ASCII as is (but for what ends a path or a request line).
  fc
    .string({ maxLength: 60, unit: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)) })
    .map((s) => s.replace(/[/?#%]/g, (c) => encodeURIComponent(c))),
);

/** A query value: numbers out of range, garbage, repeated keys' worth of text. */
export const hostileQueryValue: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '',
    '-1',
    '0',
    '1e999',
    '9007199254740993',
    '99999999999999999999999',
    'NaN',
    'Infinity',
    '0x10',
    '1.5',
    ' 1',
    '%00',
    '%zz',
    'now',
    'live-10s',
    '2026-01-01T00:00:00Z',
    '[]',
    '{}',
  ),
  fc.integer().map(String),
  fc.double().map(String),
  fc.string({ maxLength: 30 }).map(encodeURIComponent),
);

/** A query string made of known keys (and unknown ones) with hostile values, repeated keys included. */
export const hostileQuery: fc.Arbitrary<string> = fc
  .array(
    fc.tuple(
      fc.constantFrom(
        '_HLS_msn',
        '_HLS_part',
        '_HLS_skip',
        'from',
        'to',
        'time',
        'start',
        'end',
        'keyframeIntervalMs',
        'x',
        '__proto__',
      ),
      hostileQueryValue,
    ),
    { maxLength: 5 },
  )
  .map((pairs) => (pairs.length ? `?${pairs.map(([key, value]) => `${key}=${value}`).join('&')}` : ''));

/** SDP offers derived from a real one: truncated, lines dropped, duplicated or replaced, or random. */
export function hostileSdp(valid: string): fc.Arbitrary<string | Uint8Array> {
  const lines = valid.split('\r\n');
  const garbageLine = fc.oneof(
    fc.string({ maxLength: 100 }),
    fc.constantFrom(
      'm=video 9 UDP/TLS/RTP/SAVPF',
      'm=',
      'a=rtpmap:96',
      'a=rtpmap:x H264/abc',
      'a=fmtp:96 profile-level-id=zzzzzz',
      'a=fingerprint:sha-256 00',
      'a=ice-ufrag:',
      'a=group:BUNDLE 0 1 2 3 4 5 6 7 8 9',
      'a=ssrc:-1 cname:x',
      'a=simulcast:send 1;2;3',
      'a=rid:1 send',
      'a=extmap:99999 urn:x',
      'a=candidate:1 1 udp 1 999.0.0.1 99999 typ host',
      'c=IN IP4 ',
      'v=1',
    ),
  );
  return fc.oneof(
    fc.nat({ max: valid.length }).map((at) => valid.slice(0, at)),
    fc
      .tuple(
        fc.array(
          fc.tuple(fc.nat({ max: lines.length }), fc.constantFrom('drop', 'dup', 'replace'), garbageLine),
          {
            minLength: 1,
            maxLength: 8,
          },
        ),
        fc.constantFrom('\r\n', '\n'),
      )
      .map(([edits, newline]) => {
        const edited = [...lines];
        for (const [at, kind, line] of edits) {
          if (kind === 'drop') edited.splice(at, 1);
          else if (kind === 'dup') edited.splice(at, 0, edited[at] ?? line);
          else edited.splice(at, 1, line);
        }
        return edited.join(newline);
      }),
    fc.array(garbageLine, { maxLength: 30 }).map((parts) => parts.join('\r\n')),
    fc.uint8Array({ maxLength: 4000 }),
    fc.constantFrom(`${valid}\r\n${'a=x:'.repeat(20_000)}`, '\u0000'.repeat(100), 'v=0\r\n'.repeat(5000)),
  );
}

/** Trickle-ICE fragments: garbage lines; `withCredentials` adds ICE ufrag/pwd lines (an ICE restart). */
export function hostileSdpFrag(withCredentials: boolean): fc.Arbitrary<string | Uint8Array> {
  const line = fc.oneof(
    fc.string({ maxLength: 80 }),
    fc.constantFrom(
      'a=candidate:',
      'a=candidate:1 1 udp 2113937151 192.0.2.1 9 typ host',
      'a=candidate:x y z',
      'a=end-of-candidates',
      'a=mid:0',
      'a=mid:99',
      'm=audio 9 UDP/TLS/RTP/SAVPF 0',
      'm=',
      'a=group:BUNDLE 0',
      ...(withCredentials ? ['a=ice-ufrag:abcd', 'a=ice-pwd:0123456789012345678901', 'a=ice-ufrag:'] : []),
    ),
  );
  return fc.oneof(
    fc.array(line, { maxLength: 12 }).map((lines) => lines.join('\r\n')),
    fc.uint8Array({ maxLength: 600 }),
  );
}
