import { RawHttpError } from './raw-http-error';

export interface RawHttpResponse {
  status: number;
  /** Lower-case names; repeated headers joined with `, `. */
  headers: Record<string, string>;
  body: Buffer;
  /** Whether the connection may carry another request (HTTP/1.1 without `Connection: close`). */
  keepAlive: boolean;
}

/** A response head larger than this is refused rather than buffered without end. */
const MAX_HEAD_BYTES = 64 * 1024;
const CRLF = Buffer.from('\r\n');
const HEAD_END = Buffer.from('\r\n\r\n');

type State =
  | 'head'
  /** Body of `Content-Length` bytes: `remaining` left. */
  | 'length'
  /** Chunked: the chunk-size line. */
  | 'chunk-size'
  /** Chunked: `remaining` bytes of chunk data. */
  | 'chunk-data'
  /** Chunked: the CRLF after chunk data (`remaining` bytes of it left). */
  | 'chunk-end'
  /** Chunked: trailer lines up to the empty one. */
  | 'trailers'
  /** No length given: the body runs to the end of the connection. */
  | 'until-close';

/**
 * Incremental HTTP/1.x response parser for a load client: bytes in (split anywhere), complete
 * responses out. Bodies by `Content-Length`, `Transfer-Encoding: chunked` or up to the close.
 * Pure (no I/O) so it is tested on bytes. The body is gathered as slices of the chunks received
 * and copied once at the end, so a large part costs no per-byte work in JavaScript.
 */
export class HttpResponseParser {
  private state: State = 'head';
  /** Bytes of an unfinished head or chunked-framing line, kept until the rest arrives. */
  private pending: Buffer = Buffer.alloc(0);
  private remaining = 0;
  private body: Buffer[] = [];
  private status = 0;
  private headers: Record<string, string> = {};
  private keepAlive = true;

  /** Whether no response is partly parsed (a close here loses nothing). */
  get idle(): boolean {
    return this.state === 'head' && this.pending.length === 0;
  }

  /** Feeds received bytes; returns the responses they complete (usually none or one). */
  push(chunk: Buffer): RawHttpResponse[] {
    const done: RawHttpResponse[] = [];
    let data = chunk;
    while (data.length > 0) {
      switch (this.state) {
        case 'head': {
          const buffer = this.join(data);
          const end = buffer.indexOf(HEAD_END);
          if (end < 0) {
            if (buffer.length > MAX_HEAD_BYTES) throw RawHttpError.badResponse('head too large');
            this.pending = buffer;
            return done;
          }
          this.pending = Buffer.alloc(0);
          data = buffer.subarray(end + HEAD_END.length);
          const complete = this.head(buffer.toString('latin1', 0, end));
          if (complete) done.push(complete);
          break;
        }
        case 'length':
        case 'chunk-data': {
          const take = Math.min(this.remaining, data.length);
          this.body.push(data.subarray(0, take));
          this.remaining -= take;
          data = data.subarray(take);
          if (this.remaining > 0) break;
          if (this.state === 'length') done.push(this.finish());
          else {
            this.state = 'chunk-end';
            this.remaining = 2;
          }
          break;
        }
        case 'chunk-end': {
          const take = Math.min(this.remaining, data.length);
          const expected = CRLF.subarray(2 - this.remaining, 2 - this.remaining + take);
          if (!data.subarray(0, take).equals(expected))
            throw RawHttpError.badResponse('no CRLF after a chunk');
          this.remaining -= take;
          data = data.subarray(take);
          if (this.remaining === 0) this.state = 'chunk-size';
          break;
        }
        case 'chunk-size':
        case 'trailers': {
          const buffer = this.join(data);
          const end = buffer.indexOf(CRLF);
          if (end < 0) {
            if (buffer.length > MAX_HEAD_BYTES) throw RawHttpError.badResponse('framing line too long');
            this.pending = buffer;
            return done;
          }
          this.pending = Buffer.alloc(0);
          data = buffer.subarray(end + CRLF.length);
          const line = buffer.toString('latin1', 0, end);
          if (this.state === 'trailers') {
            if (line === '') done.push(this.finish());
          } else {
            const size = parseChunkSize(line);
            if (size === 0) this.state = 'trailers';
            else {
              this.state = 'chunk-data';
              this.remaining = size;
            }
          }
          break;
        }
        case 'until-close':
          this.body.push(data);
          data = data.subarray(data.length);
          break;
      }
    }
    return done;
  }

  /**
   * The connection ended: completes a body that runs to the close; throws `raw-http/closed`
   * when a response was cut short, returns undefined when none was under way.
   */
  end(path = ''): RawHttpResponse | undefined {
    if (this.state === 'until-close') return this.finish();
    if (this.idle) return undefined;
    throw RawHttpError.closed(path);
  }

  /** Parses a head; returns the response when it has no body, else sets the body's state. */
  private head(text: string): RawHttpResponse | undefined {
    const lines = text.split('\r\n');
    const match = /^HTTP\/1\.([01]) (\d{3})(?: |$)/.exec(lines[0] ?? '');
    if (!match) throw RawHttpError.badResponse(`status line ${JSON.stringify(lines[0]?.slice(0, 80))}`);
    this.status = Number(match[2]);
    const headers: Record<string, string> = {};
    for (let i = 1; i < lines.length; i++) {
      const line = lines[i]!;
      const colon = line.indexOf(':');
      if (colon <= 0) throw RawHttpError.badResponse(`header line ${JSON.stringify(line.slice(0, 80))}`);
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      const earlier = headers[name];
      headers[name] = earlier === undefined ? value : `${earlier}, ${value}`;
    }
    this.headers = headers;
    const connection = headers['connection']?.toLowerCase() ?? '';
    this.keepAlive = match[1] === '1' ? !connection.includes('close') : connection.includes('keep-alive');
    // 1xx answers are interim: the real response follows on the same connection.
    if (this.status >= 100 && this.status < 200) return undefined;
    if (this.status === 204 || this.status === 304) return this.finish();
    if (headers['transfer-encoding']?.toLowerCase().includes('chunked')) {
      this.state = 'chunk-size';
      return undefined;
    }
    const length = headers['content-length'];
    if (length === undefined) {
      this.state = 'until-close';
      this.keepAlive = false;
      return undefined;
    }
    if (!/^\d+$/.test(length)) throw RawHttpError.badResponse(`Content-Length ${JSON.stringify(length)}`);
    this.remaining = Number(length);
    if (this.remaining === 0) return this.finish();
    this.state = 'length';
    return undefined;
  }

  private finish(): RawHttpResponse {
    const body = this.body.length === 1 ? this.body[0]! : Buffer.concat(this.body);
    const response = { status: this.status, headers: this.headers, body, keepAlive: this.keepAlive };
    this.state = 'head';
    this.body = [];
    this.headers = {};
    this.remaining = 0;
    return response;
  }

  /** The pending partial line or head followed by `data` (no copy when nothing is pending). */
  private join(data: Buffer): Buffer {
    return this.pending.length === 0 ? data : Buffer.concat([this.pending, data]);
  }
}

function parseChunkSize(line: string): number {
  // Chunk extensions (`;name=value`) are allowed and ignored.
  const hex = line.split(';', 1)[0]!.trim();
  if (!/^[0-9a-fA-F]{1,8}$/.test(hex))
    throw RawHttpError.badResponse(`chunk size ${JSON.stringify(line.slice(0, 40))}`);
  return parseInt(hex, 16);
}
