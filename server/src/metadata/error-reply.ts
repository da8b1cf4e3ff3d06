import { ErrorCodes, type MetadataIngestReply } from '@brume/protocol';
import type { Logger } from '../util/logger';
import { MetadataError } from './metadata-error';

/** A refusal as a reply; anything else is our failure, logged, and reported without its details. */
export function errorReply(error: unknown, log: Logger, line?: number): MetadataIngestReply {
  if (error instanceof MetadataError) {
    return {
      error: {
        code: error.code,
        message: error.message,
        ...(line === undefined ? {} : { line }),
        ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }),
      },
    };
  }
  log.error({ err: error }, 'metadata ingest failed');
  return {
    error: {
      code: ErrorCodes.internal,
      message: 'internal server error; see the server log',
      ...(line === undefined ? {} : { line }),
    },
  };
}
