import { describe, expect, it } from 'vitest';
import { HttpResponseParser, type RawHttpResponse } from './http-response-parser';
import { RawHttpError } from './raw-http-error';

const bytes = (text: string) => Buffer.from(text, 'latin1');

/** Feeds `wire` cut at `at` (and, for a second cut, at `also`); returns every response. */
function parse(wire: Buffer, cuts: number[] = []): RawHttpResponse[] {
  const parser = new HttpResponseParser();
  const out: RawHttpResponse[] = [];
  let from = 0;
  for (const cut of [...cuts, wire.length]) {
    out.push(...parser.push(wire.subarray(from, cut)));
    from = cut;
  }
  return out;
}

/** Every way of cutting `wire` once, and into single bytes. */
function everySplit(wire: Buffer): RawHttpResponse[][] {
  const results: RawHttpResponse[][] = [];
  for (let at = 0; at <= wire.length; at++) results.push(parse(wire, [at]));
  results.push(
    parse(
      wire,
      Array.from({ length: wire.length }, (_, i) => i),
    ),
  );
  return results;
}

const LENGTH = bytes(
  'HTTP/1.1 200 OK\r\nContent-Type: application/vnd.apple.mpegurl\r\nContent-Length: 12\r\n\r\n#EXTM3U\nabcd',
);
const CHUNKED = bytes(
  'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nX-A: 1\r\nx-a: 2\r\n\r\n' +
    '5\r\nhello\r\n7;ext=1\r\n, world\r\n0\r\nTrailer: x\r\n\r\n',
);

describe('HttpResponseParser', () => {
  it('parses a Content-Length response cut at every position', () => {
    for (const responses of everySplit(LENGTH)) {
      expect(responses).toHaveLength(1);
      const [response] = responses;
      expect(response!.status).toBe(200);
      expect(response!.headers['content-type']).toBe('application/vnd.apple.mpegurl');
      expect(response!.body.toString()).toBe('#EXTM3U\nabcd');
      expect(response!.keepAlive).toBe(true);
    }
  });

  it('parses a chunked response with extensions and trailers cut at every position', () => {
    for (const responses of everySplit(CHUNKED)) {
      expect(responses).toHaveLength(1);
      expect(responses[0]!.body.toString()).toBe('hello, world');
      expect(responses[0]!.headers['x-a']).toBe('1, 2');
    }
  });

  it('parses responses back to back in one read, after an interim 100', () => {
    const wire = Buffer.concat([bytes('HTTP/1.1 100 Continue\r\n\r\n'), LENGTH, CHUNKED, LENGTH]);
    for (const responses of everySplit(wire)) {
      expect(responses.map((r) => r.body.toString())).toEqual([
        '#EXTM3U\nabcd',
        'hello, world',
        '#EXTM3U\nabcd',
      ]);
    }
  });

  it('answers 204 and Content-Length: 0 without a body', () => {
    const wire = bytes(
      'HTTP/1.1 204 No Content\r\n\r\nHTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n',
    );
    expect(parse(wire).map((r) => [r.status, r.body.length])).toEqual([
      [204, 0],
      [503, 0],
    ]);
  });

  it('reads a body without a length to the close, and marks the connection as not reusable', () => {
    const parser = new HttpResponseParser();
    expect(parser.push(bytes('HTTP/1.1 200 OK\r\n\r\nab'))).toEqual([]);
    expect(parser.push(bytes('cd'))).toEqual([]);
    const response = parser.end();
    expect(response?.body.toString()).toBe('abcd');
    expect(response?.keepAlive).toBe(false);
  });

  it('honours Connection: close on HTTP/1.1 and keep-alive on HTTP/1.0', () => {
    const [closing] = parse(bytes('HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n'));
    const [old] = parse(bytes('HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n'));
    const [kept] = parse(bytes('HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 0\r\n\r\n'));
    expect([closing!.keepAlive, old!.keepAlive, kept!.keepAlive]).toEqual([false, false, true]);
  });

  it('is idle between responses, and a close mid-response is an error', () => {
    const parser = new HttpResponseParser();
    expect(parser.idle).toBe(true);
    expect(parser.end()).toBeUndefined();
    parser.push(LENGTH.subarray(0, LENGTH.length - 1));
    expect(parser.idle).toBe(false);
    expect(() => parser.end('/x')).toThrow(expect.objectContaining({ code: 'raw-http/closed' }));
  });

  it.each([
    ['a status line that is not HTTP', 'SSH-2.0-OpenSSH\r\n\r\n'],
    ['a header line without a colon', 'HTTP/1.1 200 OK\r\nbroken\r\n\r\n'],
    ['a bad Content-Length', 'HTTP/1.1 200 OK\r\nContent-Length: 1x\r\n\r\n'],
    ['a bad chunk size', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n'],
    ['chunk data longer than its size', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n'],
  ])('refuses %s as raw-http/bad-response', (_, wire) => {
    const error = (() => {
      try {
        parse(bytes(wire));
      } catch (thrown) {
        return thrown;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(RawHttpError);
    expect((error as RawHttpError).code).toBe('raw-http/bad-response');
  });

  it('refuses a head that never ends instead of buffering it', () => {
    const parser = new HttpResponseParser();
    parser.push(bytes('HTTP/1.1 200 OK\r\n'));
    expect(() => parser.push(Buffer.alloc(70_000, 0x61))).toThrow(RawHttpError);
  });
});
