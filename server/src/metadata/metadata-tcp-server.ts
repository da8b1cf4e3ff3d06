import type { MetadataIngestReply } from '@brume/protocol';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import type { Logger } from '../util/logger';
import { errorReply } from './error-reply';
import { LineSplitter } from './line-splitter';
import { MetadataError } from './metadata-error';
import type { MetadataLineSink } from './metadata-line-sink';

/**
 * The metadata TCP line protocol: each line is one JSON event with `stream` and `track` fields
 * (`{"stream":"cam","track":"chat","data":{...},"time"?:ms,"duration"?:ms}`), answered by one
 * line, `{"ok":true,"id":N}` or `{"error":{"code","message","line":N}}`, in order. Blank lines are
 * skipped without a reply. A line over 64 KiB is answered with `metadata/too-large` and the rest of
 * it discarded; the connection survives every bad line. Each connection has its own rate limit.
 * Lines go to a `MetadataLineSink`: the relay's ingest, or in a cluster the worker holding each
 * line's stream (`cluster/cluster-metadata.ts`).
 * A client that does not read its replies stops being read (back-pressure), never buffered without bound.
 */
export class MetadataTcpServer {
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();

  constructor(
    private readonly sink: MetadataLineSink,
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
    const connection = this.sink.open();
    const splitter = new LineSplitter();
    // Replies go out in the order of the lines; one that waits (a cluster worker) holds the later ones.
    let queue: Promise<void> = Promise.resolve();
    let waiting = 0;
    const send = (reply: MetadataIngestReply) => {
      if (socket.destroyed) return;
      if (!socket.write(`${JSON.stringify(reply)}\n`)) socket.pause();
    };
    const answer = (reply: MetadataIngestReply | Promise<MetadataIngestReply>) => {
      if (waiting === 0 && !(reply instanceof Promise)) return send(reply);
      waiting++;
      if (waiting >= MAX_WAITING_REPLIES) socket.pause();
      queue = queue.then(async () => {
        send(await reply);
        waiting--;
        if (waiting < MAX_WAITING_REPLIES && socket.writableLength === 0) socket.resume();
      });
    };
    const handle = (lines: ReturnType<LineSplitter['push']>) => {
      for (const item of lines) {
        if ('tooLong' in item) {
          answer(errorReply(MetadataError.lineTooLong(item.line), this.log, item.line));
          continue;
        }
        if (item.text.trim() === '') continue;
        answer(connection.accept(item.text, item.line));
      }
    };
    socket.on('data', (chunk: Buffer) => handle(splitter.push(chunk)));
    socket.on('drain', () => {
      if (waiting < MAX_WAITING_REPLIES) socket.resume();
    });
    socket.on('end', () => {
      handle(splitter.end());
      void queue.then(() => socket.end());
    });
    socket.on('error', (error) => this.log.debug({ err: error }, 'metadata TCP connection failed'));
    socket.on('close', () => {
      this.sockets.delete(socket);
      connection.close();
    });
  }
}

/** Lines whose replies may wait at once on one connection before it stops being read. */
const MAX_WAITING_REPLIES = 256;
