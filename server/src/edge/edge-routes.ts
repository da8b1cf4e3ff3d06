import type { FastifyInstance } from 'fastify';
import type { EdgeManager, EdgePullInfo } from './edge-manager';

/** `GET /api/admin/edge`: what this edge pulls now (admin-guarded like every `/api/admin` route). */
export interface EdgeStatus {
  pulls: EdgePullInfo[];
  /** Failovers since start, all streams. */
  failovers: number;
}

export function registerEdgeRoutes(app: FastifyInstance, edge: EdgeManager): void {
  app.get('/api/admin/edge', async (): Promise<EdgeStatus> => ({
    pulls: edge.list(),
    failovers: edge.failovers,
  }));
}
