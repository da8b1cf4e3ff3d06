import type { MetadataIngestReply } from '@brume/protocol';
import type { Socket } from 'node:net';
import { errorReply } from '../metadata/error-reply';
import { configFromEnvironment } from '../config';
import { createServer } from '../index';
import type { ToWorker, ToPrimary } from './worker-messages';

/**
 * One worker of `brume serve --workers N` (forked by `WorkerPool`): a whole relay on a loopback port
 * of its own, answering the front process only (`guardWorker`). Its WebRTC media (ICE/UDP) goes
 * straight to clients; HTTP comes forwarded by the front, WebSocket connections are handed over
 * whole (the socket's file descriptor, with the bytes of the request already read). Same flags and
 * environment as the relay; `BRUME_CLUSTER_KEY` and `BRUME_WORKER_INDEX` say which worker it is.
 */
async function runWorker(): Promise<void> {
  const key = process.env.BRUME_CLUSTER_KEY;
  const index = Number(process.env.BRUME_WORKER_INDEX);
  if (!key || !Number.isInteger(index) || !process.send)
    throw new Error('not started by a cluster front process');
  const send = (message: ToPrimary) => process.send?.(message);
  const options = configFromEnvironment(process.argv.slice(2), process.env);
  const count = Number(process.env.BRUME_WORKER_COUNT);
  let ports: (number | null)[] = [];
  process.on('message', (message: ToWorker) => {
    if (message.type === 'peers') ports = message.ports;
  });
  const server = await createServer({
    ...options,
    // The front listens on the public port and the metadata TCP port (lines come over IPC).
    port: 0,
    host: '127.0.0.1',
    metadataTcpPort: 0,
    viewerTokenSecret: process.env.BRUME_VIEWER_TOKEN_SECRET || undefined,
    ...(process.env.BRUME_CLUSTER_NODE_URL ? { nodeUrl: process.env.BRUME_CLUSTER_NODE_URL } : {}),
    cluster: { key, index, count, portOf: (worker) => ports[worker] ?? undefined },
  });
  const url = await server.listen();
  const port = Number(new URL(url).port);

  // The front's metadata TCP port: each line comes to the worker holding its stream, with the rate
  // limit of its connection kept here.
  const buckets = new Map<number, ReturnType<typeof server.metadata.connectionBucket>>();
  process.on('message', (message: ToWorker) => {
    if (message.type === 'metadata-close') return void buckets.delete(message.connection);
    if (message.type !== 'metadata-line') return;
    let bucket = buckets.get(message.connection);
    if (!bucket) buckets.set(message.connection, (bucket = server.metadata.connectionBucket()));
    let reply: MetadataIngestReply;
    try {
      reply = { ok: true, id: server.metadata.acceptLine(message.text, message.line, bucket).id };
    } catch (error) {
      reply = errorReply(error, server.app.log, message.line);
    }
    send({ type: 'metadata-reply', connection: message.connection, seq: message.seq, reply });
  });

  process.on('message', (message: ToWorker, handle?: unknown) => {
    if (message.type !== 'connection' || !handle) return;
    const socket = handle as Socket;
    // The front read the request head to route it: replay it into this worker's HTTP parser, which
    // then raises `upgrade` exactly as for a connection of its own.
    server.app.server.emit('connection', socket);
    socket.emit('data', Buffer.from(message.head, 'base64'));
    socket.resume();
  });

  let closing = false;
  const stop = () => {
    if (closing) return;
    closing = true;
    const force = setTimeout(() => process.exit(0), server.config.shutdown.timeoutMs + 3000);
    force.unref();
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', stop);
  // A terminal's Ctrl-C reaches every process of the group: the front coordinates, workers drain.
  process.on('SIGINT', stop);
  // The front is gone (crashed or killed): nobody routes here any more.
  process.on('disconnect', stop);
  send({ type: 'ready', port });
}

runWorker().catch((error: unknown) => {
  console.error(
    `brume worker ${process.env.BRUME_WORKER_INDEX ?? '?'}:`,
    error instanceof Error ? error.message : error,
  );
  process.exit(1);
});
