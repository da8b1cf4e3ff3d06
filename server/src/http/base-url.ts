import type { FastifyRequest } from 'fastify';

/** Absolute base URL for links in responses: the configured public URL, else the request's Host. */
export function baseUrlOf(request: FastifyRequest, publicUrl: string | undefined): string {
  if (publicUrl) return publicUrl.replace(/\/+$/, '');
  const host = request.headers.host ?? `${request.hostname}`;
  return `${request.protocol}://${host}`;
}
