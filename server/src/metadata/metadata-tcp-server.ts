import type { MetadataIngestReply } from '@brume/protocol';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import type { Logger } from '../util/logger';
import { errorReply } from './error-reply';
import { LineSplitter } from './line-splitter';
import { MetadataError } from './metadata-error';
import type { MetadataIngest } from './metadata-ingest';

/**
 * The metadata TCP line protocol: each line is one JSON event with `stream` and `track` fields
 * (`{"stream":"cam","track":"chat","data":{...},"time"?:ms,"duration"?:ms}`), answered by one
 * line, `{"ok":true,"id":N}` or `{"error":{"code","message","line":N}}`, in order. Blank lines are
 * skipped without a reply. A line over 64 KiB is answered with `metadata/too-large` and the rest of
 * it discarded; the connection survives every bad line. Each connection has its own rate limit.
 * A client that does not read its replies stops being read (back-pressure), never buffered without bound.
 */
export class MetadataTcpServer {
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();

  constructor(
    private readonly ingest: MetadataIngest,
    private readonly log: Logger,
  ) {
    this.server = createServer((socket) => this.serve(socket));
  }

  /** Listens on `port` (0: any free port) and `host`; resolves to the bound address. */
  listen(port: number, host: string): Promise<AddressInfo> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        resolve(this.server.address() as AddressInfo);
      });
    });
  }

  get address(): AddressInfo | undefined {
    const address = this.server.address();
    return typeof address === 'object' && address ? address : undefined;
  }

  /** Stops listening and ends every connection. */
  close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    return new Promise((resolve) => {
      if (!this.server.listening) resolve();
      else this.server.close(() => resolve());
    });
  }

  private serve(socket: Socket): void {
    this.sockets.add(socket);
    const bucket = this.ingest.connectionBucket();
    const splitter = new LineSplitter();
    const send = (reply: MetadataIngestReply) => {
      if (!socket.write(`${JSON.stringify(reply)}\n`)) socket.pause();
    };
    const handle = (lines: ReturnType<LineSplitter['push']>) => {
      for (const item of lines) {
        if ('tooLong' in item) {
          send(errorReply(MetadataError.lineTooLong(item.line), this.log, item.line));
          continue;
        }
        if (item.text.trim() === '') continue;
        try {
          send({ ok: true, id: this.ingest.acceptLine(item.text, item.line, bucket).id });
        } catch (error) {
          send(errorReply(error, this.log, item.line));
        }
      }
    };
    socket.on('data', (chunk: Buffer) => handle(splitter.push(chunk)));
    socket.on('drain', () => socket.resume());
    socket.on('end', () => {
      handle(splitter.end());
      socket.end();
    });
    socket.on('error', (error) => this.log.debug({ err: error }, 'metadata TCP connection failed'));
    socket.on('close', () => this.sockets.delete(socket));
  }
}
