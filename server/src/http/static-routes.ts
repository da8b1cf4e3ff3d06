import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/**
 * The built apps: `dist/demo` at `/`, `dist/studio` at `/studio/`, `dist/embed` (player.js and its
 * chunks) and `public/` at the root. Directories are looked up per request, so a build made while
 * the server runs is served. API, WHIP and WHEP routes are static routes and win over these
 * wildcards.
 */
export async function registerStaticRoutes(app: FastifyInstance, staticRoot: string): Promise<void> {
  const dist = path.join(staticRoot, 'dist');
  const embedRoot = path.join(dist, 'embed');
  await app.register(fastifyStatic, {
    root: [path.join(dist, 'demo'), embedRoot, path.join(staticRoot, 'public')],
    prefix: '/',
    index: 'index.html',
    suppressWarning: true,
    logLevel: 'warn',
    // The embed runs on pages of any origin: its module and chunks are imported cross-origin.
    setHeaders: (reply, file) => {
      if (file.startsWith(embedRoot)) reply.header('Access-Control-Allow-Origin', '*');
    },
  });
  // The studio's relative asset URLs only resolve under the trailing slash.
  app.get('/studio', (_request, reply) => reply.redirect('/studio/', 301));
  await app.register(fastifyStatic, {
    root: path.join(dist, 'studio'),
    prefix: '/studio/',
    index: 'index.html',
    decorateReply: false,
    suppressWarning: true,
    logLevel: 'warn',
  });
}

const APP_ENTRIES: Record<string, string> = {
  '/': 'dist/demo/index.html',
  '/index.html': 'dist/demo/index.html',
  '/studio/': 'dist/studio/index.html',
  '/player.js': 'dist/embed/player.js',
};

/** For a request of an app entry that is not built yet, a page saying how to build it. */
export function sendMissingBuild(
  request: FastifyRequest,
  reply: FastifyReply,
  staticRoot: string,
): FastifyReply | undefined {
  if (request.method !== 'GET' && request.method !== 'HEAD') return undefined;
  const file = APP_ENTRIES[request.url.split('?')[0] ?? ''];
  if (!file || existsSync(path.join(staticRoot, file))) return undefined;
  const html =
    '<!doctype html><meta charset="utf-8"><title>Brume: build missing</title>' +
    `<h1>Brume relay is running</h1><p><code>${file}</code> is not built yet. ` +
    'Run <code>npm run build</code> (or <code>npm start</code>, which builds first), then reload.</p>' +
    '<p>The API works already: <a href="/api/streams">/api/streams</a>.</p>';
  return reply.status(404).type('text/html; charset=utf-8').send(html);
}
