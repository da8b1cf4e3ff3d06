import type { FastifyInstance, FastifyRequest, FastifyServerOptions } from 'fastify';
import { ErrorCodes } from '@brume/protocol';
import { tokenMatches } from '../admin/admin-access';
import type { ServerMetrics } from '../observability/server-metrics';

/** The header by which the cluster's front process (and only it) proves itself to a worker. */
export const CLUSTER_KEY_HEADER = 'x-brume-cluster-key';

/**
 * Marks a worker's own pull from a sibling (`x-brume-internal: pull`, with the cluster key): the
 * sibling serves it as the relay's internal edge, not as a viewer (no viewer token asked of it).
 * The front drops this header from client requests.
 */
export const INTERNAL_PULL_HEADER = 'x-brume-internal';

/** How a relay runs as one worker of a cluster (`brume serve --workers N`). */
export interface WorkerRole {
  /** Random per cluster start, handed to each worker in its environment. */
  key: string;
  /** 0…count−1, in logs and metrics. */
  index: number;
  /** Workers in the cluster. */
  count: number;
  /** Loopback port of worker `index` (from the front), undefined while it (re)starts. */
  portOf(index: number): number | undefined;
}

const internalRequests = new WeakSet<FastifyRequest>();

/** A sibling worker's pull (checked by `guardWorker`): not a viewer to admit. */
export function isInternalRequest(request: FastifyRequest): boolean {
  return internalRequests.has(request);
}

/**
 * Fastify options of a worker: the front process forwards every request over loopback, so the
 * client's address comes from `X-Forwarded-For` — trusted from loopback only, and only on requests
 * that carry the cluster key (`guardWorker` refuses the rest before anything reads `request.ip`).
 */
export function workerFastifyOptions(): Pick<FastifyServerOptions, 'trustProxy'> {
  return {
    trustProxy: (address: string) =>
      address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1',
  };
}

/**
 * A worker answers only its front process: a request without the cluster key (someone on this
 * machine reaching the worker's loopback port directly, around the front's checks and forwarded
 * address) is refused with 403. Registered first, before every other hook and route.
 */
export function guardWorker(app: FastifyInstance, role: WorkerRole): void {
  app.addHook('onRequest', async (request, reply) => {
    const given = request.headers[CLUSTER_KEY_HEADER];
    if (typeof given === 'string' && tokenMatches(given, role.key)) {
      if (request.headers[INTERNAL_PULL_HEADER] === 'pull') internalRequests.add(request);
      return;
    }
    await reply
      .status(403)
      .header('Cache-Control', 'no-store')
      .send({
        error: {
          code: ErrorCodes.clusterOnly,
          message: 'this is a cluster worker: connect to the front port',
        },
      });
  });
}

/**
 * The worker's metrics as prom-client JSON, for the front process to sum into one `/metrics`
 * (`AggregatorRegistry.aggregate`). Under `/api/admin/`, so the admin guard applies as to `/metrics`.
 */
export function registerWorkerMetrics(app: FastifyInstance, metrics: ServerMetrics): void {
  app.get('/api/admin/cluster/metrics', async (_request, reply) => {
    reply.header('Cache-Control', 'no-store');
    return metrics.registry.getMetricsAsJSON();
  });
}
