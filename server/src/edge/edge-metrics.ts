import { Counter, Gauge, type Registry } from 'prom-client';
import type { EdgeManager } from './edge-manager';

export const EDGE_METRIC_NAMES = {
  pulls: 'brume_edge_origin_pulls',
  failovers: 'brume_edge_failovers_total',
} as const;

/** The edge's figures on the relay's metrics registry, read from the manager at scrape time. */
export function registerEdgeMetrics(registry: Registry, edge: Pick<EdgeManager, 'list' | 'failovers'>): void {
  const registers = [registry];
  new Gauge({
    name: EDGE_METRIC_NAMES.pulls,
    help: 'Streams this edge pulls from an origin now (connecting, attached or failing over)',
    registers,
    collect() {
      this.set(edge.list().length);
    },
  });
  let counted = 0;
  new Counter({
    name: EDGE_METRIC_NAMES.failovers,
    help: 'Times an edge lost its origin for a stream and went to the next candidate',
    registers,
    collect() {
      const total = edge.failovers;
      if (total > counted) this.inc(total - counted);
      counted = total;
    },
  });
}
