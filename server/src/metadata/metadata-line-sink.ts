import type { MetadataIngestReply } from '@brume/protocol';
import type { Logger } from '../util/logger';
import { errorReply } from './error-reply';
import type { MetadataIngest } from './metadata-ingest';

/** One TCP connection's way in: its own rate limit (and, in a cluster, its own routes). */
export interface MetadataLineConnection {
  /** The reply to line `line` (1-based) with text `text`: at once, or once a worker answered. */
  accept(text: string, line: number): MetadataIngestReply | Promise<MetadataIngestReply>;
  /** The connection closed. */
  close(): void;
}

/** Where the metadata TCP server's lines go: this relay's ingest, or a cluster's workers. */
export interface MetadataLineSink {
  open(): MetadataLineConnection;
}

/** The relay's own ingest: one token bucket per connection, a refusal as an error reply. */
export function ingestLineSink(ingest: MetadataIngest, log: Logger): MetadataLineSink {
  return {
    open() {
      const bucket = ingest.connectionBucket();
      return {
        accept(text, line) {
          try {
            return { ok: true, id: ingest.acceptLine(text, line, bucket).id };
          } catch (error) {
            return errorReply(error, log, line);
          }
        },
        close() {},
      };
    },
  };
}
