import {
  ErrorCodes,
  isValidStreamName,
  type AdminConfig,
  type AdminSession,
  type AdminSessionList,
  type AdminStreamEntry,
  type AdminStreamList,
  type ConfigInvalidBody,
} from '@brume/protocol';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ConfigDocument, StreamDocument } from '../config-file/config-document';
import { ConfigFileError } from '../config-file/config-file-error';
import type { ConfigStore } from '../config-file/config-store';
import { HttpError } from '../http/errors';
import { streamNameOf, validateStreamName } from '../http/stream-name';
import type { SessionRegistry } from '../observability/session-registry';
import type { StreamRegistry } from '../stream/stream-registry';
import { BrumeError } from '../util/brume-error';
import type { Logger } from '../util/logger';
import { signViewerToken } from '../access/viewer-token';
import { adminStreams } from './admin-streams';

export interface AdminRouteDeps {
  configStore: ConfigStore;
  streams: StreamRegistry;
  sessions: SessionRegistry;
  isRecording(name: string): boolean;
  /** The secret viewer tokens are signed with (the relay's option, else the file's), if any. */
  viewerTokenSecret(): string | undefined;
  log: Logger;
}

/** The longest life a minted viewer token may be given: 30 days. */
const MAX_TOKEN_TTL_S = 30 * 24 * 3600;

/**
 * The admin API (`guardAdminRoutes` decides who may call it):
 * - `GET /api/admin/streams`: configured entries and live streams, with publisher and viewers;
 * - `PUT /api/admin/streams/:name` (201 new, 200 replaced), `DELETE /api/admin/streams/:name`: the
 *   config entry, validated against the schema (422 `config/invalid` with each problem);
 * - `POST /api/admin/streams/:name/kick`: ends the live publish (reason `kicked`);
 * - `GET /api/admin/sessions`, `DELETE /api/admin/sessions/:id`: sessions, and ending one (409
 *   `admin/not-kickable` for LL-HLS/LL-DASH viewers, which hold no connection);
 * - `GET /api/admin/config`, `PUT /api/admin/config`: the whole document;
 * - `POST /api/admin/viewer-tokens` `{stream, ttlSeconds = 3600}`: a signed viewer token (201).
 * Config changes go through `ConfigStore.update`: applied at once, saved atomically shortly after.
 */
export function registerAdminRoutes(app: FastifyInstance, deps: AdminRouteDeps): void {
  const { configStore, streams, sessions, log } = deps;
  const noStore = (reply: FastifyReply) => reply.header('Cache-Control', 'no-store');
  const sessionList = (): AdminSession[] => sessions.list();

  app.post<{ Body: unknown }>('/api/admin/viewer-tokens', async (request, reply) => {
    const body = request.body;
    const stream = isPlainObject(body) ? body.stream : undefined;
    const ttl = isPlainObject(body) ? (body.ttlSeconds ?? 3600) : undefined;
    if (typeof stream !== 'string' || !isValidStreamName(stream))
      throw HttpError.badRequest('stream must be a stream name (`live` also opens `live+anything`)');
    if (typeof ttl !== 'number' || !Number.isInteger(ttl) || ttl < 1 || ttl > MAX_TOKEN_TTL_S)
      throw HttpError.badRequest(`ttlSeconds must be a whole number of seconds, 1 to ${MAX_TOKEN_TTL_S}`);
    const secret = deps.viewerTokenSecret();
    if (!secret)
      throw new BrumeError(
        ErrorCodes.viewerTokenUnconfigured,
        'no viewer token secret: set auth.viewerTokenSecret in the config file (or BRUME_VIEWER_TOKEN_SECRET)',
      );
    const expiresAtMs = Date.now() + ttl * 1000;
    noStore(reply);
    return reply.status(201).send({
      stream,
      token: signViewerToken(secret, { stream, expiresAtMs }),
      expiresAtMs,
      expiresAt: new Date(expiresAtMs).toISOString(),
    });
  });

  app.get('/api/admin/streams', async (_request, reply): Promise<AdminStreamList> => {
    noStore(reply);
    return {
      streams: adminStreams({
        document: configStore.document,
        streams: streams.list().map((stream) => ({
          name: stream.name,
          state: stream.state,
          startUnixMs: stream.startUnixMs,
          endReason: stream.endReason,
        })),
        sessions: sessionList(),
        configuredAs: (name) => configStore.settingsFor(name)?.configuredAs,
        isRecording: deps.isRecording,
      }),
    };
  });

  app.put<{ Params: { name: string }; Body: unknown }>(
    '/api/admin/streams/:name',
    { onRequest: validateStreamName },
    async (request, reply) => {
      const name = streamNameOf(request);
      const entry = request.body;
      if (!isPlainObject(entry)) {
        throw HttpError.badRequest(
          'the body must be a JSON object: the stream entry ({source, recording, auth}), {} for defaults',
        );
      }
      const created = !Object.hasOwn(configStore.document.streams ?? {}, name);
      const applied = updateConfig(reply, configStore, (draft) => {
        draft.streams = { ...draft.streams, [name]: entry as StreamDocument };
      });
      if (!applied) return reply;
      log.info(
        { stream: name, ip: request.ip },
        `admin: stream entry ${name} ${created ? 'added' : 'replaced'}`,
      );
      const saved: AdminStreamEntry = applied.streams?.[name] ?? {};
      noStore(reply);
      return reply.status(created ? 201 : 200).send({ name, entry: saved });
    },
  );

  app.delete<{ Params: { name: string } }>(
    '/api/admin/streams/:name',
    { onRequest: validateStreamName },
    async (request, reply) => {
      const name = streamNameOf(request);
      if (!Object.hasOwn(configStore.document.streams ?? {}, name)) {
        throw new BrumeError(ErrorCodes.adminStreamNotConfigured, `no stream entry "${name}" in the config`);
      }
      const applied = updateConfig(reply, configStore, (draft) => {
        const rest = { ...draft.streams };
        delete rest[name];
        if (Object.keys(rest).length > 0) draft.streams = rest;
        else delete draft.streams;
      });
      if (!applied) return reply;
      log.info({ stream: name, ip: request.ip }, `admin: stream entry ${name} removed`);
      noStore(reply);
      return { name, removed: true };
    },
  );

  app.post<{ Params: { name: string } }>(
    '/api/admin/streams/:name/kick',
    { onRequest: validateStreamName },
    async (request, reply) => {
      const name = streamNameOf(request);
      const publisher = sessionList().find(
        (session) => session.stream === name && session.role === 'publisher',
      );
      if (!publisher) {
        throw new BrumeError(ErrorCodes.streamNotLive, `stream ${name} has no publisher to kick`);
      }
      kick(publisher.id, request.ip);
      noStore(reply);
      return { stream: name, session: publisher.id, kicked: true };
    },
  );

  app.get('/api/admin/sessions', async (_request, reply): Promise<AdminSessionList> => {
    noStore(reply);
    return { sessions: sessionList() };
  });

  app.delete<{ Params: { id: string } }>('/api/admin/sessions/:id', async (request, reply) => {
    const session = kick(request.params.id, request.ip);
    noStore(reply);
    return { session: session.id, stream: session.stream, protocol: session.protocol, kicked: true };
  });

  app.get('/api/admin/config', async (_request, reply): Promise<AdminConfig> => {
    noStore(reply);
    return configBody(configStore, configStore.document);
  });

  app.put<{ Body: unknown }>('/api/admin/config', async (request, reply) => {
    const next = request.body;
    if (!isPlainObject(next))
      throw HttpError.badRequest('the body must be the whole config document, a JSON object');
    const applied = updateConfig(reply, configStore, (draft) => {
      for (const key of Object.keys(draft)) delete draft[key as keyof ConfigDocument];
      Object.assign(draft, next);
    });
    if (!applied) return reply;
    log.info({ ip: request.ip }, 'admin: config document replaced');
    noStore(reply);
    return configBody(configStore, applied);
  });

  /** Ends session `id` with reason `kicked`; throws the API's error when it cannot. */
  function kick(id: string, by: string): AdminSession {
    const session = sessions.get(id);
    const result = sessions.kick(id);
    if (result === 'not-found' || !session) throw BrumeError.sessionNotFound(`/api/admin/sessions/${id}`);
    if (result === 'not-kickable') {
      throw new BrumeError(
        ErrorCodes.adminNotKickable,
        `${session.protocol} viewers are separate requests with no connection to close; a kicked client ` +
          'would be counted again on its next request. Require viewer tokens to keep a client out.',
      );
    }
    log.info(
      { stream: session.stream, session: id, protocol: session.protocol, by },
      `admin: ${session.role} ${session.protocol} of ${session.stream} kicked`,
    );
    return session;
  }
}

/**
 * Applies a config change; an invalid one is answered 422 `config/invalid` with its problems (the
 * running config does not change) and gives undefined.
 */
function updateConfig(
  reply: FastifyReply,
  configStore: ConfigStore,
  mutate: (draft: ConfigDocument) => void,
): ConfigDocument | undefined {
  try {
    return configStore.update(mutate);
  } catch (error) {
    if (!(error instanceof ConfigFileError)) throw error;
    const body: ConfigInvalidBody = {
      error: {
        code: ErrorCodes.configInvalid,
        message: error.problems.map((problem) => problem.reason).join('; '),
        problems: error.problems.map(({ line, column, reason }) => ({ line, column, reason })),
      },
    };
    void reply.status(422).header('Cache-Control', 'no-store').type('application/json').send(body);
    return undefined;
  }
}

function configBody(configStore: ConfigStore, document: ConfigDocument): AdminConfig {
  return { file: configStore.file ?? null, document: structuredClone(document) as Record<string, unknown> };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
