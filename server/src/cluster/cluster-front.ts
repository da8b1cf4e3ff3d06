import http, { type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { AggregatorRegistry } from 'prom-client';
import { ErrorCodes } from '@brume/protocol';
import type { Logger } from '../util/logger';
import { clusterRoute, workerOf, type MergedList } from './cluster-route';
import { mergeLists } from './merge-lists';
import { spreadSessionLocation, spreadSessionTarget, ViewerSpread } from './viewer-spread';
import { CLUSTER_KEY_HEADER, INTERNAL_PULL_HEADER } from './worker-access';
import type { WorkerPool } from './worker-pool';

/** Hop-by-hop headers (RFC 9110 §7.6.1): about one connection, never forwarded. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);
/** Merged answers are small JSON documents; anything bigger is not one. */
const MERGE_BODY_LIMIT = 8 * 1024 * 1024;

export interface ClusterFrontOptions {
  pool: WorkerPool;
  key: string;
  log: Logger;
  /**
   * A stream's WHEP and `/ws` viewers go to its worker until it has this many; later ones go to the
   * least loaded worker, which pulls the stream from its holder (`viewer-spread.ts`).
   */
  spreadAfter: number;
  /** How often the front asks every worker for its viewer counts. */
  statsEveryMs?: number;
}

/** What a new viewer is, for spreading: a WHEP offer or a `/ws` upgrade. */
const VIEWER_POST = /^\/whep\/[^/]+\/?$/;
const WS_VIEWER = /^\/ws\/[^/?]+/;

/**
 * The cluster's public port: an HTTP server that routes each request to a worker (`clusterRoute`):
 * a stream's requests to the worker that holds it, lists to every worker with the answers merged,
 * the rest to the first worker that runs. HTTP is forwarded over keep-alive loopback connections
 * (bodies streamed both ways: SSE, blocking playlist reloads and progressive MP4 flow as they come);
 * a WebSocket upgrade is handed over — the socket itself goes to the worker, so `/ws` media never
 * passes through this process. WebRTC media never does either: each worker has its own UDP ports.
 */
export function createClusterFront(options: ClusterFrontOptions): http.Server {
  const { pool, key, log } = options;
  const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity, maxFreeSockets: 256 });
  const spread = new ViewerSpread(pool.count, options.spreadAfter);
  const up = (index: number) => pool.portOf(index) !== undefined;
  const statsTimer = setInterval(() => void pollStats(), options.statsEveryMs ?? 1000);
  statsTimer.unref();
  const server = http.createServer({ requestTimeout: 0 }, (request, response) => {
    const url = request.url ?? '/';
    // A WHEP session of a spread viewer: its id names the worker that holds it.
    const session = spreadSessionTarget(url);
    if (session) {
      request.url = session.url;
      return forward(request, response, session.index);
    }
    const route = clusterRoute(request.method ?? 'GET', url);
    switch (route.kind) {
      case 'stream': {
        const owner = workerOf(route.stream, pool.count);
        if (request.method === 'POST' && VIEWER_POST.test(url.split('?', 1)[0]!)) {
          const index = spread.choose(route.stream, owner, up);
          return forward(request, response, index, index === owner ? undefined : index);
        }
        return forward(request, response, owner);
      }
      case 'merge':
        return void merge(request, response, route.list).catch((error: unknown) => failed(response, error));
      case 'find':
        return void find(request, response).catch((error: unknown) => failed(response, error));
      case 'all':
        return void everyWorker(request, response).catch((error: unknown) => failed(response, error));
      case 'any':
        return forward(request, response, firstRunning());
    }
  });
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const route = clusterRoute('GET', request.url ?? '/');
    let index = firstRunning();
    if (route.kind === 'stream') {
      const owner = workerOf(route.stream, pool.count);
      index = WS_VIEWER.test(request.url ?? '') ? spread.choose(route.stream, owner, up) : owner;
    }
    const raw = Buffer.concat([Buffer.from(requestHead(request, key)), head]);
    if (!pool.handOver(index, socket as Socket, raw)) {
      socket.end(
        errorResponse(503, ErrorCodes.workerUnavailable, 'the worker for this stream is restarting'),
      );
    }
  });
  server.on('close', () => {
    clearInterval(statsTimer);
    agent.destroy();
  });
  pool.events.on('exit', (index) => spread.forget(index));

  /** Every worker's viewers per stream, for spreading (a worker that does not answer has none). */
  async function pollStats(): Promise<void> {
    await Promise.all(
      Array.from({ length: pool.count }, async (_, index) => {
        const answer = await ask(
          index,
          { method: 'GET', headers: {}, socket: { remoteAddress: '127.0.0.1' } },
          '/api/stats',
        );
        if (!answer || answer.status !== 200) return spread.forget(index);
        try {
          const stats = JSON.parse(answer.body) as {
            streams?: { name: string; viewers?: { total?: number } }[];
          };
          spread.report(index, new Map((stats.streams ?? []).map((s) => [s.name, s.viewers?.total ?? 0])));
        } catch {
          spread.forget(index);
        }
      }),
    );
  }

  function failed(response: ServerResponse, error: unknown): void {
    log.error({ err: error }, 'cluster front: a merged request failed');
    unavailable(response);
  }

  /** The first worker that is up (static files, the config API), worker 0 when none is. */
  function firstRunning(): number {
    for (let i = 0; i < pool.count; i++) if (pool.portOf(i) !== undefined) return i;
    return 0;
  }

  /**
   * Forwards to worker `index`. `spreadTo`: a viewer sent away from its stream's holder — its WHEP
   * session's `Location` gets the worker's mark (`w<index>-<id>`) so PATCH/DELETE find it.
   */
  function forward(
    request: IncomingMessage,
    response: ServerResponse,
    index: number,
    spreadTo?: number,
  ): void {
    const port = pool.portOf(index);
    if (port === undefined) return unavailable(response);
    const upstream = http.request({
      host: '127.0.0.1',
      port,
      method: request.method,
      path: request.url,
      headers: forwardedHeaders(request, key),
      agent,
    });
    upstream.on('response', (answer) => {
      const headers = endToEnd(answer.headers);
      if (spreadTo !== undefined && answer.statusCode === 201 && typeof headers.location === 'string') {
        headers.location = spreadSessionLocation(headers.location, spreadTo);
      }
      response.writeHead(answer.statusCode ?? 502, answer.statusMessage, headers);
      // Each chunk as it comes: SSE events and parts of a growing MP4 must not wait for more.
      answer.pipe(response);
      answer.on('error', () => response.destroy());
    });
    upstream.on('error', (error) => {
      if (response.headersSent) return void response.destroy();
      log.warn({ err: error, worker: index, url: request.url }, `worker ${index} did not answer`);
      unavailable(response);
    });
    // The client left (a player closed a blocking playlist request): stop the worker's work too.
    response.on('close', () => {
      if (!response.writableFinished) upstream.destroy();
    });
    request.pipe(upstream);
  }

  async function merge(request: IncomingMessage, response: ServerResponse, list: MergedList): Promise<void> {
    const path = list === 'metrics' ? '/api/admin/cluster/metrics' : (request.url ?? '/');
    const answers = await Promise.all(
      Array.from({ length: pool.count }, (_, index) => ask(index, request, path)),
    );
    const refused = answers.find((answer) => answer !== undefined && answer.status !== 200);
    // The admin guard (or anything else) said no on a worker: that answer is the answer.
    if (refused) return send(response, refused.status, refused.headers, refused.body);
    if (answers.every((answer) => answer === undefined)) return unavailable(response);
    let bodies: unknown[];
    try {
      // By worker index; a worker that is down is left out (an empty answer): the list shows
      // what the running workers hold.
      bodies = answers.map((answer) => (answer ? (JSON.parse(answer.body) as unknown) : {}));
    } catch (error) {
      log.error({ err: error, url: request.url }, 'a worker answered a list request with bad JSON');
      return unavailable(response);
    }
    if (list === 'metrics') {
      const registry = AggregatorRegistry.aggregate(bodies.filter(Array.isArray));
      const text = await registry.metrics();
      return send(response, 200, { 'content-type': registry.contentType, 'cache-control': 'no-store' }, text);
    }
    const merged = mergeLists(list, bodies);
    send(
      response,
      200,
      { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
      JSON.stringify(merged),
    );
  }

  /** `/api/admin/sessions/:id`: each worker in turn until one knows the session. */
  async function find(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readBody(request);
    let last: Answer | undefined;
    for (let index = 0; index < pool.count; index++) {
      const answer = await ask(index, request, request.url ?? '/', body);
      if (!answer) continue;
      last = answer;
      if (answer.status !== 404) break;
    }
    if (!last) return unavailable(response);
    send(response, last.status, last.headers, last.body);
  }

  /**
   * A change every worker makes: the first running worker decides (its refusal — 400, 403, 422 — is
   * the answer, and no other worker is asked), then each other worker applies the same request.
   * The first worker's answer goes back; a worker that is restarting reads the config file, if any,
   * when it starts.
   */
  async function everyWorker(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readBody(request);
    const first = firstRunning();
    const answer = await ask(first, request, request.url ?? '/', body);
    if (!answer) return unavailable(response);
    if (answer.status >= 200 && answer.status < 300) {
      for (let index = 0; index < pool.count; index++) {
        if (index === first) continue;
        const other = await ask(index, request, request.url ?? '/', body);
        if (other && other.status !== answer.status) {
          log.error(
            { worker: index, status: other.status, url: request.url },
            `worker ${index} did not take the change worker ${first} took`,
          );
        }
      }
    }
    send(response, answer.status, answer.headers, answer.body);
  }

  function ask(
    index: number,
    request: AskedRequest,
    path: string,
    body?: Buffer,
  ): Promise<Answer | undefined> {
    const port = pool.portOf(index);
    if (port === undefined) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      const upstream = http.request(
        {
          host: '127.0.0.1',
          port,
          method: request.method,
          path,
          headers: forwardedHeaders(request, key),
          agent,
        },
        (answer) => {
          const chunks: Buffer[] = [];
          let size = 0;
          answer.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > MERGE_BODY_LIMIT) return void upstream.destroy();
            chunks.push(chunk);
          });
          answer.on('end', () =>
            resolve({
              status: answer.statusCode ?? 502,
              headers: endToEnd(answer.headers),
              body: Buffer.concat(chunks).toString('utf8'),
            }),
          );
          answer.on('error', () => resolve(undefined));
        },
      );
      upstream.on('error', () => resolve(undefined));
      upstream.end(body);
    });
  }

  return server;
}

/** The parts of a client request that `ask` forwards (the stats poll makes its own). */
type AskedRequest = Pick<IncomingMessage, 'method' | 'headers'> & {
  socket: { remoteAddress?: string | undefined };
};

interface Answer {
  status: number;
  headers: http.OutgoingHttpHeaders;
  body: string;
}

/**
 * The request's headers for a worker: end-to-end ones as they came (Host and Origin too: the
 * relay builds URLs from Host and the admin guard checks both), the client's address as the one
 * `X-Forwarded-For` entry (a client's own is not trusted), and the cluster key.
 */
function forwardedHeaders(request: AskedRequest, key: string): http.OutgoingHttpHeaders {
  const headers: http.OutgoingHttpHeaders = endToEnd(request.headers);
  headers['x-forwarded-for'] = request.socket.remoteAddress ?? '';
  delete headers['x-forwarded-host'];
  delete headers['forwarded'];
  delete headers[INTERNAL_PULL_HEADER];
  headers[CLUSTER_KEY_HEADER] = key;
  return headers;
}

function endToEnd(headers: IncomingHttpHeaders): http.OutgoingHttpHeaders {
  const out: http.OutgoingHttpHeaders = {};
  const named = new Set((headers.connection ?? '').split(',').map((name) => name.trim().toLowerCase()));
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || HOP_BY_HOP.has(name) || named.has(name)) continue;
    out[name] = value;
  }
  return out;
}

/**
 * The upgrade request as it came on the wire, for the worker's HTTP parser, with the cluster key
 * and the client's address set as on forwarded requests.
 */
function requestHead(request: IncomingMessage, key: string): string {
  const lines = [`${request.method ?? 'GET'} ${request.url ?? '/'} HTTP/${request.httpVersion}`];
  for (let i = 0; i < request.rawHeaders.length; i += 2) {
    const name = request.rawHeaders[i]!;
    const lower = name.toLowerCase();
    if ([CLUSTER_KEY_HEADER, INTERNAL_PULL_HEADER, 'x-forwarded-for', 'forwarded'].includes(lower)) continue;
    lines.push(`${name}: ${request.rawHeaders[i + 1]!}`);
  }
  lines.push(`x-forwarded-for: ${request.socket.remoteAddress ?? ''}`, `${CLUSTER_KEY_HEADER}: ${key}`);
  return `${lines.join('\r\n')}\r\n\r\n`;
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function send(
  response: ServerResponse,
  status: number,
  headers: http.OutgoingHttpHeaders,
  body: string,
): void {
  if (response.headersSent) return void response.end();
  response.writeHead(status, { ...headers, 'content-length': Buffer.byteLength(body) });
  response.end(body);
}

function unavailable(response: ServerResponse): void {
  const body = JSON.stringify({
    error: {
      code: ErrorCodes.workerUnavailable,
      message: 'the worker for this request is restarting; retry in a second',
    },
  });
  send(
    response,
    503,
    { 'content-type': 'application/json; charset=utf-8', 'retry-after': '1', 'cache-control': 'no-store' },
    body,
  );
}

function errorResponse(status: number, code: string, message: string): string {
  const body = JSON.stringify({ error: { code, message } });
  return [
    `HTTP/1.1 ${status} ${http.STATUS_CODES[status] ?? ''}`,
    'Content-Type: application/json; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Retry-After: 1',
    'Connection: close',
    '',
    body,
  ].join('\r\n');
}
