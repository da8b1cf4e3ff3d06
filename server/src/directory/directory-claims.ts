import type { FastifyInstance } from 'fastify';
import { ErrorCodes } from '@brume/protocol';
import { publishedStreamOf } from '../access/publish-access-hooks';
import type { StreamRegistry } from '../stream/stream-registry';
import { BrumeError } from '../util/brume-error';
import type { Logger } from '../util/logger';
import type { StreamDirectory } from './stream-directory';

const WHIP_POST = '/whip/:name';

/**
 * Publishers register in the directory: a WHIP POST claims its stream for this node before any
 * negotiation (registered after publish access control, so it claims the name the publish really
 * gets); a stream another node holds is refused with 409 `whip/stream-busy` naming that node. The
 * claim is given back when the publish does not happen (any answer but 201) and when the stream
 * ends. When Redis cannot be asked, the publish goes ahead on this node alone (logged): the
 * directory helps viewers find streams, it never stops a node from working.
 */
export function registerDirectoryClaims(
  app: FastifyInstance,
  directory: StreamDirectory,
  registry: StreamRegistry,
  log: Logger,
): () => void {
  app.addHook('onRequest', async (request) => {
    if (request.routeOptions.url !== WHIP_POST || request.method !== 'POST') return;
    const stream = publishedStreamOf(request) ?? (request.params as { name?: string }).name;
    if (stream === undefined) return;
    let claimed: boolean;
    try {
      claimed = await directory.claim(stream);
    } catch (error) {
      log.warn(
        { err: error, stream },
        `stream directory unavailable: ${stream} is published here without a claim`,
      );
      return;
    }
    if (claimed) return;
    const holder = await directory.lookup(stream);
    throw new BrumeError(
      ErrorCodes.streamBusy,
      `stream ${stream} is live on another node${holder ? ` (${holder.node})` : ''}; publish there or pick another name`,
    );
  });

  app.addHook('onResponse', async (request, reply) => {
    if (request.routeOptions.url !== WHIP_POST || request.method !== 'POST' || reply.statusCode === 201)
      return;
    const stream = publishedStreamOf(request) ?? (request.params as { name?: string }).name;
    // A refused or failed publish gives its claim back, unless the stream is live here anyway.
    if (stream !== undefined && directory.streams.includes(stream) && !isLive(registry, stream)) {
      await directory.release(stream);
    }
  });

  return registry.events.on('state', (stream) => {
    if (stream.state === 'ended' && directory.streams.includes(stream.name))
      void directory.release(stream.name);
  });
}

function isLive(registry: StreamRegistry, name: string): boolean {
  const state = registry.get(name)?.state;
  return state === 'live' || state === 'starting';
}
