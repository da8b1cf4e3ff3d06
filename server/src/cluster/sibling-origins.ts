import type { OriginResolver } from '../edge/origin-resolver';
import { workerOf } from './cluster-route';
import { CLUSTER_KEY_HEADER, INTERNAL_PULL_HEADER, type WorkerRole } from './worker-access';

/**
 * A worker's origins inside its cluster: a stream held by another worker (`workerOf`) is pulled
 * from that worker's loopback port, as an edge pulls from its origin — this is how the viewers of
 * one busy stream spread over every core (`viewer-spread.ts`). For its own streams the worker has
 * no sibling to ask ([]): the next resolver (the Redis directory, static origins) decides.
 */
export function siblingOrigins(role: WorkerRole): OriginResolver {
  return (name) => {
    const holder = workerOf(name, role.count);
    if (holder === role.index) return Promise.resolve([]);
    const port = role.portOf(holder);
    return Promise.resolve(port === undefined ? [] : [siblingUrl(port)]);
  };
}

/** The headers a pull from a sibling carries: the cluster key, and "this is a pull, not a viewer". */
export function siblingHeaders(role: WorkerRole): (origin: string) => Record<string, string> {
  return (origin): Record<string, string> =>
    isSibling(origin, role) ? { [CLUSTER_KEY_HEADER]: role.key, [INTERNAL_PULL_HEADER]: 'pull' } : {};
}

function siblingUrl(port: number): string {
  return `http://127.0.0.1:${port}`;
}

function isSibling(origin: string, role: WorkerRole): boolean {
  for (let index = 0; index < role.count; index++) {
    const port = role.portOf(index);
    if (port !== undefined && origin === siblingUrl(port)) return true;
  }
  return false;
}

/** The first resolver with an answer wins (an empty list or a failure passes to the next). */
export function firstOrigins(resolvers: readonly OriginResolver[]): OriginResolver {
  return async (name) => {
    for (const resolve of resolvers) {
      const found = await resolve(name).catch(() => []);
      if (found.length > 0) return found;
    }
    return [];
  };
}
