import type { FastifyInstance } from 'fastify';
import { decideAdminAccess, isAdminOnly } from './admin-access';

/**
 * Guards the admin API and the other admin-only routes (`isAdminOnly`) with `decideAdminAccess`.
 * The token is read on every request, so a reloaded config file (or a `PUT /api/admin/config`)
 * applies at once. Registered before the routes; unknown `/api/admin/...` paths are guarded too, so
 * their existence does not leak.
 */
export function guardAdminRoutes(app: FastifyInstance, adminToken: () => string | undefined): void {
  app.addHook('onReady', async () => {
    app.log.info(
      adminToken()
        ? 'admin API (/api/admin, /api/sessions, /metrics, recording control): Bearer auth.adminToken'
        : 'admin API (/api/admin, /api/sessions, /metrics, recording control): this machine only, no auth.adminToken set',
    );
  });
  app.addHook('onRequest', async (request, reply) => {
    if (!isAdminOnly(request.method, request.url)) return;
    const decision = decideAdminAccess(
      {
        method: request.method,
        url: request.url,
        ip: request.ip,
        headers: {
          authorization: request.headers.authorization,
          host: request.headers.host,
          origin: request.headers.origin,
        },
      },
      adminToken(),
    );
    if (decision.allowed) return;
    if (decision.challenge) reply.header('WWW-Authenticate', decision.challenge);
    request.log.info(
      { ip: request.ip, url: request.url.split('?', 1)[0], code: decision.code },
      `admin request refused: ${decision.message}`,
    );
    return reply
      .status(decision.status)
      .header('Cache-Control', 'no-store')
      .type('application/json')
      .send({ error: { code: decision.code, message: decision.message } });
  });
}
