import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { publishedStreamOf } from '../access/publish-access-hooks';
import type { ServerConfig } from '../config';
import type { Admission } from '../limits/admission';
import type { SessionRole } from '../webrtc/peer-session';
import type { PublishOptions, WebRtcRelay } from '../webrtc/webrtc-relay';
import { requireBody, SDP, SDP_FRAG } from './content-types';
import { HttpError } from './errors';
import { iceServerLinks } from './ice-server-links';
import { streamNameOf, validateStreamName } from './stream-name';

/**
 * WHIP (RFC 9725) and WHEP resources: POST an offer to `/{whip,whep}/:name`, get 201 + answer +
 * `Location: /{whip,whep}/:name/:id` + `ETag`; PATCH the Location with trickle-ice-sdpfrag (204, or
 * 200 + sdpfrag for an ICE restart); DELETE it to stop.
 */
export function registerSessionRoutes(
  app: FastifyInstance,
  relay: WebRtcRelay,
  config: ServerConfig,
  admission: Admission,
): void {
  const routeOptions = { onRequest: validateStreamName, bodyLimit: config.limits.sdpBodyBytes };
  const routes: [prefix: string, role: SessionRole][] = [
    ['whip', 'publisher'],
    ['whep', 'viewer'],
  ];
  for (const [prefix, role] of routes) {
    app.post(`/${prefix}/:name`, routeOptions, async (request, reply) => {
      // Publish access control may have given the publish another name (`push_rewrite`).
      const name = (role === 'publisher' ? publishedStreamOf(request) : undefined) ?? streamNameOf(request);
      const offer = requireBody(request, SDP);
      const answer =
        role === 'publisher' ? await publish(name, offer, request) : await view(name, offer, request.ip);
      // Read per session: a reloaded config file may have changed the ICE servers.
      const links = iceServerLinks(config.iceServers);
      if (links.length) reply.header('Link', links);
      return reply
        .status(201)
        .type(SDP)
        .header('Location', `/${prefix}/${name}/${answer.id}`)
        .header('ETag', answer.etag)
        .header('Accept-Patch', SDP_FRAG)
        .send(answer.sdp);
    });

    app.patch(`/${prefix}/:name/:id`, routeOptions, async (request, reply) => {
      const { name, id } = sessionParams(request);
      // Look the session up first: an unknown one is 404 whatever the body.
      relay.find(role, name, id);
      const body = requireBody(request, SDP_FRAG);
      const result = await relay.patch(role, name, id, body, ifMatch(request));
      if (result.kind === 'trickle') return reply.status(204).send();
      return reply.status(200).type(SDP_FRAG).header('ETag', result.etag).send(result.sdpFrag);
    });

    app.delete(`/${prefix}/:name/:id`, { onRequest: validateStreamName }, async (request, reply) => {
      const { name, id } = sessionParams(request);
      relay.remove(role, name, id);
      return sendEmpty(reply, 200);
    });
  }

  // A replacement of a stream's dead publisher is not one more publisher.
  const publish = (name: string, offer: string, request: FastifyRequest) => {
    admission.admitPublisher(relay.publisherCount(name));
    return relay.publish(name, offer, request.ip, publishOptions(request));
  };

  // The viewer's slot is held for as long as its session lives.
  const view = async (name: string, offer: string, remoteAddress: string) => {
    const release = admission.admitViewer(name);
    try {
      const answer = await relay.view(name, offer, remoteAddress);
      relay.find('viewer', name, answer.id).events.on('closed', release);
      return answer;
    } catch (error) {
      release();
      throw error;
    }
  };
}

/** Shortest keyframe interval a publisher may ask for: the PLI rate limit makes less meaningless. */
export const MIN_KEYFRAME_INTERVAL_MS = 500;
export const MAX_KEYFRAME_INTERVAL_MS = 60_000;

/**
 * What a WHIP POST may ask for in its query: `?keyframeIntervalMs=N`, the longest gap between
 * keyframes the relay lets the publisher's encoder go (WebRTC encoders send keyframes only when asked).
 */
function publishOptions(request: FastifyRequest): PublishOptions {
  const raw = (request.query as Record<string, unknown> | undefined)?.['keyframeIntervalMs'];
  if (raw === undefined) return {};
  const value = typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!(value >= MIN_KEYFRAME_INTERVAL_MS && value <= MAX_KEYFRAME_INTERVAL_MS)) {
    throw HttpError.badRequest(
      `keyframeIntervalMs must be a whole number of milliseconds from ${MIN_KEYFRAME_INTERVAL_MS} to ${MAX_KEYFRAME_INTERVAL_MS}`,
    );
  }
  return { keyframeIntervalMs: value };
}

function sessionParams(request: FastifyRequest): { name: string; id: string } {
  return request.params as { name: string; id: string };
}

function ifMatch(request: FastifyRequest): string | undefined {
  const value = request.headers['if-match'];
  return Array.isArray(value) ? value[0] : value;
}

function sendEmpty(reply: FastifyReply, status: number): FastifyReply {
  return reply.status(status).send();
}
