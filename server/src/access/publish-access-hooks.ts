import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { PeerSession, SessionRole } from '../webrtc/peer-session';
import { PublishAccessError } from './publish-access-error';
import type { PublishGate, PublishGrant } from './publish-gate';

const WHIP_POST = '/whip/:name';
const WHIP_SESSION = '/whip/:name/:id';

/** Granted WHIP POSTs, for the route handler (`publishedStreamOf`). */
const grantsByRequest = new WeakMap<FastifyRequest, PublishGrant>();

/**
 * The stream a granted WHIP POST publishes under (the `push_rewrite` hook may have renamed it);
 * undefined when access control did not run for the request.
 */
export function publishedStreamOf(request: FastifyRequest): string | undefined {
  return grantsByRequest.get(request)?.stream;
}

export interface PublishAccess {
  /** Forgets the grants of open sessions (server closing). */
  close(): void;
}

/**
 * Publish access control on the WHIP routes, before anything else happens for a request (no body
 * read, no peer connection, no stream entry, no admission): `POST /whip/:name` goes through
 * `gate.admit`, and the grant is kept for the session it creates (found from the 201's
 * `Location`), so its `PATCH`/`DELETE` can be held to the same token. Refusals are JSON errors
 * (`http/errors.ts`); a 401 carries `WWW-Authenticate: Bearer` (RFC 9725 §4.1, RFC 6750 §3).
 */
export function registerPublishAccess(
  app: FastifyInstance,
  gate: PublishGate,
  relay: { find(role: SessionRole, name: string, id: string): PeerSession },
): PublishAccess {
  const grants = new Map<string, PublishGrant>();

  app.addHook('onRequest', async (request, reply) => {
    const route = request.routeOptions.url;
    if (route !== WHIP_POST && route !== WHIP_SESSION) return;
    const params = request.params as { name?: string; id?: string };
    if (params.name === undefined) return;
    try {
      if (route === WHIP_POST && request.method === 'POST') {
        const grant = await gate.admit({
          stream: params.name,
          authorization: request.headers.authorization,
          ip: request.ip,
          userAgent: request.headers['user-agent'] ?? '',
        });
        grantsByRequest.set(request, grant);
      } else if (route === WHIP_SESSION && (request.method === 'PATCH' || request.method === 'DELETE')) {
        const grant = params.id === undefined ? undefined : grants.get(params.id);
        gate.checkSession(params.name, grant, request.headers.authorization, request.ip);
      }
    } catch (error) {
      challenge(reply, error);
      throw error;
    }
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const grant = grantsByRequest.get(request);
    const location = reply.getHeader('location');
    if (!grant || reply.statusCode !== 201 || typeof location !== 'string') return payload;
    const id = location.slice(location.lastIndexOf('/') + 1);
    try {
      const session = relay.find('publisher', grant.stream, id);
      grants.set(id, grant);
      session.events.on('closed', () => grants.delete(id));
    } catch {
      // Closed since its answer was made: nothing to guard.
    }
    return payload;
  });

  return { close: () => grants.clear() };
}

function challenge(reply: FastifyReply, error: unknown): void {
  if (error instanceof PublishAccessError && error.challenge)
    reply.header('WWW-Authenticate', error.challenge);
}
