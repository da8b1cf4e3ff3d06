import { ErrorCodes, type MetadataIngestReply } from '@brume/protocol';
import type { MetadataLineSink } from '../metadata/metadata-line-sink';
import { workerOf } from './cluster-route';
import type { WorkerPool } from './worker-pool';
import type { ToPrimary } from './worker-messages';

/** A worker that does not answer a line within this is reported as unavailable for that line. */
const REPLY_TIMEOUT_MS = 10_000;

interface Waiting {
  worker: number;
  resolve: (reply: MetadataIngestReply) => void;
  timer: NodeJS.Timeout;
}

/**
 * The metadata TCP port of a cluster: the front listens (`MetadataTcpServer`), and each line goes
 * over IPC to the worker holding the line's `stream` (the same hash as every HTTP request), which
 * validates and stores it as the single relay would and keeps the connection's rate limit. Replies
 * come back in line order (the TCP server keeps it). A line whose stream cannot be read goes to any
 * worker, whose ingest answers its error; a worker that is down answers `server/worker-unavailable`.
 */
export function clusterLineSink(pool: WorkerPool): MetadataLineSink & { dispose(): void } {
  const waiting = new Map<string, Waiting>();
  let connections = 0;
  let seq = 0;
  const settle = (key: string, reply: MetadataIngestReply) => {
    const entry = waiting.get(key);
    if (!entry) return;
    waiting.delete(key);
    clearTimeout(entry.timer);
    entry.resolve(reply);
  };
  const unavailable = (line: number, message: string): MetadataIngestReply => ({
    error: { code: ErrorCodes.workerUnavailable, message, line, retryAfterMs: 1000 },
  });
  const offMessage = pool.events.on('message', (_index, message: ToPrimary) => {
    if (message.type === 'metadata-reply') settle(`${message.connection}:${message.seq}`, message.reply);
  });
  // A worker that died answers none of what it was asked.
  const offExit = pool.events.on('exit', (index) => {
    for (const [key, entry] of waiting) {
      if (entry.worker === index) settle(key, unavailable(0, 'the worker for this stream restarted'));
    }
  });

  return {
    open() {
      const connection = ++connections;
      const asked = new Set<number>();
      return {
        accept(text, line) {
          const stream = streamOf(text);
          const worker = stream === undefined ? 0 : workerOf(stream, pool.count);
          const id = ++seq;
          if (!pool.send(worker, { type: 'metadata-line', connection, seq: id, text, line })) {
            return unavailable(line, 'the worker for this stream is restarting');
          }
          asked.add(worker);
          return new Promise<MetadataIngestReply>((resolve) => {
            const key = `${connection}:${id}`;
            const timer = setTimeout(
              () => settle(key, unavailable(line, 'the worker for this stream did not answer')),
              REPLY_TIMEOUT_MS,
            );
            waiting.set(key, { worker, resolve: (reply) => resolve(withLine(reply, line)), timer });
          });
        },
        close() {
          for (const worker of asked) pool.send(worker, { type: 'metadata-close', connection });
        },
      };
    },
    dispose() {
      offMessage();
      offExit();
      for (const key of [...waiting.keys()]) settle(key, unavailable(0, 'the relay is stopping'));
    },
  };
}

/** The line's `stream` field, without judging the rest (the worker's ingest does that). */
function streamOf(text: string): string | undefined {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null) return undefined;
    const stream = (value as Record<string, unknown>).stream;
    return typeof stream === 'string' ? stream : undefined;
  } catch {
    return undefined;
  }
}

/** An error reply names its line (a reply made here for a dead worker did not know it). */
function withLine(reply: MetadataIngestReply, line: number): MetadataIngestReply {
  return 'error' in reply && reply.error.line === 0 ? { error: { ...reply.error, line } } : reply;
}
