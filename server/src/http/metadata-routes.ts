import { isValidMetadataTrackName, type MetadataTrack, type MetadataTrackKind } from '@brume/protocol';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { MetadataError } from '../metadata/metadata-error';
import type { MetadataIngest } from '../metadata/metadata-ingest';
import type { TokenBucket } from '../metadata/token-bucket';
import { HttpError } from './errors';
import { streamNameOf, validateStreamName } from './stream-name';

const LABEL_MAX = 200;
/** A client silent this long has a full bucket again (for any sane rate), so its entry can go. */
const IDLE_BUCKET_MS = 60_000;
const LANG = /^[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*$/;

/**
 * The metadata API, under `/api/streams/:name/tracks`:
 * `GET` (the tracks), `PUT /:track` (declare `{kind, lang?, label?}`), `GET /:track?from=&to=`
 * (stored events), `POST /:track` (one event, an array, JSON Lines, or a WebVTT/SRT document with
 * `?time=`) → 202 `{accepted, ids}`. Bodies are read as text here, whatever their type, so a
 * malformed one is reported with its line. The rate limit is per client address; a body is at most
 * `bodyLimit` bytes (`limits.metadataBodyBytes`: many events, each ≤ 64 KiB).
 */
export async function registerMetadataRoutes(
  app: FastifyInstance,
  ingest: MetadataIngest,
  bodyLimit: number,
): Promise<void> {
  // HTTP clients spread requests over pooled connections (fetch opens several), so over HTTP the
  // "connection" whose rate is limited is the client address.
  const buckets = new Map<string, { bucket: TokenBucket; usedAt: number }>();
  let prunedAt = Date.now();
  const bucketOf = (request: FastifyRequest): TokenBucket => {
    const now = Date.now();
    if (now - prunedAt > IDLE_BUCKET_MS) {
      prunedAt = now;
      for (const [key, entry] of buckets) if (now - entry.usedAt > IDLE_BUCKET_MS) buckets.delete(key);
    }
    const key = request.raw.socket.remoteAddress ?? '';
    let entry = buckets.get(key);
    if (!entry) buckets.set(key, (entry = { bucket: ingest.connectionBucket(), usedAt: now }));
    entry.usedAt = now;
    return entry.bucket;
  };

  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'string', bodyLimit }, (_r, body, done) => done(null, body));
    const options = { onRequest: [validateStreamName, validateTrackName] };
    const listOptions = { onRequest: validateStreamName };

    scope.get('/api/streams/:name/tracks', listOptions, async (request) => ({
      tracks: ingest.storeOf(streamNameOf(request)).tracks(),
    }));

    scope.put('/api/streams/:name/tracks/:track', options, async (request, reply) => {
      const track = parseDeclaration(trackOf(request), bodyText(request));
      const created = ingest.declare(streamNameOf(request), track);
      return reply.status(created ? 201 : 200).send(track);
    });

    scope.get('/api/streams/:name/tracks/:track', options, async (request) => {
      const query = request.query as Record<string, string | undefined>;
      const from = queryMs(query.from, 'from') ?? 0;
      const to = queryMs(query.to, 'to') ?? Infinity;
      const track = trackOf(request);
      return { track, events: ingest.eventsOf(streamNameOf(request), track, from, to) };
    });

    scope.post('/api/streams/:name/tracks/:track', options, async (request, reply) => {
      const query = request.query as Record<string, string | undefined>;
      const baseTimeMs = queryMs(query.time, 'time');
      const contentType = request.headers['content-type'];
      const accepted = ingest.acceptBody({
        stream: streamNameOf(request),
        track: trackOf(request),
        text: bodyText(request),
        ...(contentType === undefined ? {} : { contentType }),
        ...(baseTimeMs === undefined ? {} : { baseTimeMs }),
        bucket: bucketOf(request),
        source: 'http',
      });
      return reply.status(202).send({ accepted: accepted.length, ids: accepted.map((event) => event.id) });
    });
  });
}

/** Route hook: a bad `:track` is refused before the body is read. */
async function validateTrackName(request: FastifyRequest): Promise<void> {
  const { track } = request.params as { track?: string };
  if (track === undefined || !isValidMetadataTrackName(track))
    throw MetadataError.invalidTrackName(track ?? '');
}

function trackOf(request: FastifyRequest): string {
  return (request.params as { track: string }).track;
}

function bodyText(request: FastifyRequest): string {
  return typeof request.body === 'string' ? request.body : '';
}

function queryMs(value: string | undefined, name: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  const ms = Number(value);
  if (!Number.isFinite(ms) || ms < 0) {
    throw HttpError.badRequest(
      `?${name}= must be stream milliseconds (a number ≥ 0), got "${value.slice(0, 40)}"`,
    );
  }
  return ms;
}

/** A PUT body: `{kind: 'json' | 'subtitle', lang?, label?}`; an empty body declares a json track. */
function parseDeclaration(name: string, text: string): MetadataTrack {
  if (text.trim() === '') return { name, kind: 'json' };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw MetadataError.invalid(
      'a track declaration is JSON: {"kind": "json" | "subtitle", "lang"?, "label"?}',
    );
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw MetadataError.invalid('a track declaration is a JSON object {"kind", "lang"?, "label"?}');
  }
  const { kind = 'json', lang, label, ...rest } = value as Record<string, unknown>;
  const unknown = Object.keys(rest)[0];
  if (unknown !== undefined)
    throw MetadataError.invalid(`unknown field "${unknown.slice(0, 40)}" in the declaration`);
  if (kind !== 'json' && kind !== 'subtitle') {
    throw MetadataError.invalid(`"kind" is "json" or "subtitle", got ${JSON.stringify(kind).slice(0, 40)}`);
  }
  if (lang !== undefined && (typeof lang !== 'string' || !LANG.test(lang))) {
    throw MetadataError.invalid('"lang" is a BCP 47 language tag such as "en" or "pt-BR"');
  }
  if (label !== undefined && (typeof label !== 'string' || label.length > LABEL_MAX)) {
    throw MetadataError.invalid(`"label" is a string of at most ${LABEL_MAX} characters`);
  }
  return {
    name,
    kind: kind as MetadataTrackKind,
    ...(lang === undefined ? {} : { lang: lang as string }),
    ...(label === undefined ? {} : { label: label as string }),
  };
}
