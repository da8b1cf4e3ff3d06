import type { MetadataIngestReply } from '@brume/protocol';

/** IPC between the cluster's front process and its workers (`child_process` messages, JSON). */

/** Front → worker. */
export type ToWorker =
  /**
   * A client connection handed over with the message (its socket as the send handle): `head` is what
   * the front already read of it (base64), to be replayed before the socket's own bytes.
   */
  | { type: 'connection'; head: string }
  /** Every worker's loopback port (null while one restarts), for pulls between workers. */
  | { type: 'peers'; ports: (number | null)[] }
  /** Line `line` of metadata TCP connection `connection`, for the worker holding its stream. */
  | { type: 'metadata-line'; connection: number; seq: number; text: string; line: number }
  /** That connection closed: its rate limit can go. */
  | { type: 'metadata-close'; connection: number };

/** Worker → front. */
export type ToPrimary =
  /** Listening on 127.0.0.1:`port`; requests may be forwarded. */
  | { type: 'ready'; port: number }
  /** The reply to a `metadata-line`. */
  | { type: 'metadata-reply'; connection: number; seq: number; reply: MetadataIngestReply };
