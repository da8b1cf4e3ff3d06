import { isValidStreamName } from '@brume/protocol';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Admission } from '../limits/admission';

/** Progressive outputs: one endless response per viewer, so each holds a viewer slot. */
const PROGRESSIVE_ROUTES = new Set(['/:name.mp4', '/:name.ts']);

/**
 * App-wide admission: while the server drains, every request is refused with 503 (and
 * `Connection: close`) except those `servesDuringDrain` lets through (HLS/DASH of a packaging that
 * is finishing, so players read its end); a progressive `.mp4`/`.ts` request holds a viewer slot
 * until its response closes.
 */
export function registerAdmissionHooks(
  app: FastifyInstance,
  admission: Admission,
  servesDuringDrain: (request: FastifyRequest) => boolean,
): void {
  app.addHook('onRequest', async (request, reply) => {
    if (admission.draining && !servesDuringDrain(request)) admission.checkOpen();
    if (request.method === 'OPTIONS' || !PROGRESSIVE_ROUTES.has(request.routeOptions.url ?? '')) return;
    const { name } = request.params as { name?: string };
    // A bad name is refused by the route's own hook next; it never takes a slot.
    if (name === undefined || !isValidStreamName(name)) return;
    const release = admission.admitViewer(name);
    reply.raw.once('close', release);
  });
}
