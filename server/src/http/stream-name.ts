import { isValidStreamName } from '@brume/protocol';
import type { FastifyRequest } from 'fastify';
import { HttpError } from './errors';

/**
 * Route hook: rejects an invalid `:name` before anything else happens (body parsing included),
 * so a bad name never reaches a map, a log line unescaped, or the file system.
 */
export async function validateStreamName(request: FastifyRequest): Promise<void> {
  const { name } = request.params as { name?: string };
  if (name === undefined || !isValidStreamName(name)) throw HttpError.invalidStreamName(name ?? '');
}

export function streamNameOf(request: FastifyRequest): string {
  return (request.params as { name: string }).name;
}
