import { connect, type Socket } from 'node:net';
import { HttpResponseParser, type RawHttpResponse } from './http-response-parser';
import { RawHttpError } from './raw-http-error';

export interface RawHttpClientOptions {
  host: string;
  port: number;
  /** A request without its complete response after this long fails and drops the connection. */
  timeoutMs?: number;
}

interface Pending {
  path: string;
  resolve: (response: RawHttpResponse) => void;
  reject: (error: RawHttpError) => void;
  timer: NodeJS.Timeout;
  /** Whether the request went out on a connection that had already carried one. */
  reused: boolean;
  /** Whether any byte of the response arrived. */
  answered: boolean;
}

const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * A minimal HTTP/1.1 keep-alive client for loopback load: `get(path)` on one `net.Socket`, one
 * request at a time. undici's `fetch` costs ~210 µs of CPU per 31 kB GET on loopback (streams,
 * promises, header objects, WHATWG bodies); this costs ~20 µs: it writes a request line and two
 * headers and hands back the body as a Buffer, so one core can drive thousands of LL-HLS viewers.
 * It connects on first use and again after the server closes. Not a general client: no TLS, no
 * redirects, no request bodies, GET only.
 */
export class RawHttpClient {
  private socket: Socket | undefined;
  private parser = new HttpResponseParser();
  private pending: Pending | undefined;
  /** Requests completed on the current connection. */
  private served = 0;
  private disposed = false;
  private readonly timeoutMs: number;
  private readonly hostHeader: string;

  constructor(private readonly options: RawHttpClientOptions) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.hostHeader = `${options.host}:${options.port}`;
  }

  get(path: string): Promise<RawHttpResponse> {
    if (this.disposed) return Promise.reject(RawHttpError.disposed(path));
    if (this.pending) return Promise.reject(RawHttpError.busy(path));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => this.fail(RawHttpError.timeout(path, this.timeoutMs)), this.timeoutMs);
      this.pending = { path, resolve, reject, timer, reused: false, answered: false };
      this.send();
    });
  }

  /** Closes the connection; a request under way fails with `raw-http/disposed`. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this.pending) this.fail(RawHttpError.disposed(this.pending.path));
    this.drop();
  }

  private send(): void {
    const pending = this.pending!;
    const socket = this.socket ?? this.open();
    pending.reused = this.served > 0;
    pending.answered = false;
    socket.write(
      `GET ${pending.path} HTTP/1.1\r\nHost: ${this.hostHeader}\r\nConnection: keep-alive\r\n\r\n`,
    );
  }

  private open(): Socket {
    const socket = connect({ host: this.options.host, port: this.options.port, noDelay: true });
    this.socket = socket;
    this.parser = new HttpResponseParser();
    this.served = 0;
    socket.on('data', (chunk: Buffer) => this.onData(socket, chunk));
    // 'close' always follows 'error': the request is settled there, once.
    socket.on('error', () => undefined);
    socket.on('close', () => this.onClose(socket));
    return socket;
  }

  private onData(socket: Socket, chunk: Buffer): void {
    if (socket !== this.socket) return;
    const pending = this.pending;
    if (pending) pending.answered = true;
    let responses: RawHttpResponse[];
    try {
      responses = this.parser.push(chunk);
    } catch (error) {
      this.drop();
      if (pending) this.fail(error as RawHttpError);
      return;
    }
    for (const response of responses) this.complete(response);
  }

  private onClose(socket: Socket): void {
    if (socket !== this.socket) return;
    this.socket = undefined;
    const pending = this.pending;
    let response: RawHttpResponse | undefined;
    try {
      response = this.parser.end(pending?.path);
    } catch (error) {
      this.fail(error as RawHttpError);
      return;
    }
    if (response) this.complete(response);
    else if (pending?.reused && !pending.answered && !this.disposed) {
      // The server closed an idle keep-alive connection as the request went out: not the
      // request's fault, so it goes again once on a fresh connection.
      this.send();
    } else if (pending) this.fail(RawHttpError.closed(pending.path));
  }

  private complete(response: RawHttpResponse): void {
    const pending = this.pending;
    if (!pending) return;
    this.pending = undefined;
    clearTimeout(pending.timer);
    this.served++;
    if (!response.keepAlive) this.drop();
    pending.resolve(response);
  }

  private fail(error: RawHttpError): void {
    const pending = this.pending;
    if (!pending) return;
    this.pending = undefined;
    clearTimeout(pending.timer);
    // Whatever the connection still carries belongs to the failed request.
    this.drop();
    pending.reject(error);
  }

  private drop(): void {
    const socket = this.socket;
    this.socket = undefined;
    socket?.destroy();
  }
}
